import { TZDate } from '@date-fns/tz';

export type ScheduleParse = { ok: true; at: number } | { ok: false; error: 'format' | 'past' | 'too-far' };

/** How far ahead a delivery may be scheduled. */
export const MAX_SCHEDULE_DAYS = 30;

/**
 * Reads a time an admin typed, in `tz`: `18:30` (today, or tomorrow when already past),
 * `कल 07:00` / `tomorrow 07:00`, or `2026-11-26 18:30`.
 */
export function parseScheduleTime(input: string, now: number, tz: string): ScheduleParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(?:(कल|tomorrow) )?([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text);
  let at: number;
  if (m) {
    const today = new TZDate(now, tz);
    const d = new TZDate(
      today.getFullYear(),
      today.getMonth(),
      today.getDate(),
      Number(m[2]),
      Number(m[3]),
      0,
      tz,
    );
    if (m[1]) d.setDate(d.getDate() + 1);
    else if (d.getTime() <= now) d.setDate(d.getDate() + 1);
    at = d.getTime();
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})[ t]([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text);
    if (!m) return { ok: false, error: 'format' };
    const [y, mo, da, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    const d = new TZDate(y, mo - 1, da, h, mi, 0, tz);
    if (d.getMonth() !== mo - 1 || d.getDate() !== da) return { ok: false, error: 'format' };
    at = d.getTime();
  }
  if (at <= now) return { ok: false, error: 'past' };
  if (at - now > MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) return { ok: false, error: 'too-far' };
  return { ok: true, at };
}
