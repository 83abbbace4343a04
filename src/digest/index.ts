import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix, type DeliveryQueues } from '../delivery/queues.js';
import type { DeliveryService } from '../delivery/service.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore } from '../store/deliveries.js';
import { createKeys } from '../store/keys.js';
import { type RunSlotDeps, type RunSlotOutcome, runDigestSlot } from './run-slot.js';
import { createDigestRuns } from './runs.js';
import {
  type CatchUp,
  catchUpSlots,
  DIGEST_JOB_OPTIONS,
  type DigestJob,
  reconcileSchedulers,
  type SchedulerChanges,
  withRedisLock,
} from './scheduler.js';
import { isSlot, slotOfSchedulerId } from './slots.js';

export type { RunSlotOutcome } from './run-slot.js';
export type { DigestJob } from './scheduler.js';

/** The queue whose job schedulers wake the digest slots. */
export const DIGEST_QUEUE = 'digest-scheduler';

export interface DigestDeps {
  /** A connection with maxRetriesPerRequest null, for the worker (BullMQ duplicates it for blocking calls). */
  connection: Redis;
  /** The store connection (run index, lock, producer). */
  redis: Redis;
  keyPrefix: string;
  /** DIGEST_SLOTS (`HH:MM`), DIGEST_TZ and DIGEST_CATCHUP (ms). */
  slots: readonly string[];
  tz: string;
  catchUpMs: number;
  delivery: Pick<DeliveryService, 'start'>;
  deliveries: Pick<DeliveryStore, 'get'>;
  queues: Pick<DeliveryQueues, 'fanout'>;
  logger: Logger;
  /** Clock (tests). */
  now?: () => number;
  /** Set-up lock: how long it lives and how long a process waits for it. */
  lock?: { ttlMs: number; waitMs: number };
}

export interface Digest {
  queue: Queue<DigestJob>;
  worker: Worker<DigestJob, RunSlotOutcome['kind']>;
  /** What this process's set-up did; undefined when it could not get the lock in time. */
  setup: { schedulers: SchedulerChanges; catchUp: CatchUp[] } | undefined;
  /** Stops the worker (a running job finishes) and closes the queue; every step runs even if one fails. */
  close(): Promise<void>;
}

/** A scheduler job's id is `repeat:<scheduler id>:<time in ms>`: that time is the slot's. */
function scheduledTime(job: Job<DigestJob>): number {
  if (job.data.at !== undefined) return job.data.at;
  const m = /:(\d{10,})$/.exec(job.id ?? '');
  return m ? Number(m[1]) : job.timestamp + (job.delay ?? 0);
}

/**
 * Starts digests in a worker process: under one Redis lock (so that processes starting together take
 * turns, and BullMQ never upserts the same scheduler concurrently) it catches up a slot missed while no
 * worker ran and makes the job schedulers match DIGEST_SLOTS; then it starts the worker whose job, at
 * each slot, finds or creates that day's run (a delivery to the slot's readers) and queues its fan-out.
 */
export async function startDigest(deps: DigestDeps): Promise<Digest> {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'digest' });
  for (const s of deps.slots) if (!isSlot(s)) throw new Error(`DIGEST_SLOTS: "${s}" is not HH:MM`);
  const prefix = bullPrefix(deps.keyPrefix);
  const runs = createDigestRuns({ redis: deps.redis, prefix: deps.keyPrefix });
  const queue = new Queue<DigestJob>(DIGEST_QUEUE, {
    connection: deps.redis,
    prefix,
    defaultJobOptions: { ...DIGEST_JOB_OPTIONS, backoff: { ...DIGEST_JOB_OPTIONS.backoff } },
  });
  queue.on('error', (err) => log.error({ err }, 'digest queue error'));

  let setup: Digest['setup'];
  try {
    const lock = deps.lock ?? { ttlMs: 30_000, waitMs: 45_000 };
    const lockKey = createKeys(deps.keyPrefix).digestSetupLock;
    const held = await withRedisLock(deps.redis, lockKey, lock, async () => {
      // Catch-up first: upserting a changed scheduler drops its overdue job, and the run index then
      // remembers what was caught up or skipped.
      const catchUp = await catchUpSlots({
        queue,
        runs,
        slots: deps.slots,
        tz: deps.tz,
        catchUpMs: deps.catchUpMs,
        now: now(),
        logger: log,
      });
      const schedulers = await reconcileSchedulers(queue, deps.slots, deps.tz);
      return { schedulers, catchUp };
    });
    setup = held?.value;
    if (setup) log.info({ ...setup.schedulers, slots: deps.slots, tz: deps.tz }, 'digest schedulers set');
    else
      log.warn('digest set-up lock not free in time; another process holds it, schedulers left as they are');
  } catch (err) {
    await queue.close().catch(() => undefined);
    throw err;
  }

  const runDeps: RunSlotDeps = {
    runs,
    delivery: deps.delivery,
    deliveries: deps.deliveries,
    fanoutQueue: deps.queues.fanout,
    tz: deps.tz,
    catchUpMs: deps.catchUpMs,
    now,
    logger: log,
  };
  const worker = new Worker<DigestJob, RunSlotOutcome['kind']>(
    DIGEST_QUEUE,
    async (job) => {
      const slot = job.data.slot ?? slotOfSchedulerId(job.repeatJobKey ?? '');
      if (!slot || !isSlot(slot)) throw new Error(`digest job ${job.id} names no slot`);
      const r = await runDigestSlot(runDeps, slot, scheduledTime(job));
      // Another worker is creating this run: retry shortly, by then it exists.
      if (r.kind === 'busy')
        throw new Error(`digest run ${r.date} ${slot} is being created by another worker`);
      return r.kind;
    },
    { connection: deps.connection, prefix, concurrency: 1 },
  );
  worker.on('error', (err) => log.error({ err }, 'digest worker error'));
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err }, 'digest job failed'),
  );

  return {
    queue,
    worker,
    setup,
    async close() {
      await Promise.allSettled([worker.close(), queue.close()]);
    },
  };
}
