import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';

/** Why a typed time was refused: unreadable, no such date, hour not in the named part of the day, past, too far. */
export type ScheduleError = 'format' | 'date' | 'hour' | 'past' | 'too-far';

/** A read time, or why not; a time that was read but refused (past, too far) comes with its instant. */
export type ScheduleParse = { ok: true; at: number } | { ok: false; error: ScheduleError; at?: number };

/** How far ahead a delivery may be scheduled. */
export const MAX_SCHEDULE_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

/** Month words editors type, Hindi (both spellings people use) and English (full or short), to 0–11. */
const MONTH_WORDS: Record<string, number> = {};
(
  [
    ['जनवरी', 'january', 'jan'],
    ['फरवरी', 'फ़रवरी', 'february', 'feb'],
    ['मार्च', 'march', 'mar'],
    ['अप्रैल', 'अप्रेल', 'april', 'apr'],
    ['मई', 'may'],
    ['जून', 'june', 'jun'],
    ['जुलाई', 'july', 'jul'],
    ['अगस्त', 'august', 'aug'],
    ['सितंबर', 'सितम्बर', 'september', 'sept', 'sep'],
    ['अक्टूबर', 'अक्तूबर', 'october', 'oct'],
    ['नवंबर', 'नवम्बर', 'november', 'nov'],
    ['दिसंबर', 'दिसम्बर', 'december', 'dec'],
  ] as const
).forEach((words, month) => {
  for (const w of words) MONTH_WORDS[w] = month;
});
const MONTH_RE = Object.keys(MONTH_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Days from today named by a word. */
const DAY_WORDS: Record<string, number> = {
  आज: 0,
  today: 0,
  कल: 1,
  tomorrow: 1,
  परसों: 2,
  परसो: 2,
  'day after tomorrow': 2,
};

type Part = 'सुबह' | 'दोपहर' | 'शाम' | 'रात';
const PART_WORDS: Record<string, Part> = {
  सुबह: 'सुबह',
  सवेरे: 'सुबह',
  दोपहर: 'दोपहर',
  शाम: 'शाम',
  रात: 'रात',
  morning: 'सुबह',
  afternoon: 'दोपहर',
  evening: 'शाम',
  night: 'रात',
};

/**
 * The hour on a 24-hour clock (24–28 for the small hours after a "रात" day) for an hour typed with a
 * part of the day, or undefined when the two disagree ("सुबह 18:30"). A 24-hour figure that already
 * fits the part is taken as it is ("शाम 18:30").
 */
function hourWithPart(h: number, part: Part | 'am' | 'pm' | undefined): number | undefined {
  switch (part) {
    case undefined:
      return h <= 23 ? h : undefined;
    case 'am':
      return h >= 1 && h <= 12 ? h % 12 : undefined;
    case 'pm':
      return h >= 1 && h <= 12 ? (h % 12) + 12 : undefined;
    case 'सुबह':
      return h >= 1 && h <= 11 ? h : undefined;
    case 'दोपहर':
      if (h === 12 || (h >= 13 && h <= 16)) return h;
      return h >= 1 && h <= 4 ? h + 12 : undefined;
    case 'शाम':
      if (h >= 15 && h <= 23) return h;
      return h >= 3 && h <= 11 ? h + 12 : undefined;
    case 'रात':
      // "आज रात 12 बजे" is the midnight that ends today, "रात 1 बजे" the small hours after it.
      if (h >= 18 && h <= 23) return h;
      if (h >= 6 && h <= 11) return h + 12;
      if (h === 12 || h === 0) return 24;
      return h >= 1 && h <= 4 ? h + 24 : undefined;
  }
}

const DEVANAGARI_DIGITS = /[०-९]/g;

/** Lower case, Latin digits, one space, no commas or "को"/"at"/"on"/"पर" between the parts. */
function normalize(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(DEVANAGARI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0966))
    .replace(/[,،]/g, ' ')
    .replace(/(^|\s)(?:को|पर|at|on)(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface DatePart {
  /** A calendar date, or a number of days from today. */
  date?: { y?: number; m: number; d: number };
  plusDays?: number;
  rest: string;
}

function readDate(text: string): DatePart | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|t)(.+)$/.exec(text);
  if (m) return { date: { y: Number(m[1]), m: Number(m[2]) - 1, d: Number(m[3]) }, rest: m[4] as string };
  m = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?\s+(.+)$/.exec(text);
  if (m) {
    const y = m[3] === undefined ? undefined : Number(m[3].length === 2 ? `20${m[3]}` : m[3]);
    return { date: { ...(y ? { y } : {}), m: Number(m[2]) - 1, d: Number(m[1]) }, rest: m[4] as string };
  }
  m = new RegExp(`^(\\d{1,2}) (${MONTH_RE})\\.?(?: (\\d{4}))? (.+)$`).exec(text);
  if (m) {
    const y = m[3] ? Number(m[3]) : undefined;
    return {
      date: { ...(y ? { y } : {}), m: MONTH_WORDS[m[2] as string] as number, d: Number(m[1]) },
      rest: m[4] as string,
    };
  }
  m = new RegExp(`^(${MONTH_RE})\\.? (\\d{1,2})(?: (\\d{4}))? (.+)$`).exec(text);
  if (m) {
    const y = m[3] ? Number(m[3]) : undefined;
    return {
      date: { ...(y ? { y } : {}), m: MONTH_WORDS[m[1] as string] as number, d: Number(m[2]) },
      rest: m[4] as string,
    };
  }
  for (const [word, plus] of Object.entries(DAY_WORDS)) {
    if (text.startsWith(`${word} `)) return { plusDays: plus, rest: text.slice(word.length + 1) };
  }
  return undefined;
}

type TimeRead = { h: number; mi: number } | 'format' | 'hour';

function readTime(text: string): TimeRead {
  // [part] H[:MM] [बजे] [am|pm] [part], e.g. "शाम 6:30", "सुबह 7 बजे", "7am", "6:30 pm", "7 in the morning".
  const m =
    /^(?:(सुबह|सवेरे|दोपहर|शाम|रात) )?(\d{1,2})(?:[:.](\d{2}))? ?(बजे|baje)?(?: ?(a\.?m\.?|p\.?m\.?))?(?: (?:in the )?(morning|afternoon|evening|night))?$/.exec(
      text,
    );
  if (!m) return 'format';
  const [, partHi, hText, miText, baje, ampm, partEn] = m;
  // A bare number is not a time: "10" could be a date or a count; "10 बजे", "10:00" or "10 am" is.
  if (!miText && !baje && !ampm && !partHi && !partEn) return 'format';
  if (ampm && (partHi || partEn)) return 'format';
  const mi = miText ? Number(miText) : 0;
  if (mi > 59) return 'format';
  const part = ampm ? (ampm.startsWith('a') ? 'am' : 'pm') : PART_WORDS[(partHi ?? partEn) as string];
  const h = hourWithPart(Number(hText), part);
  // Without a part of the day there is nothing to disagree with: "25:00" is simply not a time.
  if (h === undefined) return part ? 'hour' : 'format';
  return { h, mi };
}

/**
 * Reads a time an editor typed, in `tz`, the way editors write it: `18:30` (today, or tomorrow when
 * already past), `आज 18:30`, `कल सुबह 7 बजे`, `परसों 10 बजे`, `शाम 6:30`, `26/11 18:30`,
 * `26 नवंबर शाम 6 बजे`, `2026-11-26 18:30`; in English `today 6:30 pm`, `tomorrow 7am`, `26 Nov 6 pm`.
 * Devanagari digits are read too. A named day that is past is refused as past, never moved on.
 */
export function parseScheduleTime(input: string, now: number, tz: string): ScheduleParse {
  const text = normalize(input);
  if (!text || text.length > 60) return { ok: false, error: 'format' };
  const datePart = readDate(text);
  const time = readTime(datePart ? datePart.rest : text);
  if (time === 'format' || time === 'hour') return { ok: false, error: time };

  const today = new TZDate(now, tz);
  let day: TZDate;
  if (datePart?.date) {
    const { y = today.getFullYear(), m, d } = datePart.date;
    day = new TZDate(y, m, d, 0, 0, 0, tz);
    // new Date(2026, 1, 31) rolls into March: a date that does not exist is named as such.
    if (m < 0 || m > 11 || day.getMonth() !== m || day.getDate() !== d) return { ok: false, error: 'date' };
  } else {
    day = new TZDate(today.getFullYear(), today.getMonth(), today.getDate(), 0, 0, 0, tz);
    day = addDays(day, datePart?.plusDays ?? 0);
  }
  // Hours past 23 (after "रात 12 बजे") fall on the next calendar day.
  let at = new TZDate(
    day.getFullYear(),
    day.getMonth(),
    day.getDate() + Math.floor(time.h / 24),
    time.h % 24,
    time.mi,
    0,
    tz,
  ).getTime();
  // Only a bare clock time moves on to tomorrow; "आज 09:00" at noon is a mistake worth saying.
  if (!datePart && at <= now) at = addDays(new TZDate(at, tz), 1).getTime();
  if (at <= now) return { ok: false, error: 'past', at };
  if (at - now > MAX_SCHEDULE_DAYS * DAY_MS) return { ok: false, error: 'too-far', at };
  return { ok: true, at };
}

/** Whole calendar days from `now`'s date to `at`'s date in `tz` (0 today, 1 tomorrow, …). */
export function daysFromToday(at: number, now: number, tz: string): number {
  const a = new TZDate(at, tz);
  const b = new TZDate(now, tz);
  const utc = (d: TZDate) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utc(a) - utc(b)) / DAY_MS);
}
