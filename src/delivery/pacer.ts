import type { Redis } from 'ioredis';

/**
 * Spreads sends evenly across every worker process: each send reserves the next free slot on one
 * Redis clock (slots `1000 / (rate × margin)` ms apart), then waits for it. Unlike a fixed-window
 * counter, no two windows' worth can bunch up around a window edge, so no sliding second at Telegram
 * holds more than `rate` messages. BullMQ's own limiter stays on as the coarse guard that `queue.rateLimit`
 * (the 429 pause) needs.
 */
export const PACE_MARGIN = 0.975;

// KEYS: slot key. ARGV: interval ms, not-before (ms, Redis clock; 0 for none).
// Returns the wait in ms as a string (fractions kept).
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, last + tonumber(ARGV[1]), tonumber(ARGV[2]))
redis.call('SET', KEYS[1], string.format('%.3f', slot), 'PX', 60000)
return string.format('%.3f', slot - now)`;

// KEYS: slot key. ARGV: pause ms. Nothing is reserved before the pause ends.
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], string.format('%.3f', math.max(last, now + tonumber(ARGV[1]))), 'PX', 60000 + tonumber(ARGV[1]))
return 1`;

export interface Pacer {
  /** Resolves when this send's slot comes. */
  wait(): Promise<void>;
  /** After a 429: no slot before `ms` from now. */
  pauseFor(ms: number): Promise<void>;
  /** Slot spacing in ms. */
  readonly intervalMs: number;
}

/**
 * A send that wakes more than this late (its process was descheduled, its event loop busy) gives its
 * slot up and queues for a new one: sent late, it would land on top of the next slots' sends and
 * bunch up at Telegram. The 2.5% margin leaves room for 25 ms of bunching per second at any rate;
 * half of it is allowed here.
 */
export const MAX_LATE_MS = 12;

export function createPacer(deps: { redis: Redis; key: string; rate: number; margin?: number }): Pacer {
  const intervalMs = 1000 / (deps.rate * (deps.margin ?? PACE_MARGIN));
  if (!Number.isFinite(deps.rate)) {
    // SEND_RATE=unlimited (benchmarks): no pacing at all.
    return { intervalMs: 0, wait: async () => {}, pauseFor: async () => {} };
  }
  return {
    intervalMs,
    async wait() {
      for (let tries = 0; ; tries++) {
        const waitMs = Number(await deps.redis.eval(RESERVE, 1, deps.key, intervalMs, 0));
        const due = performance.now() + waitMs;
        if (waitMs > 0.5) await new Promise((r) => setTimeout(r, Math.round(waitMs)));
        // After a few tries the machine is simply overloaded: send rather than starve.
        if (performance.now() - due <= MAX_LATE_MS || tries >= 5) return;
      }
    },
    async pauseFor(ms) {
      await deps.redis.eval(PAUSE, 1, deps.key, ms);
    },
  };
}
