import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Core } from '../core.js';
import { bullPrefix } from '../delivery/queues.js';
import { createFloodCounter } from '../store/flood.js';

/** The queue of the daily erasure of long-inactive readers. */
export const PRIVACY_QUEUE = 'privacy';
/** Its one job scheduler: every day at 03:30 in DIGEST_TZ, when hardly anything else runs. */
export const ERASE_INACTIVE_SCHEDULER = 'erase-inactive';
const ERASE_INACTIVE_CRON = '30 3 * * *';

/**
 * Starts the daily erasure of readers who could not receive for 30 days (a BullMQ job scheduler, so
 * that with many workers it runs once a day, on one of them). Returns a close for the shutdown list.
 */
export async function startPrivacyJob(core: Core, connection: Redis): Promise<{ close(): Promise<void> }> {
  const { logger, prefix, config } = core;
  const log = logger.child({ component: 'privacy' });
  const bull = bullPrefix(prefix);
  const queue = new Queue(PRIVACY_QUEUE, {
    connection: core.redis,
    prefix: bull,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 10 }, attempts: 3 },
  });
  queue.on('error', (err) => log.error({ err }, 'privacy queue error'));
  await queue.upsertJobScheduler(
    ERASE_INACTIVE_SCHEDULER,
    { pattern: ERASE_INACTIVE_CRON, tz: config.digestTz },
    { name: ERASE_INACTIVE_SCHEDULER },
  );
  const worker = new Worker(
    PRIVACY_QUEUE,
    // The erasure is loaded when its daily job runs: through the schedule parser it brings all of
    // date-fns (about 300 modules, 2 MB of heap) that a worker does not otherwise need.
    async () => {
      const { eraseLongInactive } = await import('../usecases/erase-reader.js');
      return eraseLongInactive({
        ...core,
        logger: log,
        flood: createFloodCounter({ redis: core.redis, prefix }),
      });
    },
    { connection, prefix: bull, concurrency: 1 },
  );
  worker.on('error', (err) => log.error({ err }, 'privacy worker error'));
  worker.on('failed', (_job, err) => log.warn({ err }, 'erasing inactive readers failed'));
  return {
    async close() {
      await Promise.allSettled([worker.close(), queue.close()]);
    },
  };
}
