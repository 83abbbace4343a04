import { Redis, type RedisOptions } from 'ioredis';
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
    // A promotion is announced on the Sentinels' +switch-master: reconnect at once rather than wait for
    // the old primary's socket to fail (it may be alive, demoted, answering READONLY).
    failoverDetector: true,
    ...(tls ? { tls, enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
    ...extra,
  };
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
      logger.warn({ err: { message: err.message }, connection: opts.name }, what);
    }
  };
  redis.on('error', (err) => warn(err, 'redis connection error'));
  redis.on('sentinelError', (err: Error) => warn(err, 'redis sentinel error'));
  return redis;
}
