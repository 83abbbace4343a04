import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Catalog } from '../../src/catalog/types.js';
import { parseConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core.js';
import { testCatalog } from './fixtures.js';

/**
 * The program's core on a test's Redis connection and key prefix: the same stores, queues, content
 * kinds and services the program builds, with the test's clock and env overrides.
 */
export function testCore(opts: {
  redis: Redis;
  prefix: string;
  env?: Record<string, string>;
  now?: () => number;
  botUsername?: string;
  catalog?: Catalog;
}): Core {
  const config = parseConfig({
    BOT_TOKEN: '123456:TEST-token-for-the-core-of-tests',
    KEY_PREFIX: opts.prefix,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const core = createCore(config, pino({ level: 'silent' }), {
    redis: opts.redis,
    catalog: opts.catalog ?? testCatalog(),
    ...(opts.now ? { now: opts.now } : {}),
  });
  core.setBotUsername(opts.botUsername ?? 'chunav_test_bot');
  return core;
}
