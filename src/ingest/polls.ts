/**
 * The feed polls of a worker, kept light: this module and what it imports statically are the
 * scheduler's queue and worker only. The poll itself (fetch, the feed and HTML parsers) and the desk
 * use cases it drafts through (ingest/index.ts) are imported at the first poll job, so a worker that
 * never polls a feed never loads them.
 */
import type { Redis } from 'ioredis';
import type { Core } from '../core.js';
import { withRedisLock } from '../digest/scheduler.js';
import { createKeys } from '../store/keys.js';
import type { SendCard } from './index.js';
import type { PollOutcome } from './poll.js';
import { createFeedPollWorker, type PollOne } from './scheduler.js';

/**
 * Starts the feed polls on a worker: the schedule made to match the feeds (one worker at a time, under
 * a lock), then the worker. Returns a close for the shutdown list.
 */
export async function startFeedPolls(
  core: Core,
  env: { connection: Redis; send: SendCard; onPoll?: (feedId: string, outcome: PollOutcome) => void },
): Promise<{ close(): Promise<void> }> {
  const log = core.logger.child({ component: 'feeds' });
  const feeds = await core.feeds.list();
  await withRedisLock(
    core.redis,
    createKeys(core.prefix).feedSetupLock,
    { ttlMs: 30_000, waitMs: 10_000 },
    () => core.feedScheduler.reconcile(feeds),
  );
  const { config } = core;
  const loadPoll = async (): Promise<PollOne> => {
    const [{ pollFeed }, { ingestDesk }] = await Promise.all([import('./poll.js'), import('./index.js')]);
    const deps = {
      feeds: core.feeds,
      desk: ingestDesk(core, env.send),
      tag: core.tag,
      elections: core.elections,
      logger: log,
      limits: {
        timeoutMs: config.feedTimeoutMs,
        maxBytes: config.feedMaxBytes,
        pollMs: config.feedPollMs,
        maxAgeMs: config.feedMaxAgeMs,
        allowPrivate: config.feedAllowPrivate,
      },
    };
    return (feedId) => pollFeed(deps, feedId);
  };
  const worker = createFeedPollWorker({
    connection: env.connection,
    prefix: core.prefix,
    logger: log,
    loadPoll,
    ...(env.onPoll ? { onPoll: env.onPoll } : {}),
  });
  return { close: () => worker.close() };
}
