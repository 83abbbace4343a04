import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { loadCatalog } from './catalog/catalog.js';
import { type City, createSearch, loadCities, type Search } from './catalog/search.js';
import { createTagger, type Tagger, type TagResult } from './catalog/tagger.js';
import type { Catalog } from './catalog/types.js';
import type { Config } from './config.js';
import { type ContentKinds, createContentKinds } from './delivery/content-kind.js';
import { briefingKind } from './delivery/kinds/briefing.js';
import { correctionKind } from './delivery/kinds/correction.js';
import { deletionKind } from './delivery/kinds/deletion.js';
import { copyKind, textKind } from './delivery/kinds/message.js';
import { createQueues, type DeliveryQueues } from './delivery/queues.js';
import { createDeliveryService, type DeliveryService } from './delivery/service.js';
import { digestKind } from './digest/kind.js';
import { createI18n, type I18n } from './i18n/index.js';
import { createFeedScheduler, type FeedScheduler } from './ingest/scheduler.js';
import type { Logger } from './logger.js';
import { createRedis } from './redis.js';
import { type AdminState, createAdminState } from './store/admin-state.js';
import { type ApiTokenStore, createApiTokenStore } from './store/api-tokens.js';
import { type AuditLog, createAuditLog } from './store/audit.js';
import { type BriefingStore, createBriefingStore } from './store/briefings.js';
import { createDailyStats, type DailyStats } from './store/daily-stats.js';
import { createDeliveryStore, type DeliveryStore } from './store/deliveries.js';
import { createDeskSessionStore, type DeskSessionStore } from './store/desk-sessions.js';
import { createDraftStore, type DraftStore } from './store/drafts.js';
import { createEditorStore, type EditorStore } from './store/editors.js';
import { createElectionStore, type ElectionStore } from './store/elections.js';
import { createFeedStore, type FeedStore } from './store/feeds.js';
import { createSubscriberStore, type SubscriberStore } from './store/subscribers.js';

/**
 * Everything the program is made of except its entry points: Redis, the stores, the queues, the
 * delivery engine with its content kinds, the catalogue and i18n. Built once by {@link createCore};
 * the bot and worker roles, the CLI, tests and benchmarks all start from it.
 */
export interface Core {
  config: Config;
  logger: Logger;
  /** The store connection (commands fail fast; BullMQ workers open their own). */
  redis: Redis;
  prefix: string;
  catalog: Catalog;
  i18n: I18n;
  subscribers: SubscriberStore;
  briefings: BriefingStore;
  deliveries: DeliveryStore;
  audit: AuditLog;
  adminState: AdminState;
  /** Editors added by owners (ADMIN_IDS are the owners). */
  editors: EditorStore;
  /** The web desk's sign-in links and sessions. */
  deskSessions: DeskSessionStore;
  /** Readers gained and lost per day (the charts). */
  daily: DailyStats;
  /** The desk's drafts (`src/usecases/desk.ts`). */
  drafts: DraftStore;
  /** The clock of stores and use cases (a test's, or `Date.now`). */
  now: () => number;
  /** The election switch per state (which kind of seat is offered first). */
  elections: ElectionStore;
  queues: DeliveryQueues;
  /** Website feeds and their poll state (src/ingest). */
  feeds: FeedStore;
  /** The feeds' poll schedule (BullMQ job schedulers on the feed-poll queue). */
  feedScheduler: FeedScheduler;
  /** CMS API tokens (hashes only) and the API's idempotency records. */
  apiTokens: ApiTokenStore;
  /** Content kinds the engine delivers (briefing, text, copy, correction, deletion, digest). */
  kinds: ContentKinds;
  delivery: DeliveryService;
  /** The seat search index, built on first use (only the bot needs it: workers resolve codes). */
  search: Search;
  /**
   * The seat tagger (`/new`, the web desk, feeds and the API suggest seats with it), built on first use
   * with the same cities as the search.
   */
  tag: (text: string) => TagResult;
  /** The bot's @username for deep links; set by a role once Telegram has told it. */
  botUsername(): string;
  setBotUsername(username: string): void;
  /** Closes the queues and, when the core opened it, the Redis connection. */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** A connection to use instead of opening one from REDIS_URL (tests); the caller closes it. */
  redis?: Redis;
  /** A catalogue to use instead of loading CONTENT_DIR/catalogue. */
  catalog?: Catalog;
  /** Clock for stores and digests (tests). */
  now?: () => number;
}

