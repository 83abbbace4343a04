import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const idList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^\d{1,20}$/, 'each admin id must be a numeric Telegram user id')))
  .transform((ids) => ids.map(Number));

const slotList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'each slot must be HH:MM (24-hour)')).min(1))
  .transform((slots) => [...new Set(slots)].sort());

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/** A duration in minutes: `90`, `90m`, `2h` or `1h30m`; at most a day. Output: milliseconds. */
const minutesDuration = z
  .string()
  .regex(/^(?:\d{1,4}|(?:\d{1,2}h)?(?:\d{1,4}m)?)$/i, 'a duration like 2h, 90m, 1h30m or 120 (minutes)')
  .refine((s) => s !== '', 'a duration like 2h, 90m, 1h30m or 120 (minutes)')
  .transform((s) => {
    const m = /^(?:(\d+)h)?(?:(\d+)m?)?$/i.exec(s);
    return (Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 0)) * 60_000;
  })
  .refine((ms) => ms <= 24 * 3600_000, 'at most 24h');

/** A short duration: `10s`, `1500ms` or plain seconds (`10`); at most 10 minutes. Output: milliseconds. */
const secondsDuration = z
  .string()
  .regex(/^\d{1,6}(?:ms|s)?$/i, 'a duration like 10s, 1500ms or 10 (seconds)')
  .transform((s) => {
    const m = /^(\d+)(ms|s)?$/i.exec(s);
    const n = Number(m?.[1] ?? 0);
    return m?.[2]?.toLowerCase() === 'ms' ? n : n * 1000;
  })
  .refine((ms) => ms <= 600_000, 'at most 10 minutes (600s)');

/** REDIS_REPLICA_WAIT when Sentinels are set and it is not: see docs/reliability.md "Failover". */
const DEFAULT_REPLICA_WAIT_MS = 100;

/** `host:port,host:port` (Sentinels); IPv6 hosts in brackets, `[::1]:26379`. */
const sentinelList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/,
            'each Sentinel must be host:port, e.g. sentinel-1:26379',
          ),
      )
      .min(1),
  )
  .transform((list) =>
    list.map((hp) => {
      const at = hp.lastIndexOf(':');
      return { host: hp.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(hp.slice(at + 1)) };
    }),
  )
  .refine((list) => list.every((s) => s.port >= 1 && s.port <= 65535), 'each Sentinel port must be 1-65535');

/** The environment the program reads; every variable is listed in .env.example. */
const EnvSchema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC... (ask @BotFather)')
      .optional(),
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    REDIS_SENTINELS: sentinelList.optional(),
    REDIS_SENTINEL_NAME: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'the master group name the Sentinels monitor (letters, digits, . _ -)')
      .optional(),
    REDIS_REPLICA_WAIT: z
      .union([z.literal('off'), secondsDuration])
      .transform((v) => (v === 'off' ? 0 : v))
      .refine((ms) => ms <= 5000, 'at most 5s (every send waits up to this long for a replica)')
      .optional(),
    KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and - only (it becomes part of every key)')
      .default('chunav'),
    ADMIN_IDS: idList.default([]),
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    // Loopback unless asked: /metrics has no auth (the Docker image and compose set 0.0.0.0 in their container).
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(543).default(20),
    CONTENT_DIR: z.string().min(1).default('content'),
    LOCALES_DIR: z.string().min(1).default('locales'),
    SEND_RATE: z
      .union([z.literal('unlimited'), z.coerce.number().int().min(1).max(1000)])
      .transform((v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : v))
      .default(30),
    PAID_BROADCAST: bool.default(false),
    DIGEST_SLOTS: slotList.default(['07:00', '13:00', '19:00']),
    DIGEST_TZ: z.string().min(1).default('Asia/Kolkata'),
    QUIET_START: hhmm.default('22:00'),
    QUIET_END: hhmm.default('07:00'),
    DIGEST_CATCHUP: minutesDuration.default(2 * 3600_000),
    ADMIN_HTTP_TOKEN: z
      .string()
      .min(16, 'at least 16 characters (it guards the queue dashboard)')
      .max(256, 'at most 256 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .optional(),
    SHUTDOWN_TIMEOUT: secondsDuration.default(10_000),
    DESK_URL: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !/[?#]/.test(u), 'the public base URL of the web desk, without ? or #')
      // The pages link to /desk/… from the root, and the session cookie is a __Host- cookie (Path=/):
      // the desk needs a host of its own, not a path under another site.
      .refine(
        (u) => new URL(u).pathname.replace(/\/+$/, '') === '',
        'only the scheme and host (like https://desk.example.com): the desk lives under /desk on it',
      )
      .optional(),
    FEED_POLL: minutesDuration.refine((ms) => ms >= 60_000, 'at least 1m').default(2 * 60_000),
    FEED_MAX_AGE: minutesDuration.default(24 * 3600_000),
    FEED_TIMEOUT: secondsDuration.refine((ms) => ms >= 1000, 'at least 1s').default(15_000),
    FEED_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(10_000, 'at least 10000 bytes')
      .max(50_000_000, 'at most 50000000 bytes (50 MB)')
      .default(2_000_000),
    FEED_ALLOW_PRIVATE: bool.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE === 'webhook') {
      if (!env.WEBHOOK_URL)
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'required when BOT_MODE=webhook' });
      if (!env.WEBHOOK_SECRET)
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required when BOT_MODE=webhook' });
    }
    if (!env.PAID_BROADCAST && Number.isFinite(env.SEND_RATE) && env.SEND_RATE > 30) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEND_RATE'],
        message: 'Telegram allows about 30 messages/s; set PAID_BROADCAST=true for more (up to 1000)',
      });
    }
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME)
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_SENTINEL_NAME'],
        message: 'required when REDIS_SENTINELS is set (the name in `sentinel monitor <name> ...`)',
      });
    if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS)
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_SENTINELS'],
        message: 'required when REDIS_SENTINEL_NAME is set (host:port of each Sentinel)',
      });
    try {
      new Intl.DateTimeFormat('en', { timeZone: env.DIGEST_TZ });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['DIGEST_TZ'], message: 'not a known IANA time zone' });
    }
  });

