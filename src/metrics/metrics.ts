import type { JobType } from 'bullmq';
import type { Update } from 'grammy/types';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Outcome } from '../store/deliveries.js';
import { withTimeout } from '../util/timeout.js';

/** Every metric name starts with this (the Node.js defaults too). */
export const METRIC_PREFIX = 'chunav_';

/** Kinds of Telegram update counted; anything else counts as `other`. */
export const UPDATE_KINDS = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
  'other',
] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** What a send attempt ended in: the recipient's outcome, a 429 pause, or a retry after a transient error. */
export type SendOutcome = Outcome | 'rate-limited' | 'retry';
export const SEND_OUTCOMES: readonly SendOutcome[] = [
  'sent',
  'skipped',
  'blocked',
  'failed',
  'rate-limited',
  'retry',
];

/**
 * Queue states reported as depth. Completed jobs are removed at once, so they are left out; a paused
 * queue keeps its jobs in `waiting` (BullMQ 6).
 */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'failed',
] as const satisfies readonly JobType[];

/** A queue whose depth is read at scrape time (a BullMQ Queue fits). */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...types: JobType[]): Promise<Record<string, number>>;
}

/** Where subscriber counts come from at scrape time (the subscriber store fits); two SCARDs, no scans. */
export interface SubscriberCounts {
  countByStatus(): Promise<{ total: number; active: number; inactive: number }>;
}

export interface MetricsOptions {
  /** Label put on every metric (`all`, `bot`, `worker`). */
  role?: string;
  /** How long a scrape-time collector may take before it is reported as failed (ms, default 1000). */
  collectTimeoutMs?: number;
  /** Node.js process metrics (CPU, memory, event loop); default true. */
  defaultMetrics?: boolean;
  /**
   * False while the Redis connection is down: collectors then fail at once rather than queue commands
   * that ioredis would hold until it reconnects.
   */
  connected?: () => boolean;
}

/** A feed's health as the metrics read it at scrape time (the feed store and its states fit). */
export interface FeedHealthSource {
  feedHealth(): Promise<
    Array<{ id: string; up: boolean; paused: boolean; failures: number; lastOkMs?: number | undefined }>
  >;
}

/** The program's Prometheus metrics: counters fed by hooks, gauges read when scraped. */
export interface Metrics {
  readonly registry: Registry;
  /** Content type of {@link Metrics.render}'s text. */
  readonly contentType: string;
  /** Counts one Telegram update by kind (the bot's first middleware calls it). */
  countUpdate(update: Update): void;
  /** Counts one send outcome (the send worker's `onOutcome` hook); a 429 also counts as a pause. */
  countSend(outcome: SendOutcome): void;
  /** Counts one run of a digest slot's job by what it did (`started`, `exists`, `missed`, `failed`, ...). */
  countDigestRun(slot: string, outcome: string): void;
  /** Reports these queues' depth by state at every scrape. */
  watchQueues(queues: readonly CountableQueue[]): void;
  /** Reports subscribers by status at every scrape. */
  watchSubscribers(source: SubscriberCounts): void;
  /** Counts one feed poll by outcome (`ok`, `not-modified`, a problem such as `http-500`, `skipped`). */
  countFeedPoll(outcome: string): void;
  /** Counts feed items by what became of them: `drafted`, `published`, `skipped`. */
  countFeedItems(result: 'drafted' | 'published' | 'skipped', n: number): void;
  /** Counts one CMS API answer by route and HTTP status. */
  countApi(route: string, status: number): void;
  /** Reports each feed's health line (up, failures in a row, last good poll) at every scrape. */
  watchFeeds(source: FeedHealthSource): void;
  /** Reads the scrape-time gauges (each bounded by the collect timeout), then renders every metric. */
  render(): Promise<string>;
}

/** The kind of an update, by the field Telegram set. */
export function updateKind(update: Update): UpdateKind {
  for (const kind of UPDATE_KINDS) if (kind !== 'other' && update[kind] !== undefined) return kind;
  return 'other';
}

