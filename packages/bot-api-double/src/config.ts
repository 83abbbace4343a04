import type { UserFromGetMe } from 'grammy/types';
import type { Range } from './random.js';
import type { LengthUnit } from './text.js';

/** Telegram's send-type methods: the ones the rate limiter counts and faults hit by default. */
export const SEND_METHODS: readonly string[] = [
  'sendMessage',
  'sendPhoto',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
];

/** Sliding-window limits on send methods. A limit of 0 (or absent) is off. */
export interface RateLimitOptions {
  /** Sends admitted in any window across all chats (Telegram: about 30 per second). */
  global?: number;
  /** Sends admitted in any window per chat (Telegram: about 1 per second in a private chat). */
  perChat?: number;
  /** Separate global limit for sends with allow_paid_broadcast (Telegram: up to 1000 per second). */
  paid?: number;
  /** Window length; default 1000 ms. */
  windowMs?: number;
  /** Announce this retry_after (seconds) instead of the computed wait; Telegram often asks for more. */
  retryAfter?: number;
}

/** Random faults, drawn from a seeded PRNG. Probabilities are per call and must sum to at most 1. */
export interface FaultOptions {
  /** Probability of an injected 429 (on top of the rate limiter). */
  p429?: number;
  /** retry_after of injected 429s, seconds (fixed or an inclusive range); default 1..3. */
  retryAfter?: number | Range;
  /** Probability of 500 Internal Server Error / 502 Bad Gateway (half each). */
  p5xx?: number;
  /** Probability the socket is destroyed before anything is recorded (a lost request). */
  pDropBeforeRecord?: number;
  /** Probability the call takes effect but the socket is destroyed instead of answering (a lost answer). */
  pDropAfterRecord?: number;
  /** Methods the faults hit; default {@link SEND_METHODS}; 'all' for every method but getUpdates. */
  methods?: readonly string[] | 'all';
}

/** How the double delivers updates to a webhook. */
export interface WebhookDeliveryOptions {
  /** Attempts per update before it is dropped; default 5. */
  attempts?: number;
  /** First retry delay, doubled each retry; default 100 ms. */
  backoffMs?: number;
  /** Per-attempt timeout; default 10 s. */
  timeoutMs?: number;
}

/** Everything that can be set at construction and changed at run time (`configure`, POST /control/config). */
export interface BotApiDoubleSettings {
  /** Accept only this token (others get 401 Unauthorized); null or absent accepts any token. */
  token?: string | null;
  /** Fields of getMe to override; default id 7000000001, username chunav_test_bot. */
  botInfo?: Partial<UserFromGetMe>;
  /** Rate limits; null turns them off. */
  rateLimit?: RateLimitOptions | null;
  /** Latency added to every API call: fixed ms or a uniform random {min, max}. */
  latencyMs?: number | Range;
  /** Random faults; null turns them off. */
  faults?: FaultOptions | null;
  /** Chats that blocked the bot: 403 "Forbidden: bot was blocked by the user". Replaces the set. */
  deadChats?: Iterable<number>;
  /** Deleted accounts: 403 "Forbidden: user is deactivated". Replaces the set. */
  deactivatedChats?: Iterable<number>;
  /** Chats that do not exist: 400 "Bad Request: chat not found". Replaces the set. */
  missingChats?: Iterable<number>;
  /** Refuse sends to chats never seen in a pushed update, as Telegram does (default false). */
  knownChatsOnly?: boolean;
  /** Telegram's validation of text, HTML, markup and callback query ids (default true). */
  strict?: boolean;
  /** How the 4096-character limit is counted (default 'codepoint', as Telegram). */
  lengthUnit?: LengthUnit;
  /**
   * How long after sending the bot may delete a message (default 48 hours, as Telegram in private
   * chats); older ones answer "message can't be deleted for everyone". Tests shorten it.
   */
  deleteWindowMs?: number;
  /** PRNG seed for faults and latency (default 1). Setting it restarts the sequences. */
  seed?: number;
  /** Keep text, markup and edit history of bot messages (default true); false keeps chat, id and time. */
  recordText?: boolean;
  /** API calls kept for `calls()` (a ring; default 10,000; 0 keeps none). Counters are unaffected. */
  callLogLimit?: number;
  /** Updates kept for getUpdates before the oldest is dropped (default 100,000). */
  maxPendingUpdates?: number;
  webhook?: WebhookDeliveryOptions;
}