/** Parsed configuration, camelCase. */
export interface Config {
  botToken: string | undefined;
  telegramApiRoot: string;
  /** Password, database and TLS of Redis; its host and port too unless Sentinels are set. */
  redisUrl: string;
  /** Sentinels to ask for the current primary; undefined: Redis is at REDIS_URL. */
  redisSentinels: ReadonlyArray<{ host: string; port: number }> | undefined;
  /** The master group name the Sentinels monitor (set exactly when `redisSentinels` is). */
  redisSentinelName: string | undefined;
  /**
   * How long a send record waits for a replica to acknowledge it (`WAIT 1 <ms>`), so that a failover
   * does not lose it; 0 = off. Default 100 ms with Sentinels, off without.
   */
  replicaWaitMs: number;
  keyPrefix: string;
  adminIds: readonly number[];
  botMode: 'polling' | 'webhook';
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  httpPort: number;
  httpHost: string;
  logLevel: string;
  maxSubscriptions: number;
  contentDir: string;
  localesDir: string;
  /** Messages per second for all workers; Infinity for `unlimited` (benchmarks, never real Telegram). */
  sendRate: number;
  paidBroadcast: boolean;
  digestSlots: readonly string[];
  digestTz: string;
  quietStart: string;
  quietEnd: string;
  /** How late a missed digest slot may still be sent (ms); later ones are skipped. */
  digestCatchupMs: number;
  /** Bearer/Basic token guarding /admin/queues; undefined leaves the dashboard off. */
  adminHttpToken: string | undefined;
  /** How long shutdown waits for in-flight jobs and updates (ms) before closing anyway. */
  shutdownTimeoutMs: number;
  /** Public base URL of the web desk (no trailing slash); undefined leaves the desk off (404). */
  deskUrl: string | undefined;
  /** How often each feed is polled unless it sets its own interval (ms; default 2 minutes). */
  feedPollMs: number;
  /** Feed items older than this (ms; default 24 h) never become drafts. */
  feedMaxAgeMs: number;
  /** One feed request's time limit, redirects and body included (ms). */
  feedTimeoutMs: number;
  /** Largest feed body read (bytes); a longer one is cut off and reported. */
  feedMaxBytes: number;
  /** Feeds may be read from private, loopback and link-local addresses (default: public ones only). */
  feedAllowPrivate: boolean;
}

/** Thrown by {@link parseConfig}; `message` names every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once. Empty strings count as unset, so `FOO=` in an env file means "default".
 * Throws {@link ConfigError} naming each bad variable.
 */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') cleaned[k] = v.trim();
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0] ?? '(env)')}: ${i.message}`);
    throw new ConfigError([...new Set(problems)]);
  }
  const e = result.data;
  return {
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    redisUrl: e.REDIS_URL,
    redisSentinels: e.REDIS_SENTINELS,
    redisSentinelName: e.REDIS_SENTINEL_NAME,
    replicaWaitMs: e.REDIS_REPLICA_WAIT ?? (e.REDIS_SENTINELS ? DEFAULT_REPLICA_WAIT_MS : 0),
    keyPrefix: e.KEY_PREFIX,
    adminIds: e.ADMIN_IDS,
    botMode: e.BOT_MODE,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    httpPort: e.HTTP_PORT,
    httpHost: e.HTTP_HOST,
    logLevel: e.LOG_LEVEL,
    maxSubscriptions: e.MAX_SUBSCRIPTIONS,
    contentDir: e.CONTENT_DIR,
    localesDir: e.LOCALES_DIR,
    sendRate: e.SEND_RATE,
    paidBroadcast: e.PAID_BROADCAST,
    digestSlots: e.DIGEST_SLOTS,
    digestTz: e.DIGEST_TZ,
    quietStart: e.QUIET_START,
    quietEnd: e.QUIET_END,
    digestCatchupMs: e.DIGEST_CATCHUP,
    adminHttpToken: e.ADMIN_HTTP_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
    deskUrl: e.DESK_URL?.replace(/\/+$/, ''),
    feedPollMs: e.FEED_POLL,
    feedMaxAgeMs: e.FEED_MAX_AGE,
    feedTimeoutMs: e.FEED_TIMEOUT,
    feedMaxBytes: e.FEED_MAX_BYTES,
    feedAllowPrivate: e.FEED_ALLOW_PRIVATE,
  };
}

/** For entry points: the parsed config, or the list of bad variables on stderr and exit code 1. */
export function parseConfigOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
