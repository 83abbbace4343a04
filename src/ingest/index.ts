/**
 * The ingest wired to the core: the desk port on the real desk use cases, the tagger, the feed-poll
 * worker with its schedule reconciled at start, and the CMS API's dependencies. Roles call these; the
 * rules live in poll.ts, api.ts and draft-fields.ts.
 */
import type { InlineKeyboard } from 'grammy';
import type { Redis } from 'ioredis';
import type { Core } from '../core.js';
import { withRedisLock } from '../digest/scheduler.js';
import { createKeys } from '../store/keys.js';
import { createDraft, deskDeps, getDraft, publishDraft } from '../usecases/desk.js';
import { listFeeds } from '../usecases/feeds.js';
import type { ApiDeps } from './api.js';
import type { IngestDesk } from './desk-port.js';
import { notifyDesk } from './notify.js';
import type { PollOutcome } from './poll.js';
import { createFeedPollWorker } from './scheduler.js';

/** Sends one message with an inline keyboard (the program's Api: HTML by default). */
export type SendCard = (chatId: number, text: string, markup: InlineKeyboard) => Promise<unknown>;

/** The desk port on the core's desk use cases; new drafts are shown to the desk with `send`. */
export function ingestDesk(core: Core, send: SendCard): IngestDesk {
  const deps = deskDeps(core);
  return {
    createDraft: (actor, fields, origin) => createDraft(deps, actor, fields, origin),
    async publishDraft(actor, draftId, when) {
      const { briefing, plan } = await publishDraft(deps, actor, draftId, when);
      return { briefingId: briefing.id, deliveryId: plan.delivery?.id };
    },
    async getDraft(draftId) {
      const d = await getDraft(deps, draftId);
      return d ? { status: d.status, ...(d.briefingId ? { briefingId: d.briefingId } : {}) } : undefined;
    },
    async notifyEditors(draftId) {
      await notifyDesk(
        {
          getDraft: (id) => getDraft(deps, id),
          send,
          i18n: core.i18n,
          catalog: core.catalog,
          adminIds: core.config.adminIds,
          editors: core.editors,
          subscribers: core.subscribers,
          logger: core.logger,
        },
        draftId,
      );
    },
  };
}

/** What the CMS API routes need. */
export function ingestApiDeps(core: Core, send: SendCard): ApiDeps {
  return {
    tokens: core.apiTokens,
    desk: ingestDesk(core, send),
    tag: core.tag,
    elections: core.elections,
    catalog: core.catalog,
    deliveries: core.deliveries,
  };
}

/** Each feed's health for /metrics. */
export function feedHealthSource(core: Pick<Core, 'feeds'>) {
  return {
    async feedHealth() {
      return (await listFeeds(core)).map(({ feed, state }) => ({
        id: feed.id,
        up: state.failures === 0,
        paused: feed.status === 'paused',
        failures: state.failures,
        lastOkMs: state.lastOk,
      }));
    },
  };
}

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
  const worker = createFeedPollWorker({
    connection: env.connection,
    prefix: core.prefix,
    logger: log,
    poll: {
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
      },
    },
    ...(env.onPoll ? { onPoll: env.onPoll } : {}),
  });
  return { close: () => worker.close() };
}
