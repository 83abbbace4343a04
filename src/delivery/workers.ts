import { Worker } from 'bullmq';
import type { Api } from 'grammy';
import type { Redis } from 'ioredis';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore, Outcome } from '../store/deliveries.js';
import { createKeys } from '../store/keys.js';
import type { SubscriberStore } from '../store/subscribers.js';
import type { ContentKinds } from './content-kind.js';
import { processFanout, sendGroupSize } from './fanout.js';
import { createSendPacers } from './pacer.js';
import { bullPrefix, type DeliveryQueues, type FanoutJob, QUEUE, type SendJob } from './queues.js';
import { deliveryCache, processSend, type SendDeps, type SendResult } from './send.js';

export interface DeliveryWorkersDeps {
  /** A connection with maxRetriesPerRequest null (BullMQ duplicates it for blocking calls). */
  connection: Redis;
  /** The store connection (fan-out scans). */
  redis: Redis;
  keyPrefix: string;
  api: Api;
  catalog: Catalog;
  deliveries: DeliveryStore;
  subscribers: SubscriberStore;
  /** The registered content kinds. */
  kinds: ContentKinds;
  queues: DeliveryQueues;
  logger: Logger;
  sendRate: number;
  paidBroadcast: boolean;
  /**
   * Sends in flight per worker process (enough to keep the rate up over network latency); the worker
   * takes as many send jobs (groups) at once as hold that many recipients.
   */
  concurrency?: number;
  quietNow: () => boolean;
  /** Makes send records outlive a Redis failover (WAIT for a replica); see SendDeps. */
  durable?: SendDeps['durable'];
  onOutcome?: (outcome: Outcome | 'rate-limited' | 'retry', reason?: string) => void;
}

export interface DeliveryWorkers {
  fanout: Worker<FanoutJob, string>;
  send: Worker<SendJob, SendResult>;
  /** Stops taking jobs, lets running ones finish (bounded by BullMQ's close), closes connections. */
  close(): Promise<void>;
}

/**
 * Starts the fan-out and send workers. Sends are paced on one Redis clock shared by every worker
 * process, so that no sliding second exceeds SEND_RATE (see pacer.ts).
 */
export function createDeliveryWorkers(deps: DeliveryWorkersDeps): DeliveryWorkers {
  const prefix = bullPrefix(deps.keyPrefix);
  const pacers = createSendPacers({
    redis: deps.redis,
    keys: createKeys(deps.keyPrefix),
    sendRate: deps.sendRate,
    paidBroadcast: deps.paidBroadcast,
  });
  const pace = pacers.broadcast;
  // The coarse guard: BullMQ's limiter (needed for queue.rateLimit) at the full rate per second.
  const window = { max: Number.isFinite(deps.sendRate) ? deps.sendRate : 1_000_000, duration: 1000 };
  const log = deps.logger.child({ component: 'delivery' });
  // Running deliveries are read once per DELIVERY_CACHE_MS per process, not once per message.
  const getDelivery = deliveryCache(deps.deliveries.get);

  const fanout = new Worker<FanoutJob, string>(
    QUEUE.fanout,
    (job) =>
      processFanout(job, {
        catalog: deps.catalog,
        subscribers: deps.subscribers,
        deliveries: deps.deliveries,
        sendQueue: deps.queues.send,
        fanoutQueue: deps.queues.fanout,
        logger: log,
        sendRate: deps.sendRate,
      }),
    { connection: deps.connection, prefix, concurrency: 2 },
  );

  // Sends in flight: SEND_RATE/5 (at 50 ms a request, four times what the rate needs), 10 to 200. A job
  // is a group of up to `sendGroupSize` recipients sent at once, so the worker takes that many fewer
  // jobs at a time, but at least three under a rate: a job ends only when its last recipient's answer
  // came, so one slow answer (a 30 s timeout) must not hold the whole worker (10 jobs of 20 at 1000/s,
  // 3 of 20 at 30/s; the pacer keeps the rate whatever waits for it). Unlimited (benchmarks): 2 of 100,
  // which measured faster than 3 (0.43 of raw BullMQ against 0.30-0.36).
  const inFlight =
    deps.concurrency ?? Math.max(10, Math.min(200, Math.ceil(Math.min(deps.sendRate, 1000) / 5)));
  const send = new Worker<SendJob, SendResult>(
    QUEUE.send,
    (job, token) =>
      processSend(
        job,
        {
          api: deps.api,
          deliveries: deps.deliveries,
          subscribers: deps.subscribers,
          kinds: deps.kinds,
          sendQueue: deps.queues.send,
          logger: log,
          quietNow: deps.quietNow,
          paidBroadcast: deps.paidBroadcast,
          pace,
          editPace: pacers.edits,
          onOutcome: deps.onOutcome,
          durable: deps.durable,
          getDelivery,
        },
        token,
      ),
    {
      connection: deps.connection,
      prefix,
      concurrency: Math.max(
        Number.isFinite(deps.sendRate) ? 3 : 1,
        Math.ceil(inFlight / sendGroupSize(deps.sendRate)),
      ),
      // Counts jobs, not messages: with groups it only ever holds back far above the rate (the pacer
      // keeps the rate); it stays because `queue.rateLimit` needs a limiter.
      limiter: { max: window.max, duration: window.duration },
      // A job whose worker died (kill -9, OOM, a lost machine) goes back to the queue when its lock
      // expires. BullMQ's default gives up after one such stall, which would leave that group's
      // recipients pending (the delivery never closes) if two workers die on the same job; the send
      // records make a re-run safe, so allow a few before calling the job poison.
      maxStalledCount: 5,
    },
  );

  for (const [name, w] of [
    ['fanout', fanout],
    ['send', send],
  ] as const) {
    w.on('error', (err) => log.error({ err, worker: name }, 'worker error'));
    w.on('failed', (job, err) =>
      log.warn({ worker: name, jobId: job?.id, attempts: job?.attemptsMade, err }, 'job failed'),
    );
  }
  log.info({ sendRate: deps.sendRate, slotMs: pace.intervalMs }, 'delivery workers started');

  return {
    fanout,
    send,
    async close() {
      await Promise.allSettled([fanout.close(), send.close()]);
      // How the pacer kept to its slots (docs/benchmarks.md reads this line).
      log.info({ pace: pace.stats(), slotMs: pace.intervalMs }, 'pacer stats');
    },
  };
}
