import { TZDate } from '@date-fns/tz';

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * True when `at` falls in the quiet hours [start, end) in time zone `tz`; the span may cross midnight
 * (22:00-07:00). Breaking briefings then arrive without sound; they are never held back.
 */
export function isQuietTime(at: number, tz: string, start: string, end: string): boolean {
  const d = new TZDate(at, tz);
  const now = d.getHours() * 60 + d.getMinutes();
  const s = minutes(start);
  const e = minutes(end);
  if (s === e) return false;
  return s < e ? now >= s && now < e : now >= s || now < e;
}
