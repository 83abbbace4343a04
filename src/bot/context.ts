import type { Context } from 'grammy';
import type { Redis } from 'ioredis';
import type { Search } from '../catalog/search.js';
import type { TagResult } from '../catalog/tagger.js';
import type { Catalog } from '../catalog/types.js';
import type { Config } from '../config.js';
import type { ContentKinds } from '../delivery/content-kind.js';
import type { DeliveryQueues } from '../delivery/queues.js';
import type { DeliveryService } from '../delivery/service.js';
import type { I18n, Lang, Translate } from '../i18n/index.js';
import type { FeedScheduler } from '../ingest/scheduler.js';
import type { Logger } from '../logger.js';
import type { AdminState } from '../store/admin-state.js';
import type { ApiTokenStore } from '../store/api-tokens.js';
import type { AuditLog } from '../store/audit.js';
import type { BriefingStore } from '../store/briefings.js';
import type { DailyStats } from '../store/daily-stats.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { DeskSessionStore } from '../store/desk-sessions.js';
import type { DraftStore } from '../store/drafts.js';
import type { EditorStore } from '../store/editors.js';
import type { ElectionStore } from '../store/elections.js';
import type { FeedStore } from '../store/feeds.js';
import type { SubscriberStore } from '../store/subscribers.js';
import type { SyncCounts } from '../usecases/content.js';

/** What every handler can reach: passed to createBot, no container. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  catalog: Catalog;
  search: Search;
  /** The core's seat tagger: the desk suggests seats with it. */
  tag: (text: string) => TagResult;
  i18n: I18n;
  subscribers: SubscriberStore;
  briefings: BriefingStore;
  deliveries: DeliveryStore;
  delivery: DeliveryService;
  /** Content kinds the engine delivers (how each is corrected, its send records). */
  kinds: ContentKinds;
  adminState: AdminState;
  /** Editors added by owners: they get the desk, less publishing to everyone and /editors. */
  editors: EditorStore;
  /** The desk's drafts (/new, the web desk, feeds, the API): reached through src/usecases/desk.ts. */
  drafts: DraftStore;
  /** The clock of stores and use cases. */
  now: () => number;
  /** The bot's username once known (deep links in what the desk renders). */
  botUsername: () => string;
  /** The election switch per state: which kind of seat search and keyboards offer first. */
  elections: ElectionStore;
  audit: AuditLog;
  /** The web desk's one-time sign-in links (/desk). */
  deskSessions: DeskSessionStore;
  /** Readers gained and lost per day (the /stats picture). */
  daily: DailyStats;
  /** The store connection (a reader's erasure clears their flood counter on it). */
  redis: Redis;
  /** The delivery queues (a reader's erasure removes their send jobs). */
  queues: DeliveryQueues;
  /** Website feeds (/feeds) and their poll schedule; CMS API tokens (/tokens). */
  feeds: FeedStore;
  feedScheduler: FeedScheduler;
  apiTokens: ApiTokenStore;
  /** Reloads content/ into Redis (before a correction); returns what it did, in counts. */
  syncContent: () => Promise<SyncCounts>;
}

/** Set by the locale middleware for every update. */
export interface LocaleFlavor {
  /** The chat's UI language (stored choice, else Hindi). */
  lang: Lang;
  /** Translate in the chat's language; string params are HTML-escaped. */
  t: Translate;
}

/** The one context type of the bot. */
export type BotContext = Context & LocaleFlavor & { deps: BotDeps };
