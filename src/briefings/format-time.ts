import { TZDate } from '@date-fns/tz';
import { LRUCache } from 'lru-cache';
import type { Lang } from '../i18n/index.js';

/**
 * The zone a time is printed in unless the caller knows better: callers that read or run times in
 * DIGEST_TZ (schedules, digests, /stats) pass it, so that what is printed is what was typed or run.
 */
export const INDIA_TZ = 'Asia/Kolkata';

/**
 * Month names as printed. Hindi by the house style of content/catalogue/README.md: anusvara, not a half
 * nasal (सितंबर, नवंबर, दिसंबर), and no nukta on फ (फरवरी). date-fns' `hi` locale prints फ़रवरी and
 * its long formats mix Devanagari and Latin digits, so the patterns are written out here.
 */
export const MONTHS: Record<Lang, readonly string[]> = {
  hi: ['जनवरी', 'फरवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर', 'नवंबर', 'दिसंबर'],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** The part of the day an hour falls in, as Hindi papers name it before a time (सुबह 7 बजे). */
export type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';

/** 4–11 सुबह, 12–15 दोपहर, 16–19 शाम, 20–3 रात: the same bounds as the digest slots' names. */
export function dayPartOfHour(hour: number): DayPart {
  if (hour >= 4 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 16) return 'afternoon';
  if (hour >= 16 && hour < 20) return 'evening';
  return 'night';
}

const HI_PART: Record<DayPart, string> = { morning: 'सुबह', afternoon: 'दोपहर', evening: 'शाम', night: 'रात' };

const pad = (n: number) => String(n).padStart(2, '0');

/** `6:35`, `7` (a whole hour has no `:00`), on a 12-hour clock. */
function clock(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? String(h12) : `${h12}:${pad(minute)}`;
}

/** A time of day as printed: `शाम 6:35 बजे`, `सुबह 7 बजे` / `6:35 pm`, `7 am`. */
export function formatClock(hour: number, minute: number, lang: Lang): string {
  if (lang === 'hi') return `${HI_PART[dayPartOfHour(hour)]} ${clock(hour, minute)} बजे`;
  return `${clock(hour, minute)} ${hour < 12 ? 'am' : 'pm'}`;
}

/** A time of day given as `HH:MM` (a digest slot) as printed: `सुबह 7 बजे` / `7 am`. */
export function formatSlotClock(hhmm: string, lang: Lang): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return formatClock(h, m, lang);
}

/** A calendar day in `tz` without the year: `5 मई` / `5 May` (digest headings). */
export function formatDay(ms: number, lang: Lang, tz: string = INDIA_TZ): string {
  const d = new TZDate(ms, tz);
  return `${d.getDate()} ${MONTHS[lang][d.getMonth()]}`;
}

// A fan-out renders the same briefing's time for every message part and language: remember a few.
const cache = new LRUCache<string, string>({ max: 512 });

/**
 * A moment as Hindi newsrooms print it, in `tz` (India time unless given) whatever the server's zone:
 * `4 मई 2024, शाम 6:35 बजे` / `4 May 2024, 6:35 pm`. Latin digits in both languages, as the papers do.
 */
export function formatBriefingTime(ms: number, lang: Lang, tz: string = INDIA_TZ): string {
  const key = `${lang}|${tz}|${ms}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const d = new TZDate(ms, tz);
  const text = `${d.getDate()} ${MONTHS[lang][d.getMonth()]} ${d.getFullYear()}, ${formatClock(d.getHours(), d.getMinutes(), lang)}`;
  cache.set(key, text);
  return text;
}
