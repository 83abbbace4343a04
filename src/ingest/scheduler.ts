/**
 * Feed polls as BullMQ job schedulers: one per active feed (`feed-<id>`, every FEED_POLL or the feed's
 * own interval) on the `feed-poll` queue, and the worker that runs them. A poll that finds another
 * worker holding the feed's lock does nothing, so any number of workers may share the queue.
 *
 * Only types come from poll.ts here: the core (every role) holds the scheduler, and the poll's modules
 * (the feed and HTML parsers, the desk use cases) are loaded by the worker at its first poll job.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix } from '../delivery/queues.js';
import type { Logger } from '../logger.js';
import type { Feed } from '../store/feeds.js';
import type { PollOutcome } from './poll.js';

export const FEED_POLL_QUEUE = 'feed-poll';

/** Data of a poll job: the feed's id only (no URL, no secrets). */
export interface FeedPollJob {
  feedId: string;
}

/** BullMQ job scheduler id of a feed (no ':' in BullMQ ids). */
export function feedSchedulerId(feedId: string): string {
  return `feed-${feedId}`;
}

function feedIdOf(schedulerId: string): string | undefined {
  return schedulerId.startsWith('feed-') ? schedulerId.slice('feed-'.length) : undefined;
}

/** The poll schedule of the feeds, shared by the bot (changes from /feeds) and the workers. */
export interface FeedScheduler {
  /** Schedules an active feed at its interval (polling soon), or unschedules a paused one. */
  sync(feed: Feed): Promise<void>;
  remove(feedId: string): Promise<void>;
  /** Makes the schedulers exactly the active feeds (a worker's start-up). */
  reconcile(feeds: readonly Feed[]): Promise<void>;
  queue: Queue<FeedPollJob>;
  close(): Promise<void>;
}

export function createFeedScheduler(deps: {
  redis: Redis;
  prefix: string;
  defaultPollMs: number;
  logger: Logger;
}): FeedScheduler {
  const queue = new Queue<FeedPollJob>(FEED_POLL_QUEUE, {
    connection: deps.redis,
    prefix: bullPrefix(deps.prefix),
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 1 },
  });
  queue.on('error', (err) => deps.logger.error({ err }, 'feed-poll queue error'));
  const every = (feed: Feed) => feed.pollMs ?? deps.defaultPollMs;
  const scheduler: FeedScheduler = {
    queue,
    async sync(feed) {
      if (feed.status !== 'active') {
        await queue.removeJobScheduler(feedSchedulerId(feed.id));
        return;
      }
      await queue.upsertJobScheduler(
        feedSchedulerId(feed.id),
        { every: every(feed) },
        { name: 'poll', data: { feedId: feed.id } },
      );
    },
    async remove(feedId) {
      await queue.removeJobScheduler(feedSchedulerId(feedId));
    },
    async reconcile(feeds) {
      const active = new Map(
        feeds.filter((f) => f.status === 'active').map((f) => [feedSchedulerId(f.id), f]),
      );
      for (const s of await queue.getJobSchedulers(0, -1)) {
        const feed = active.get(s.key);
        if (!feed) await queue.removeJobScheduler(s.key);
        else if (Number(s.every) === every(feed)) active.delete(s.key);
      }
      for (const feed of active.values()) await scheduler.sync(feed);
    },
    async close() {
      await queue.close();
    },
  };
  return scheduler;
}

/** One poll of a feed by id (poll.ts's pollFeed on its dependencies). */
export type PollOne = (feedId: string) => Promise<PollOutcome>;

/**
 * The worker running feed polls; `onPoll` sees each outcome (metrics, logs). `loadPoll` is called at
 * the first poll job, not before: the feed parsers and the desk it loads cost a worker about 10 MB that
 * one which never polls a feed (the fan-out worker, say) does not pay.
 */
export function createFeedPollWorker(deps: {
  connection: Redis;
  prefix: string;
  loadPoll: () => Promise<PollOne>;
  logger: Logger;
  onPoll?: (feedId: string, outcome: PollOutcome) => void;
}): Worker<FeedPollJob> {
  let poll: Promise<PollOne> | undefined;
  const worker = new Worker<FeedPollJob>(
    FEED_POLL_QUEUE,
    async (job) => {
      const feedId = job.data.feedId ?? feedIdOf(job.repeatJobKey ?? '');
      if (!feedId) return 'no-feed';
      poll ??= deps.loadPoll();
      const outcome = await (await poll)(feedId);
      deps.onPoll?.(feedId, outcome);
      return outcome.kind;
    },
    // Polls wait on the network, not the CPU: a few at once keep one slow site from holding the others.
    { connection: deps.connection, prefix: bullPrefix(deps.prefix), concurrency: 4 },
  );
  worker.on('error', (err) => deps.logger.error({ err }, 'feed-poll worker error'));
  worker.on('failed', (job, err) =>
    deps.logger.warn({ err, feedId: job?.data.feedId }, 'feed poll job failed'),
  );
  return worker;
}