/**
 * Creates the metrics of one process on its own registry (never prom-client's global one, so that
 * several apps in one test process do not collide).
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.role) registry.setDefaultLabels({ role: options.role });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const timeoutMs = options.collectTimeoutMs ?? 1000;
  const registers = [registry];

  const updates = new Counter({
    name: `${METRIC_PREFIX}updates_total`,
    help: 'Telegram updates handled, by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  for (const kind of UPDATE_KINDS) updates.inc({ kind }, 0);

  const sends = new Counter({
    name: `${METRIC_PREFIX}sends_total`,
    help: 'Send attempts by outcome: sent, skipped, blocked, failed, rate-limited (429), retry (5xx or network)',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of SEND_OUTCOMES) sends.inc({ outcome }, 0);

  const pauses = new Counter({
    name: `${METRIC_PREFIX}rate_limit_pauses_total`,
    help: 'Times Telegram answered 429 and the send queue paused for retry_after',
    registers,
  });

  const digestRuns = new Counter({
    name: `${METRIC_PREFIX}digest_runs_total`,
    help: 'Digest slot jobs run, by slot (HH:MM) and outcome',
    labelNames: ['slot', 'outcome'] as const,
    registers,
  });

  const queueDepth = new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs in each BullMQ queue by state, read when scraped',
    labelNames: ['queue', 'state'] as const,
    registers,
  });

  const subscribers = new Gauge({
    name: `${METRIC_PREFIX}subscribers`,
    help: 'Known chats by status (inactive: blocked, deactivated or not found), read when scraped',
    labelNames: ['status'] as const,
    registers,
  });

  const feedPolls = new Counter({
    name: `${METRIC_PREFIX}feed_polls_total`,
    help: 'Feed polls by outcome: ok, not-modified, skipped, or the problem (timeout, too-large, http-500...)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const feedItems = new Counter({
    name: `${METRIC_PREFIX}feed_items_total`,
    help: 'New feed items by what became of them: drafted (for editors), published (auto), skipped',
    labelNames: ['result'] as const,
    registers,
  });
  for (const result of ['drafted', 'published', 'skipped']) feedItems.inc({ result }, 0);
  const apiAnswers = new Counter({
    name: `${METRIC_PREFIX}api_requests_total`,
    help: 'CMS API requests by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    registers,
  });
  const feedUp = new Gauge({
    name: `${METRIC_PREFIX}feed_up`,
    help: "1 when a feed's last poll read it, 0 when it is failing; paused feeds are left out; read when scraped",
    labelNames: ['feed'] as const,
    registers,
  });
  const feedFailures = new Gauge({
    name: `${METRIC_PREFIX}feed_failures`,
    help: 'Failed polls in a row of each feed, read when scraped',
    labelNames: ['feed'] as const,
    registers,
  });
  const feedLastOk = new Gauge({
    name: `${METRIC_PREFIX}feed_last_ok_seconds`,
    help: 'Unix time of the last poll that read each feed, read when scraped',
    labelNames: ['feed'] as const,
    registers,
  });

  const collectorOk = new Gauge({
    name: `${METRIC_PREFIX}scrape_collector_ok`,
    help: '1 when a scrape-time collector answered within its timeout, 0 when it failed or timed out',
    labelNames: ['collector'] as const,
    registers,
  });

  // Scrape-time collectors, run before rendering (prom-client's own collect hooks run concurrently and
  // could not report their failures in a gauge of their own).
  const collectors = new Map<string, () => Promise<void>>();
  const collect = async (name: string, run: () => Promise<void>, clear: () => void): Promise<void> => {
    try {
      if (options.connected && !options.connected()) throw new Error('redis not connected');
      await withTimeout(run(), timeoutMs, `metrics collector ${name}`);
      collectorOk.set({ collector: name }, 1);
    } catch {
      // No stale numbers: a dead Redis shows as missing series and a 0 here.
      clear();
      collectorOk.set({ collector: name }, 0);
    }
  };

  return {
    registry,
    contentType: registry.contentType,
    countUpdate(update) {
      updates.inc({ kind: updateKind(update) });
    },
    countSend(outcome) {
      sends.inc({ outcome });
      if (outcome === 'rate-limited') pauses.inc();
    },
    countDigestRun(slot, outcome) {
      digestRuns.inc({ slot, outcome });
    },
    watchQueues(queues) {
      collectors.set('queues', () =>
        collect(
          'queues',
          async () => {
            const counts = await Promise.all(queues.map((q) => q.getJobCounts(...QUEUE_STATES)));
            queueDepth.reset();
            queues.forEach((q, i) => {
              for (const state of QUEUE_STATES)
                queueDepth.set({ queue: q.name, state }, counts[i]?.[state] ?? 0);
            });
          },
          () => queueDepth.reset(),
        ),
      );
    },
    watchSubscribers(source) {
      collectors.set('subscribers', () =>
        collect(
          'subscribers',
          async () => {
            const c = await source.countByStatus();
            subscribers.set({ status: 'active' }, c.active);
            subscribers.set({ status: 'inactive' }, c.inactive);
          },
          () => subscribers.reset(),
        ),
      );
    },
    countFeedPoll(outcome) {
      feedPolls.inc({ outcome });
    },
    countFeedItems(result, n) {
      if (n > 0) feedItems.inc({ result }, n);
    },
    countApi(route, status) {
      apiAnswers.inc({ route, status: String(status) });
    },
    watchFeeds(source) {
      const clear = () => {
        feedUp.reset();
        feedFailures.reset();
        feedLastOk.reset();
      };
      collectors.set('feeds', () =>
        collect(
          'feeds',
          async () => {
            const feeds = await source.feedHealth();
            clear();
            for (const f of feeds) {
              if (f.paused) continue;
              feedUp.set({ feed: f.id }, f.up ? 1 : 0);
              feedFailures.set({ feed: f.id }, f.failures);
              if (f.lastOkMs !== undefined) feedLastOk.set({ feed: f.id }, Math.floor(f.lastOkMs / 1000));
            }
          },
          clear,
        ),
      );
    },
    async render() {
      await Promise.all([...collectors.values()].map((run) => run()));
      return registry.metrics();
    },
  };
}
