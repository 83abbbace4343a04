import { Redis, type RedisOptions, ReplyError } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** Where Redis is: REDIS_URL alone, or Sentinels that name the primary (REDIS_URL then gives auth, db, TLS). */
export type RedisTarget = Pick<Config, 'redisUrl' | 'redisSentinels' | 'redisSentinelName'>;

/**
 * ioredis options for `target`. With Sentinels, the client asks them for the current primary at every
 * (re)connection and checks the role it finds, so after a failover it lands on the promoted replica by
 * itself; the password, user, database and TLS of REDIS_URL carry over to the data connections (and
 * TLS to the Sentinels too: a deployment that encrypts one encrypts both).
 */
export function redisOptions(target: RedisTarget, extra: RedisOptions = {}): RedisOptions {
  const url = new URL(target.redisUrl);
  const tls = url.protocol === 'rediss:' ? {} : undefined;
  const db = Number(url.pathname.replace(/^\//, '') || 0);
  const auth = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
  if (!target.redisSentinels) return { ...extra };
  return {
    ...auth,
    db: Number.isInteger(db) ? db : 0,
    sentinels: target.redisSentinels.map((s) => ({ host: s.host, port: s.port })),
    name: target.redisSentinelName,
    role: 'master',
    // Keep asking the Sentinels while none answers (all restarting): the same pace as a lost primary.
    sentinelRetryStrategy: (times) => Math.min(times * 200, 2000),
    // Not ioredis's failoverDetector: a +switch-master arriving while the client is still reconnecting
    // after the primary died makes ioredis end the connection for good (seen in the failover chaos
    // test). A killed primary drops the socket anyway, and a demoted one has its clients killed by
    // Sentinel or answers READONLY (reconnectOnError below).
    ...(tls ? { tls, enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
    ...extra,
  };
}

/**
 * A connection for a command-line tool: to REDIS_URL or the Sentinels' primary like the program, but
 * failing fast (one try, no reconnect), so that the tool says Redis does not answer instead of waiting.
 */
export async function connectOnce(target: RedisTarget): Promise<Redis> {
  const options = redisOptions(target, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    ...(target.redisSentinels ? { sentinelRetryStrategy: () => null } : {}),
  });
  const redis = target.redisSentinels ? new Redis(options) : new Redis(target.redisUrl, options);
  // Reported by the caller through connect()'s rejection; no unhandled 'error' event.
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

/**
 * Opens an ioredis connection to REDIS_URL or, with REDIS_SENTINELS, to the primary the Sentinels
 * name. `blocking: true` is for BullMQ workers (maxRetriesPerRequest null, so blocking commands wait
 * out a Redis restart or a failover); otherwise commands fail after a few retries so that a request
 * from a reader gets an answer rather than hanging. Errors are logged, never thrown at import.
 */
export function createRedis(
  target: RedisTarget,
  logger: Logger,
  opts: { name: string; blocking?: boolean },
): Redis {
  const options = redisOptions(target, {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.blocking ? null : 3,
    enableReadyCheck: true,
    // Commands issued in the same tick leave in one write: a send worker issues hundreds a second, and
    // each write to the socket was a system call of its own (the largest single cost per message in the
    // worker's profile, docs/benchmarks.md). Not on BullMQ's blocking connections, which it manages.
    enableAutoPipelining: !opts.blocking,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // A demoted primary (or a replica reached by mistake) refuses writes: reconnect, and the Sentinels
    // (or DNS) give the current primary; the command is sent again there.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  });
  const redis = target.redisSentinels ? new Redis(options) : new Redis(target.redisUrl, options);
  let lastLogged = 0;
  const warn = (err: Error, what: string) => {
    // ioredis emits an error per reconnect attempt; one line every 10 s is enough.
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      logger.warn({ err, connection: opts.name }, what);
    }
  };
  redis.on('error', (err) => warn(err, 'redis connection error'));
  redis.on('sentinelError', (err: Error) => warn(err, 'redis sentinel error'));
  return redis;
}

/** What Redis says about eviction and persistence; undefined where it would not say. */
export interface RedisSettings {
  /** `maxmemory-policy`, from CONFIG GET or, where CONFIG is refused (managed Redis), INFO memory. */
  maxmemoryPolicy: string | undefined;
  /** Whether the append-only file is on (CONFIG GET appendonly, else INFO persistence). */
  aof: boolean | undefined;
}

/** `field:value` of an INFO section, or undefined. */
function infoField(info: string, field: string): string | undefined {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return m?.[1]?.trim();
}

/** CONFIG GET one parameter; undefined when the server refuses CONFIG (renamed, ACL, managed Redis). */
async function configGet(redis: Redis, name: string): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', name)) as unknown as string[];
    return reply[1];
  } catch (err) {
    // A refused command (unknown, renamed, NOPERM) is an answer; a dead connection is not, and must not
    // read as "unknown".
    if (err instanceof ReplyError) return undefined;
    throw err;
  }
}

/**
 * Reads the eviction policy and whether AOF is on. Managed Redis often refuses CONFIG: the policy then
 * comes from INFO memory (`maxmemory_policy`, Redis 4 and later) and AOF from INFO persistence.
 */
export async function readRedisSettings(redis: Redis): Promise<RedisSettings> {
  let maxmemoryPolicy = await configGet(redis, 'maxmemory-policy');
  if (maxmemoryPolicy === undefined)
    maxmemoryPolicy = infoField(await redis.info('memory'), 'maxmemory_policy');
  const appendonly = await configGet(redis, 'appendonly');
  let aof: boolean | undefined = appendonly === undefined ? undefined : appendonly === 'yes';
  if (aof === undefined) {
    const enabled = infoField(await redis.info('persistence'), 'aof_enabled');
    aof = enabled === undefined ? undefined : enabled === '1';
  }
  return { maxmemoryPolicy, aof };
}

/** The policy the program needs: any other lets Redis delete send records, subscriptions or jobs. */
export const REQUIRED_MAXMEMORY_POLICY = 'noeviction';

/** One line saying what is wrong with the eviction policy and how to fix it; undefined when right. */
export function evictionProblem(policy: string | undefined): string | undefined {
  if (policy === undefined || policy === REQUIRED_MAXMEMORY_POLICY) return undefined;
  return (
    `Redis maxmemory-policy is ${policy}, so Redis may delete send records, subscriptions or queued jobs ` +
    `when memory runs short: set maxmemory-policy ${REQUIRED_MAXMEMORY_POLICY} (redis.conf, ` +
    `CONFIG SET maxmemory-policy ${REQUIRED_MAXMEMORY_POLICY}, or the managed service's parameter settings)`
  );
}

/** Thrown by {@link checkRedisSettings} when Redis may evict keys: the program must not start. */
export class RedisSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisSettingsError';
  }
}

/**
 * The start-up check: throws {@link RedisSettingsError} (one line naming the setting and the fix) when
 * the eviction policy is anything but `noeviction`; warns when AOF is off (a restart loses everything
 * since the last snapshot) or when Redis would not say.
 */
export async function checkRedisSettings(redis: Redis, logger: Logger): Promise<RedisSettings> {
  const settings = await readRedisSettings(redis);
  const problem = evictionProblem(settings.maxmemoryPolicy);
  if (problem) throw new RedisSettingsError(problem);
  if (settings.maxmemoryPolicy === undefined)
    logger.warn(
      'could not check Redis maxmemory-policy (CONFIG and INFO memory do not say): make sure it is noeviction',
    );
  if (settings.aof === false)
    logger.warn(
      'Redis runs without AOF (appendonly no): a Redis restart loses every write since its last snapshot (send records, jobs). Set appendonly yes',
    );
  else if (settings.aof === undefined)
    logger.warn('could not check whether Redis AOF is on (appendonly yes is advised)');
  return settings;
}

/** Runs a write so that it survives a failover as far as Redis allows (see {@link createReplicaWait}). */
export type DurableWrite = <T>(write: () => Promise<T>) => Promise<T>;

/** After a WAIT that no replica answered in time, how long writes go unconfirmed before trying again. */
const REPLICA_WAIT_PAUSE_MS = 10_000;

/**
 * `WAIT <replicas> <timeoutMs>` after a write on `redis`, for records that must outlive a failover (a
 * send record: lost, the message goes out again). Redis replicates asynchronously; WAIT returns once a
 * replica has acknowledged every write this connection made so far, so a primary killed after that has
 * handed the record to the replica Sentinel promotes.
 *
 * - One WAIT covers every write made before it on the connection, and WAIT blocks the connection it
 *   runs on: concurrent writes share WAITs (at most one running and one queued), never one each.
 * - A connection that dropped between the write and WAIT's answer (a failover) may have lost the write
 *   with the old primary, and a WAIT resent on the new connection proves nothing: the write is made
 *   again (every write given here is idempotent) and waited for again.
 * - A WAIT that no replica answers in time (no replica left, a broken link) is logged once, and writes
 *   go unconfirmed for 10 s rather than each paying the timeout.
 */
export function createReplicaWait(
  redis: Redis,
  logger: Logger,
  opts: { timeoutMs: number; replicas?: number },
): DurableWrite {
  const replicas = opts.replicas ?? 1;
  let epoch = 0;
  redis.on('close', () => {
    epoch++;
  });
  let pausedUntil = 0;
  // The WAIT on the wire, and the one that will follow it for writes that finished after it was sent.
  let running: Promise<number | undefined> | undefined;
  let queued: Promise<number | undefined> | undefined;
  const runWait = (): Promise<number | undefined> =>
    redis.wait(replicas, opts.timeoutMs).then(
      (n) => n,
      () => undefined,
    );
  const waitCoveringNow = (): Promise<number | undefined> => {
    if (!running) {
      const p = runWait().finally(() => {
        if (running === p) running = undefined;
      });
      running = p;
      return p;
    }
    if (!queued) {
      const q = running.then(() => {
        queued = undefined;
        return waitCoveringNow();
      });
      queued = q;
    }
    return queued;
  };
  return async <T>(write: () => Promise<T>): Promise<T> => {
    if (Date.now() < pausedUntil) return write();
    let first: { value: T } | undefined;
    for (let attempt = 1; ; attempt++) {
      const before = epoch;
      const value = await write();
      first ??= { value };
      if (Date.now() < pausedUntil) return first.value;
      const acked = await waitCoveringNow();
      const dropped = epoch !== before || acked === undefined;
      if (dropped && attempt < 5) continue;
      if ((dropped || (acked ?? 0) < replicas) && Date.now() >= pausedUntil) {
        pausedUntil = Date.now() + REPLICA_WAIT_PAUSE_MS;
        logger.warn(
          { replicas, timeoutMs: opts.timeoutMs, acked: acked ?? null },
          'no Redis replica confirmed a send record in time; not waiting for replicas for 10 s (a failover now may repeat messages)',
        );
      }
      return first.value;
    }
  };
}
