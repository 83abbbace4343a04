import type { Redis } from 'ioredis';
import { createKeys } from '../store/keys.js';
import { deleteIfEquals } from '../store/locks.js';
import { slotCode } from './slots.js';

/** How long a run's record is kept: long enough for any catch-up, re-run or /stats to find it. */
export const RUN_RECORD_TTL_SECONDS = 8 * 24 * 3600;

/** What is known about one slot on one day. */
export type RunMark =
  /** The run's delivery: its fan-out and sends are the engine's. */
  | { kind: 'delivery'; id: string }
  /** Found too late (after DIGEST_CATCHUP): skipped, and never run later. */
  | { kind: 'missed' }
  /** A worker is creating the run right now. */
  | { kind: 'pending' };

/**
 * The index of digest runs: `<prefix>:digest-run:<YYYY-MM-DD>:<HHMM>` → the run's delivery id, `missed`,
 * or `pending:<token>` while one worker creates it. SET NX on this key is what makes a slot run once a
 * day however many schedulers fire, jobs retry or workers catch up at once.
 */
export function createDigestRuns(deps: { redis: Redis; prefix: string }) {
  const { redis } = deps;
  const keys = createKeys(deps.prefix);
  const key = (date: string, slot: string) => keys.digestRun(date, slotCode(slot));

  return {
    key,

    async get(date: string, slot: string): Promise<RunMark | undefined> {
      const v = await redis.get(key(date, slot));
      if (v === null) return undefined;
      if (v === 'missed') return { kind: 'missed' };
      if (v.startsWith('pending:')) return { kind: 'pending' };
      return { kind: 'delivery', id: v };
    },

    /** Claims the right to create the run; false when another worker holds it or it exists. */
    async claim(date: string, slot: string, token: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(key(date, slot), `pending:${token}`, 'PX', ttlMs, 'NX')) === 'OK';
    },

    /** Records the run's delivery (replacing our claim). */
    async settle(date: string, slot: string, deliveryId: string): Promise<void> {
      await redis.set(key(date, slot), deliveryId, 'EX', RUN_RECORD_TTL_SECONDS);
    },

    /** Gives a claim back after a failure, so that a retry can create the run. */
    async release(date: string, slot: string, token: string): Promise<void> {
      // Only if it is still ours: it may have lapsed and been claimed by another worker.
      await deleteIfEquals(redis, key(date, slot), `pending:${token}`);
    },

    /** Marks the slot skipped for that day; false when it already has a run (or was marked). */
    async markMissed(date: string, slot: string): Promise<boolean> {
      return (await redis.set(key(date, slot), 'missed', 'EX', RUN_RECORD_TTL_SECONDS, 'NX')) === 'OK';
    },
  };
}

export type DigestRuns = ReturnType<typeof createDigestRuns>;
