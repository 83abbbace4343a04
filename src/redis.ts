import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Opens an ioredis connection. `blocking: true` is for BullMQ workers (maxRetriesPerRequest null, so
 * blocking commands wait out a Redis restart); otherwise commands fail after a few retries so that a
 * request from a reader gets an answer rather than hanging. Errors are logged, never thrown at import.
 */
export function createRedis(url: string, logger: Logger, opts: { name: string; blocking?: boolean }): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.blocking ? null : 3,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const redis = new Redis(url, options);
  let lastLogged = 0;
  redis.on('error', (err) => {
    // ioredis emits an error per reconnect attempt; one line every 10 s is enough.
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      logger.warn({ err: { message: err.message }, connection: opts.name }, 'redis connection error');
    }
  });
  return redis;
}
