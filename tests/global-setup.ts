import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { CONTENT_ROOT_ENV } from './helpers/fixtures.js';

/**
 * Fails fast, with the fix, when the shared test Redis does not answer. Makes one temporary folder for
 * the content directories tests write (tests/helpers/fixtures.ts); test workers inherit its path, and
 * the teardown removes it with everything in it.
 */
export default async function setup(): Promise<() => void> {
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
  const root = mkdtempSync(join(tmpdir(), 'chunav-test-run-'));
  process.env[CONTENT_ROOT_ENV] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