/** Settings after defaults; sets are real sets. */
export interface ResolvedConfig {
  token: string | undefined;
  botInfo: UserFromGetMe;
  rateLimit: Required<Omit<RateLimitOptions, 'retryAfter'>> & { retryAfter: number | undefined };
  latencyMs: number | Range;
  faults: Required<Omit<FaultOptions, 'methods'>> & { methods: readonly string[] | 'all' };
  deadChats: Set<number>;
  deactivatedChats: Set<number>;
  missingChats: Set<number>;
  knownChatsOnly: boolean;
  strict: boolean;
  lengthUnit: LengthUnit;
  deleteWindowMs: number;
  seed: number;
  recordText: boolean;
  callLogLimit: number;
  maxPendingUpdates: number;
  webhook: Required<WebhookDeliveryOptions>;
}

/** The configuration as JSON (GET /control/config); the token is reported as set or not, never echoed. */
export type ConfigSnapshot = Omit<
  ResolvedConfig,
  'token' | 'deadChats' | 'deactivatedChats' | 'missingChats'
> & {
  tokenRequired: boolean;
  deadChats: number[];
  deactivatedChats: number[];
  missingChats: number[];
};

export const DEFAULT_BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Chunav Test Bot',
  username: 'chunav_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const NO_RATE_LIMIT: ResolvedConfig['rateLimit'] = {
  global: 0,
  perChat: 0,
  paid: 0,
  windowMs: 1000,
  retryAfter: undefined,
};

const NO_FAULTS: ResolvedConfig['faults'] = {
  p429: 0,
  retryAfter: { min: 1, max: 3 },
  p5xx: 0,
  pDropBeforeRecord: 0,
  pDropAfterRecord: 0,
  methods: SEND_METHODS,
};

export function defaultConfig(): ResolvedConfig {
  return {
    token: undefined,
    botInfo: { ...DEFAULT_BOT_INFO },
    rateLimit: { ...NO_RATE_LIMIT },
    latencyMs: 0,
    faults: { ...NO_FAULTS },
    deadChats: new Set(),
    deactivatedChats: new Set(),
    missingChats: new Set(),
    knownChatsOnly: false,
    strict: true,
    lengthUnit: 'codepoint',
    deleteWindowMs: 48 * 3600_000,
    seed: 1,
    recordText: true,
    callLogLimit: 10_000,
    maxPendingUpdates: 100_000,
    webhook: { attempts: 5, backoffMs: 100, timeoutMs: 10_000 },
  };
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`faults.${name} must be between 0 and 1, got ${p}`);
}

function checkRange(name: string, value: number | Range): void {
  const ok =
    typeof value === 'number'
      ? value >= 0
      : value !== null && typeof value === 'object' && value.min >= 0 && value.max >= value.min;
  if (!ok) throw new RangeError(`${name} must be a number >= 0 or { min, max } with 0 <= min <= max`);
}

function checkLimit(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`rateLimit.${name} must be a whole number >= 0, got ${value}`);
  }
}

function toChatSet(name: string, chats: Iterable<number>): Set<number> {
  const set = new Set<number>();
  for (const chat of chats) {
    const id = Number(chat);
    if (!Number.isSafeInteger(id)) throw new RangeError(`${name} must hold chat ids, got ${String(chat)}`);
    set.add(id);
  }
  return set;
}

/**
 * Applies `settings` over `base` (nested objects merge field by field; chat sets are replaced) and
 * checks the result. Throws a RangeError naming the bad setting; `base` is never modified.
 */
