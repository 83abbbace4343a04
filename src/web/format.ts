import type { Delivery } from '../store/deliveries.js';

/** A moment as the desk prints it: India time, day and clock. */
export function istText(ms: number): string {
  return `${new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Kolkata',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms)}`;
}

/** A delivery's progress: how many finished of how many, as a whole percent. */
export function progressOf(d: Delivery): { done: number; total: number; percent: number; pending: number } {
  const done = d.sent + d.blocked + d.failed + d.skipped;
  const total = d.total;
  const percent =
    d.status === 'done' && d.fanoutDone && done >= total
      ? 100
      : total > 0
        ? Math.floor((done / total) * 100)
        : 0;
  return { done, total, percent, pending: Math.max(0, total - done) };
}
