import { TZDate } from '@date-fns/tz';
import { LRUCache } from 'lru-cache';

/**
 * Digest slots and their times. A slot is `HH:MM` in DIGEST_TZ; everything that names a slot in a
 * BullMQ id or a Redis key uses its code `HHMM`, because job scheduler ids must not contain `:`.
 */

const SLOT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for `HH:MM` (24-hour). */
export function isSlot(s: string): boolean {
  return SLOT.test(s);
}

function parts(slot: string): [number, number] {
  const m = SLOT.exec(slot);
  if (!m) throw new Error(`not a digest slot: "${slot}" (HH:MM expected)`);
  return [Number(m[1]), Number(m[2])];
}

/** `07:00` → `0700`. */
export function slotCode(slot: string): string {
  parts(slot);
  return slot.replace(':', '');
}

/** The job scheduler of a slot: `digest-0700`. */
export function schedulerId(slot: string): string {
  return `digest-${slotCode(slot)}`;
}

/** The slot a scheduler id stands for, or undefined for any other id. */
export function slotOfSchedulerId(id: string): string | undefined {
  const m = /^digest-(\d{2})(\d{2})$/.exec(id);
  if (!m) return undefined;
  const slot = `${m[1]}:${m[2]}`;
  return isSlot(slot) ? slot : undefined;
}

/** Cron pattern that fires every day at the slot (read in the scheduler's `tz`): `0 7 * * *`. */
export function slotCron(slot: string): string {
  const [h, m] = parts(slot);
  return `${m} ${h} * * *`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date (`YYYY-MM-DD`) of `ms` in `tz`. */
export function dateInTz(ms: number, tz: string): string {
  const d = new TZDate(ms, tz);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Every reader of a run asks for the same instant: zone arithmetic once per run, not per reader.
const instants = new LRUCache<string, number>({ max: 1024 });

/** The instant (epoch ms) of `slot` on `date` (`YYYY-MM-DD`) in `tz`. */
export function slotInstant(date: string, slot: string, tz: string): number {
  const key = `${date} ${slot} ${tz}`;
  const hit = instants.get(key);
  if (hit !== undefined) return hit;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date: "${date}" (YYYY-MM-DD expected)`);
  const [h, mi] = parts(slot);
  const at = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, mi, 0, tz).getTime();
  instants.set(key, at);
  return at;
}

/** The slot's most recent time at or before `now`: today's, or yesterday's when today's is still ahead. */
export function latestOccurrence(slot: string, now: number, tz: string): { date: string; at: number } {
  const today = new TZDate(now, tz);
  const [h, mi] = parts(slot);
  let at = new TZDate(today.getFullYear(), today.getMonth(), today.getDate(), h, mi, 0, tz).getTime();
  if (at > now) {
    // Day 0 of a month is the last day of the one before: the Date arithmetic handles month ends.
    at = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - 1, h, mi, 0, tz).getTime();
  }
  return { date: dateInTz(at, tz), at };
}

/** The slot's hour (0–23): what its part of the day is named by (`dayPartOfHour`). */
export function slotHour(slot: string): number {
  return parts(slot)[0];
}
