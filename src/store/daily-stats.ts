import type { Redis } from 'ioredis';
import { createKeys } from './keys.js';

/** Days of counters kept: a little over a year of charts. */
export const STATS_DAY_TTL_S = 400 * 86_400;

/** The newsroom's day: counters are per calendar day in India. */
const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Kolkata',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The IST date (YYYY-MM-DD) of an instant, the key of its day's counters. */
export function statsDate(ms: number): string {
  return DAY.format(ms);
}

/** One day's reader counters, written by the subscriber scripts as chats arrive, leave and return. */
export interface DayCounts {
  date: string;
  /** Chats seen for the first time. */
  new: number;
  /** Chats that went from active to unreachable (blocked the bot, deactivated, gone). */
  lost: number;
  /** Chats that came back (unblocked the bot). */
  back: number;
}

/** Reads the per-day reader counters (written by store/lua/chat-ensure.lua and chat-set-status.lua). */
export function createDailyStats(deps: { redis: Redis; prefix: string }) {
  const k = createKeys(deps.prefix);
  return {
    /** The counters of the given dates, in order; a day without any reads as zeros. */
    async days(dates: readonly string[]): Promise<DayCounts[]> {
      const pipe = deps.redis.pipeline();
      for (const d of dates) pipe.hgetall(k.statsDay(d));
      const res = (await pipe.exec()) ?? [];
      return dates.map((date, i) => {
        const h = (res[i]?.[1] ?? {}) as Record<string, string>;
        return { date, new: Number(h.new ?? 0), lost: Number(h.lost ?? 0), back: Number(h.back ?? 0) };
      });
    },
  };
}

export type DailyStats = ReturnType<typeof createDailyStats>;
