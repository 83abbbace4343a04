import { formatDay, formatSlotClock } from '../briefings/format-time.js';
import { stateOfPc } from '../briefings/types.js';
import { localName, pcNameOf } from '../catalog/names.js';
import type { Catalog } from '../catalog/types.js';
import type { Translate } from '../i18n/index.js';
import type { DailyStats } from '../store/daily-stats.js';
import { statsDate } from '../store/daily-stats.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { SubscriberStore } from '../store/subscribers.js';

/** What the charts show (the web desk and the /stats picture), for the last {@link FIGURE_DAYS} days. */
export interface DeskFigures {
  /** IST dates, oldest first. */
  days: string[];
  /** The same days as printed: `30 नवंबर`. */
  dayLabels: string[];
  /** Active readers at the end of each day: today's count less the later days' net change. */
  readers: number[];
  newReaders: number[];
  lostReaders: number[];
  /** Deliveries started (created) each day, of every kind. */
  deliveries: number[];
  /** Messages sent each day by those deliveries. */
  sent: number[];
  /** Seat follows by state, most first (a reader following two seats of a state counts twice). */
  byState: Array<{ state: string; name: string; count: number }>;
  /** The most followed seats. */
  topSeats: Array<{ pc: string; name: string; count: number }>;
  /** Readers of each digest slot. */
  digestSlots: Array<{ slot: string; label: string; readers: number }>;
}

export const FIGURE_DAYS = 14;

export interface FigureDeps {
  catalog: Catalog;
  subscribers: Pick<SubscriberStore, 'countByStatus' | 'topPcs' | 'countForSlot'>;
  deliveries: Pick<DeliveryStore, 'since'>;
  daily: DailyStats;
  digestSlots: readonly string[];
  now?: () => number;
}

/** The figures of the charts, read from Redis: day counters, follows per seat, deliveries, slots. */
export async function deskFigures(deps: FigureDeps, lang: 'hi' | 'en', t: Translate): Promise<DeskFigures> {
  const now = (deps.now ?? Date.now)();
  const days: string[] = [];
  for (let i = FIGURE_DAYS - 1; i >= 0; i--) days.push(statsDate(now - i * 86_400_000));
  const since = now - (FIGURE_DAYS + 1) * 86_400_000;
  const [counts, status, seats, recent, slots] = await Promise.all([
    deps.daily.days(days),
    deps.subscribers.countByStatus(),
    deps.subscribers.topPcs(1000),
    deps.deliveries.since(since),
    Promise.all(deps.digestSlots.map((s) => deps.subscribers.countForSlot(s))),
  ]);

  const net = counts.map((d) => d.new + d.back - d.lost);
  const readers: number[] = new Array(days.length).fill(0);
  let level = status.active;
  for (let i = days.length - 1; i >= 0; i--) {
    readers[i] = Math.max(0, level);
    level -= net[i] ?? 0;
  }

  const index = new Map(days.map((d, i) => [d, i]));
  const deliveries: number[] = new Array(days.length).fill(0);
  const sent: number[] = new Array(days.length).fill(0);
  for (const d of recent) {
    const i = index.get(statsDate(d.createdAt));
    if (i === undefined) continue;
    deliveries[i] = (deliveries[i] ?? 0) + 1;
    sent[i] = (sent[i] ?? 0) + d.sent;
  }

  const states = new Map<string, number>();
  for (const s of seats) states.set(stateOfPc(s.pc), (states.get(stateOfPc(s.pc)) ?? 0) + s.count);
  const byState = [...states]
    .map(([state, count]) => {
      const st = deps.catalog.state(state);
      return { state, name: st ? localName(st, lang) : state, count };
    })
    .sort((a, b) => b.count - a.count || a.state.localeCompare(b.state))
    .slice(0, 12);

  return {
    days,
    dayLabels: days.map((d) => formatDay(Date.parse(`${d}T12:00:00+05:30`), t)),
    readers,
    newReaders: counts.map((d) => d.new + d.back),
    lostReaders: counts.map((d) => d.lost),
    deliveries,
    sent,
    byState,
    topSeats: seats.slice(0, 10).map((s) => ({ ...s, name: pcNameOf(deps.catalog, s.pc, lang) })),
    digestSlots: deps.digestSlots.map((slot, i) => ({
      slot,
      label: formatSlotClock(slot, t),
      readers: slots[i] ?? 0,
    })),
  };
}
