import { TZDate } from '@date-fns/tz';
import type { Translate } from '../i18n/index.js';

/**
 * The zone a time is printed in unless the caller knows better: callers that read or run times in
 * DIGEST_TZ (schedules, digests, /stats) pass it, so that what is printed is what was typed or run.
 */
export const INDIA_TZ = 'Asia/Kolkata';

/*
 * Every word and pattern printed here comes from the locales (`time.*`): month names by the house style,
 * the part of the day before a Hindi time (सुबह 7 बजे), am/pm in English. This module only does the
 * arithmetic: the zone, the day part, the 12-hour clock. Latin digits in both languages, as the papers do.
 */

/** The part of the day an hour falls in, as Hindi papers name it before a time (सुबह 7 बजे). */
export type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';

/** 4–11 सुबह, 12–15 दोपहर, 16–19 शाम, 20–3 रात: the same bounds as the digest slots' names. */
export function dayPartOfHour(hour: number): DayPart {
  if (hour >= 4 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 16) return 'afternoon';
  if (hour >= 16 && hour < 20) return 'evening';
  return 'night';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `6:35`, `7` (a whole hour has no `:00`), on a 12-hour clock. */
function clock(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? String(h12) : `${h12}:${pad(minute)}`;
}

/**
 * The locale key of a time's pattern. The night before midnight and after it are one part in Hindi
 * (रात) but pm and am in English, so they are two keys.
 */
function clockKey(hour: number): string {
  return `time.clock-${hour < 4 ? 'after-midnight' : dayPartOfHour(hour)}`;
}

/** Month `index` (0 = January) in the language of `t`, from the locale's `time.months`. */
function monthName(index: number, t: Translate): string {
  return t('time.months').split(/\s+/)[index] ?? String(index + 1);
}

/** A time of day as printed: `शाम 6:35 बजे`, `सुबह 7 बजे` / `6:35 pm`, `7 am`. */
export function formatClock(hour: number, minute: number, t: Translate): string {
  return t(clockKey(hour), { time: clock(hour, minute) });
}

/** A time of day given as `HH:MM` (a digest slot, a quiet-hours edge) as printed: `सुबह 7 बजे` / `7 am`. */
export function formatSlotClock(hhmm: string, t: Translate): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return formatClock(h, m, t);
}

/** A calendar day in `tz` without the year: `5 मई` / `5 May` (digest headings). */
export function formatDay(ms: number, t: Translate, tz: string = INDIA_TZ): string {
  const d = new TZDate(ms, tz);
  return t('time.day', { day: d.getDate(), month: monthName(d.getMonth(), t) });
}

/**
 * A moment as Hindi newsrooms print it, in `tz` (India time unless given) whatever the server's zone:
 * `4 मई 2024, शाम 6:35 बजे` / `4 May 2024, 6:35 pm`.
 */
export function formatBriefingTime(ms: number, t: Translate, tz: string = INDIA_TZ): string {
  const d = new TZDate(ms, tz);
  return t('time.moment', {
    day: d.getDate(),
    month: monthName(d.getMonth(), t),
    year: d.getFullYear(),
    clock: formatClock(d.getHours(), d.getMinutes(), t),
  });
}
