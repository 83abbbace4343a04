import { Redis } from 'ioredis';

/** Fails fast, with the fix, when the shared test Redis does not answer. */
export default async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(
      `Tests need Redis at ${url} (${(err as Error).message}). Start one: redis-server --daemonize yes`,
    );
  } finally {
    redis.disconnect();
  }
}
