import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { deleteIfEquals } from '../store/locks.js';
import { catchUpWindow } from './run-slot.js';
import type { DigestRuns } from './runs.js';
import { latestOccurrence, schedulerId, slotCode, slotCron } from './slots.js';

/** Data of a digest-scheduler job. Scheduler jobs carry the slot; catch-up jobs also their time. */
export interface DigestJob {
  slot: string;
  /** The slot's scheduled time (catch-up jobs); scheduler jobs take it from their id. */
  at?: number;
}

/** Options of every digest job: a few retries (a busy claim, a Redis blip); kept a week when failed. */
export const DIGEST_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * Runs `fn` while holding a Redis lock (SET NX PX), waiting up to `waitMs` for it. Returns undefined
 * when the lock could not be had in time. The lock expires by itself should its holder die.
 */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  opts: { ttlMs: number; waitMs: number },
  fn: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  const token = randomUUID();
  const until = Date.now() + opts.waitMs;
  for (;;) {
    if ((await redis.set(key, token, 'PX', opts.ttlMs, 'NX')) === 'OK') break;
    if (Date.now() >= until) return undefined;
    await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 100)));
  }
  try {
    return { value: await fn() };
  } finally {
    // Only if it is still ours (it expires by itself should this process stall past its TTL).
    await deleteIfEquals(redis, key, token).catch(() => undefined);
  }
}

/** What reconciling the schedulers changed. */
export interface SchedulerChanges {
  added: string[];
  updated: string[];
  removed: string[];
  kept: string[];
}

/**
 * Makes the queue's job schedulers exactly one per configured slot (`digest-HHMM`, a daily cron in
 * `tz`): adds the missing ones, corrects those whose pattern or zone differ, removes any other. One that
 * is already right is left alone: upserting it would drop an overdue job waiting in it.
 *
 * Not safe to run twice at once (BullMQ's upsert races with itself): call it under {@link withRedisLock}.
 */
export async function reconcileSchedulers(
  queue: Queue<DigestJob>,
  slots: readonly string[],
  tz: string,
): Promise<SchedulerChanges> {
  const wanted = new Map(slots.map((slot) => [schedulerId(slot), slot]));
  const existing = await queue.getJobSchedulers(0, -1);
  const changes: SchedulerChanges = { added: [], updated: [], removed: [], kept: [] };
  for (const s of existing) {
    if (wanted.has(s.key)) continue;
    await queue.removeJobScheduler(s.key);
    changes.removed.push(s.key);
  }
  for (const [id, slot] of wanted) {
    const current = existing.find((s) => s.key === id);
    const pattern = slotCron(slot);
    if (current && current.pattern === pattern && current.tz === tz) {
      changes.kept.push(id);
      continue;
    }
    await queue.upsertJobScheduler(
      id,
      { pattern, tz },
      {
        name: 'digest',
        data: { slot },
        opts: { ...DIGEST_JOB_OPTIONS, backoff: { ...DIGEST_JOB_OPTIONS.backoff } },
      },
    );
    (current ? changes.updated : changes.added).push(id);
  }
  return changes;
}

/** The catch-up decision for one slot at start-up. */
export type CatchUp =
  /** The slot had no scheduler before this start (a fresh install, a slot just added): nothing was missed. */
  | { slot: string; date: string; at: number; action: 'new' }
  | { slot: string; date: string; at: number; action: 'run' }
  | { slot: string; date: string; at: number; action: 'missed' }
  | { slot: string; date: string; at: number; action: 'done' };

/**
 * At start-up: for each slot that already had its job scheduler, its most recent time (today's or
 * yesterday's) with no run record is queued to run now when it is less than the catch-up window late,
 * and otherwise marked missed and logged. A slot that ran (or was marked) is left alone. A slot with no
 * scheduler yet (a fresh install, a slot just added to DIGEST_SLOTS) could not have been missed: its
 * last time is marked quietly, so that a restart does not take it for missed either.
 */
export async function catchUpSlots(deps: {
  queue: Pick<Queue<DigestJob>, 'add' | 'getJobSchedulers'>;
  runs: DigestRuns;
  slots: readonly string[];
  tz: string;
  catchUpMs: number;
  now: number;
  logger: Logger;
}): Promise<CatchUp[]> {
  const out: CatchUp[] = [];
  const scheduled = new Set((await deps.queue.getJobSchedulers(0, -1)).map((s) => s.key));
  for (const slot of deps.slots) {
    const { date, at } = latestOccurrence(slot, deps.now, deps.tz);
    if (await deps.runs.get(date, slot)) {
      out.push({ slot, date, at, action: 'done' });
      continue;
    }
    if (!scheduled.has(schedulerId(slot))) {
      await deps.runs.markMissed(date, slot);
      out.push({ slot, date, at, action: 'new' });
      continue;
    }
    const lateMs = deps.now - at;
    if (lateMs <= catchUpWindow(deps.catchUpMs)) {
      await deps.queue.add(
        'digest',
        { slot, at },
        {
          ...DIGEST_JOB_OPTIONS,
          backoff: { ...DIGEST_JOB_OPTIONS.backoff },
          jobId: `catchup-${date}-${slotCode(slot)}`,
        },
      );
      deps.logger.info(
        { slot, date, lateMinutes: Math.round(lateMs / 60_000) },
        'digest slot missed; catching up',
      );
      out.push({ slot, date, at, action: 'run' });
    } else {
      if (await deps.runs.markMissed(date, slot)) {
        deps.logger.warn(
          {
            slot,
            date,
            lateMinutes: Math.round(lateMs / 60_000),
            catchUpMinutes: Math.round(deps.catchUpMs / 60_000),
          },
          'digest slot missed while no worker ran, and too late to catch up; skipped',
        );
      }
      out.push({ slot, date, at, action: 'missed' });
    }
  }
  return out;
}
