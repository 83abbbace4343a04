import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEDUPE_CLAIM_SECONDS, DEDUPE_TTL_SECONDS, dedupeKey, dedupeUpdates } from '../../src/bot/dedupe.js';
import { BOT_INFO } from '../helpers/bot-harness.js';
import { freePort } from '../helpers/program.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let env: TestRedis;
beforeEach(async () => {
  env = await createTestRedis('dedupe');
});
afterEach(async () => {
  await env.cleanup();
});

/** A logger that keeps its lines. */
function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/** A bot with only the dedupe middleware and a counting handler; no network. */
function makeBot(redis: Redis, opts: { botId?: number; timeoutMs?: number } = {}) {
  const { logger, lines } = memoryLogger();
  const bot = new Bot<Context>('123456:dedupe-test', {
    botInfo: { ...BOT_INFO, id: opts.botId ?? BOT_INFO.id },
  });
  bot.use(
    dedupeUpdates({
      redis,
      prefix: env.prefix,
      logger,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    }),
  );
  const handled: number[] = [];
  bot.use(async (ctx) => {
    handled.push(ctx.update.update_id);
  });
  return { bot, handled, lines };
}

function update(id: number): Update {
  return {
    update_id: id,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 5, type: 'private', first_name: 'R' },
      from: { id: 5, is_bot: false, first_name: 'R' },
      text: '/start',
    },
  } as Update;
}

describe('update de-duplication (real Redis)', () => {
  it('when the same update_id arrives twice, then it is handled once and the dropped copy is logged as a warning', async () => {
    const { bot, handled, lines } = makeBot(env.redis);
    await bot.handleUpdate(update(101));
    await bot.handleUpdate(update(101));
    await bot.handleUpdate(update(102));
    expect(handled).toEqual([101, 102]);
    const dropped = lines.filter((l) => l.msg === 'repeated update dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.level).toBe(40);
    expect(dropped[0]?.updateId).toBe(101);
  });

  it('when ten copies arrive at once (two bot processes), then exactly one is handled', async () => {
    const a = makeBot(env.redis);
    const b = makeBot(env.redis);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a.bot : b.bot).handleUpdate(update(7))));
    expect(a.handled.length + b.handled.length).toBe(1);
  });

  it('when an update is handled, then its key lives under the prefix with a one-day expiry', async () => {
    const { bot } = makeBot(env.redis);
    await bot.handleUpdate(update(55));
    const key = dedupeKey(env.prefix, BOT_INFO.id, 55);
    expect(key).toBe(`${env.prefix}:upd:${BOT_INFO.id}:55`);
    expect(await env.redis.get(key)).toBe('1');
    const ttl = await env.redis.ttl(key);
    expect(ttl).toBeGreaterThan(DEDUPE_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(DEDUPE_TTL_SECONDS);
  });

  it('when two bots get the same update_id, then each handles its own', async () => {
    const a = makeBot(env.redis, { botId: 1001 });
    const b = makeBot(env.redis, { botId: 1002 });
    await a.bot.handleUpdate(update(9));
    await b.bot.handleUpdate(update(9));
    expect([a.handled, b.handled]).toEqual([[9], [9]]);
  });

  it('when Redis is unreachable, then the update is handled anyway and a warning is logged', async () => {
    const port = await freePort();
    const dead = new Redis(`redis://127.0.0.1:${port}`, {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    dead.on('error', () => undefined);
    try {
      const { bot, handled, lines } = makeBot(dead);
      await bot.handleUpdate(update(1));
      await bot.handleUpdate(update(1));
      expect(handled).toEqual([1, 1]);
      expect(lines.filter((l) => l.level === 40 && String(l.msg).includes('de-duplication'))).toHaveLength(2);
    } finally {
      dead.disconnect();
    }
  });

  it('when Redis does not answer in time, then the update is handled after the timeout', async () => {
    // A Redis whose commands queue forever: offline queue on, never connecting.
    const port = await freePort();
    const stuck = new Redis(`redis://127.0.0.1:${port}`, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
      retryStrategy: () => 1000,
    });
    stuck.on('error', () => undefined);
    try {
      const { bot, handled } = makeBot(stuck, { timeoutMs: 100 });
      const t0 = Date.now();
      await bot.handleUpdate(update(3));
      expect(handled).toEqual([3]);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      stuck.disconnect();
    }
  });
});

describe('update claims while handling', () => {
  it('when an update is being handled, then its claim is short, and after handling it lasts the whole TTL', async () => {
    const { logger } = memoryLogger();
    const bot = new Bot<Context>('123456:dedupe-test', { botInfo: BOT_INFO });
    bot.use(dedupeUpdates({ redis: env.redis, prefix: env.prefix, logger }));
    const key = dedupeKey(env.prefix, BOT_INFO.id, 77);
    let ttlWhileHandling = -1;
    bot.use(async () => {
      ttlWhileHandling = await env.redis.ttl(key);
    });
    await bot.handleUpdate(update(77));
    // A process that dies here lets the claim lapse within a minute, so Telegram's resend is handled.
    expect(ttlWhileHandling).toBeGreaterThan(0);
    expect(ttlWhileHandling).toBeLessThanOrEqual(DEDUPE_CLAIM_SECONDS);
    await expect.poll(() => env.redis.ttl(key)).toBeGreaterThan(DEDUPE_TTL_SECONDS - 60);
  });
});
