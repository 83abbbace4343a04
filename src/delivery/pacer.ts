import type { Redis } from 'ioredis';
import { createPaceClock } from '../store/pace.js';

/**
 * Spreads sends evenly across every worker process: each send reserves the next free slot on one
 * Redis clock (slots `1000 / (rate × margin)` ms apart), then waits for it. Unlike a fixed-window
 * counter, no two windows' worth can bunch up around a window edge, so no sliding second at Telegram
 * holds more than `rate` messages. BullMQ's own limiter stays on as the coarse guard that `queue.rateLimit`
 * (the 429 pause) needs.
 */
export const PACE_MARGIN = 0.975;

export interface Pacer {
  /** Resolves when this send's slot comes. */
  wait(): Promise<void>;
  /** After a 429: no slot before `ms` from now. */
  pauseFor(ms: number): Promise<void>;
  /** Slot spacing in ms. */
  readonly intervalMs: number;
  /**
   * The slot key, for reserving a slot inside the send path's own script (`DeliveryStore.openSend`);
   * absent when sends are not paced.
   */
  readonly slotKey?: string;
  /**
   * Waits for a slot reserved elsewhere, due at `dueAt` (`performance.now()` time, taken when the
   * reservation's answer arrived, so that work done in between counts as lateness); a late wake takes a
   * new slot.
   */
  waitReserved?(dueAt: number): Promise<void>;
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
  // The slot reservation itself is the store's (store/pace.ts, lua/include/reserve-slot.lua).
  const clock = createPaceClock({ redis: deps.redis, key: deps.key });
  const reserve = () => clock.reserve(intervalMs);

  /** Sleeps until `due` (`performance.now()` time); true when woken on time (within MAX_LATE_MS). */
  async function sleepUntil(due: number): Promise<boolean> {
    const waitMs = due - performance.now();
    if (waitMs > 0.5) await new Promise((r) => setTimeout(r, Math.round(waitMs)));
    return performance.now() - due <= MAX_LATE_MS;
  }

  async function retake(tries: number): Promise<void> {
    for (let t = tries; ; t++) {
      // After a few tries the machine is simply overloaded: send rather than starve.
      const waitMs = await reserve();
      if ((await sleepUntil(performance.now() + waitMs)) || t >= 5) return;
    }
  }

  return {
    intervalMs,
    slotKey: deps.key,
    async wait() {
      await retake(0);
    },
    async waitReserved(dueAt) {
      if (!(await sleepUntil(dueAt))) await retake(1);
    },
    async pauseFor(ms) {
      await clock.pauseFor(ms);
    },
  };
}