/**
 * Builds the core from the parsed config. Opens the store connection (unless one is given) but sends
 * nothing until the first command; the caller decides when to wait for Redis.
 */
export function createCore(config: Config, logger: Logger, opts: CoreOptions = {}): Core {
  const prefix = config.keyPrefix;
  const ownsRedis = !opts.redis;
  const redis = opts.redis ?? createRedis(config, logger, { name: `${prefix}-store` });
  const catalog = opts.catalog ?? loadCatalog(join(config.contentDir, 'catalogue'));
  const i18n = createI18n(config.localesDir);
  const now = opts.now;
  const clock = now ? { now } : {};

  const subscribers = createSubscriberStore({
    redis,
    prefix,
    defaultDigest: config.digestSlots[0] ?? 'off',
    ...clock,
  });
  const briefings = createBriefingStore({ redis, prefix, ...clock, acPc: (ac) => catalog.acByCode(ac)?.pc });
  const deliveries = createDeliveryStore({ redis, prefix, ...clock });
  const queues = createQueues(redis, prefix);
  const feedScheduler = createFeedScheduler({ redis, prefix, defaultPollMs: config.feedPollMs, logger });

  let username = '';
  const botUsername = () => username;
  const kinds = createContentKinds();
  kinds.register(briefingKind({ briefings, catalog, i18n, botUsername }));
  kinds.register(textKind);
  kinds.register(copyKind);
  kinds.register(correctionKind({ deliveries, kinds }));
  kinds.register(deletionKind);
  kinds.register(
    digestKind({
      source: briefings,
      i18n,
      catalog,
      botUsername,
      tz: config.digestTz,
      ...clock,
    }),
  );

  // Cities under CONTENT_DIR when it has them, else the shipped list; read once for search and tagger.
  const citiesFile = join(config.contentDir, 'catalogue', 'search', 'cities.yaml');
  let cities: { cities?: City[] } | undefined;
  const citiesOpt = () => (cities ??= existsSync(citiesFile) ? { cities: loadCities(citiesFile) } : {});
  let search: Search | undefined;
  let tagger: Tagger | undefined;
  return {
    config,
    logger,
    redis,
    prefix,
    catalog,
    i18n,
    subscribers,
    briefings,
    deliveries,
    audit: createAuditLog({ redis, prefix }),
    adminState: createAdminState({ redis, prefix }),
    editors: createEditorStore({ redis, prefix, ...clock }),
    deskSessions: createDeskSessionStore({ redis, prefix, ...clock }),
    daily: createDailyStats({ redis, prefix }),
    drafts: createDraftStore({ redis, prefix }),
    now: now ?? Date.now,
    elections: createElectionStore({ redis, prefix }),
    queues,
    feeds: createFeedStore({ redis, prefix, ...clock }),
    feedScheduler,
    apiTokens: createApiTokenStore({ redis, prefix, ...clock }),
    kinds,
    delivery: createDeliveryService({ redis, prefix, catalog, deliveries, queues, kinds, logger, ...clock }),
    search: (query, o) => {
      search ??= createSearch(catalog, citiesOpt());
      return search(query, o);
    },
    tag: (text) => {
      tagger ??= createTagger(catalog, citiesOpt());
      return tagger(text);
    },
    botUsername,
    setBotUsername(name) {
      username = name;
    },
    async close() {
      await queues.close().catch(() => undefined);
      await feedScheduler.close().catch(() => undefined);
      if (ownsRedis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
