import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';
import { createKeys } from './keys.js';

/** Counts a user's updates per window, shared by every bot process. */
export interface FloodCounter {
  /** Counts one update of `userId`; returns the count in the current window, this one included. */
  hit(userId: number, windowMs: number): Promise<number>;
  /** Drops the user's counter (when the reader is erased). */
  forget(userId: number): Promise<void>;
}

/**
 * The flood counter on Redis: INCR and PEXPIRE in one script (`flood-hit.lua`), so a lost EXPIRE cannot
 * leave a counter that never expires.
 */
export function createFloodCounter(deps: { redis: Redis; prefix: string }): FloodCounter {
  const k = createKeys(deps.prefix);
  const cmd = storeCommands(deps.redis);
  return {
    hit: (userId, windowMs) => cmd.floodHit({ counter: k.flood(userId) }, { windowMs }),
    async forget(userId) {
      await deps.redis.del(k.flood(userId));
    },
  };
}

/** The same counter in this process's memory, for a bot without Redis (offline tests). */
export function createMemoryFloodCounter(now: () => number = Date.now): FloodCounter {
  const windows = new Map<number, { count: number; until: number }>();
  return {
    async hit(userId, windowMs) {
      const t = now();
      // Expired windows go when the map grows, so that it stays as small as the users of one window.
      if (windows.size > 10_000) for (const [id, old] of windows) if (old.until <= t) windows.delete(id);
      const w = windows.get(userId);
      if (!w || w.until <= t) {
        windows.set(userId, { count: 1, until: t + windowMs });
        return 1;
      }
      w.count += 1;
      return w.count;
    },
    async forget(userId) {
      windows.delete(userId);
    },
  };
}