export function mergeConfig(base: ResolvedConfig, settings: BotApiDoubleSettings): ResolvedConfig {
  const next: ResolvedConfig = { ...base };
  if (settings.token !== undefined) next.token = settings.token ?? undefined;
  if (settings.botInfo !== undefined) next.botInfo = { ...base.botInfo, ...settings.botInfo, is_bot: true };
  if (settings.rateLimit !== undefined) {
    next.rateLimit =
      settings.rateLimit === null ? { ...NO_RATE_LIMIT } : { ...base.rateLimit, ...settings.rateLimit };
  }
  if (settings.latencyMs !== undefined) next.latencyMs = settings.latencyMs;
  if (settings.faults !== undefined) {
    next.faults = settings.faults === null ? { ...NO_FAULTS } : { ...base.faults, ...settings.faults };
  }
  if (settings.deadChats !== undefined) next.deadChats = toChatSet('deadChats', settings.deadChats);
  if (settings.deactivatedChats !== undefined) {
    next.deactivatedChats = toChatSet('deactivatedChats', settings.deactivatedChats);
  }
  if (settings.missingChats !== undefined)
    next.missingChats = toChatSet('missingChats', settings.missingChats);
  if (settings.knownChatsOnly !== undefined) next.knownChatsOnly = settings.knownChatsOnly;
  if (settings.strict !== undefined) next.strict = settings.strict;
  if (settings.lengthUnit !== undefined) next.lengthUnit = settings.lengthUnit;
  if (settings.deleteWindowMs !== undefined) {
    if (!(settings.deleteWindowMs >= 0)) throw new RangeError('deleteWindowMs must be 0 or more');
    next.deleteWindowMs = settings.deleteWindowMs;
  }
  if (settings.seed !== undefined) next.seed = settings.seed;
  if (settings.recordText !== undefined) next.recordText = settings.recordText;
  if (settings.callLogLimit !== undefined) next.callLogLimit = settings.callLogLimit;
  if (settings.maxPendingUpdates !== undefined) next.maxPendingUpdates = settings.maxPendingUpdates;
  if (settings.webhook !== undefined) next.webhook = { ...base.webhook, ...settings.webhook };

  const { rateLimit, faults } = next;
  checkLimit('global', rateLimit.global);
  checkLimit('perChat', rateLimit.perChat);
  checkLimit('paid', rateLimit.paid);
  if (!(rateLimit.windowMs > 0))
    throw new RangeError(`rateLimit.windowMs must be > 0, got ${rateLimit.windowMs}`);
  checkRange('latencyMs', next.latencyMs);
  checkProbability('p429', faults.p429);
  checkProbability('p5xx', faults.p5xx);
  checkProbability('pDropBeforeRecord', faults.pDropBeforeRecord);
  checkProbability('pDropAfterRecord', faults.pDropAfterRecord);
  const total = faults.p429 + faults.p5xx + faults.pDropBeforeRecord + faults.pDropAfterRecord;
  if (total > 1 + 1e-9)
    throw new RangeError(`fault probabilities add up to ${total}; they must not exceed 1`);
  checkRange('faults.retryAfter', faults.retryAfter);
  if (next.lengthUnit !== 'codepoint' && next.lengthUnit !== 'utf16') {
    throw new RangeError(`lengthUnit must be 'codepoint' or 'utf16', got ${String(next.lengthUnit)}`);
  }
  if (!Number.isInteger(next.callLogLimit) || next.callLogLimit < 0) {
    throw new RangeError(`callLogLimit must be a whole number >= 0, got ${next.callLogLimit}`);
  }
  if (!Number.isInteger(next.maxPendingUpdates) || next.maxPendingUpdates < 1) {
    throw new RangeError(`maxPendingUpdates must be a whole number >= 1, got ${next.maxPendingUpdates}`);
  }
  if (!(next.webhook.attempts >= 1)) throw new RangeError('webhook.attempts must be >= 1');
  return next;
}

export function snapshotConfig(config: ResolvedConfig): ConfigSnapshot {
  const { token, deadChats, deactivatedChats, missingChats, ...rest } = config;
  return {
    ...rest,
    tokenRequired: token !== undefined,
    deadChats: [...deadChats],
    deactivatedChats: [...deactivatedChats],
    missingChats: [...missingChats],
  };
}
