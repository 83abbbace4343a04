import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { enIN, hi } from 'date-fns/locale';
import type { Lang } from '../i18n/index.js';

const IST = tz('Asia/Kolkata');

/**
 * Explicit patterns, not date-fns' long formats: those mix Devanagari and Latin digits in Hindi
 * (`२ मई, 2024`). Both languages keep Latin digits, as Hindi newspapers print dates.
 */
const PATTERNS: Record<Lang, { pattern: string; locale: typeof hi }> = {
  hi: { pattern: "d MMMM yyyy, HH:mm 'IST'", locale: hi },
  en: { pattern: "d MMMM yyyy, h:mm a 'IST'", locale: enIN },
};

// A fan-out renders the same briefing's time for every message part and language: remember a few.
const cache = new Map<string, string>();
const CACHE_SIZE = 512;

/** `4 मई 2024, 10:00 IST` / `4 May 2024, 10:00 AM IST`, always in India time whatever the server's zone. */
export function formatBriefingTime(ms: number, lang: Lang): string {
  const key = `${lang}${ms}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { pattern, locale } = PATTERNS[lang];
  const text = format(ms, pattern, { locale, in: IST });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, text);
  return text;
}
