import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLOOD_LIMIT, FLOOD_WINDOW_MS } from '../../src/bot/create-bot.js';
import { createFloodCounter } from '../../src/store/flood.js';
import { createKeys } from '../../src/store/keys.js';
import { createHarness, type Harness } from '../helpers/bot-harness.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

describe('flood counter on Redis', () => {
  let env: TestRedis;
  beforeEach(async () => {
    env = await createTestRedis('flood');
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('when a user sends, then the counter counts and always carries the window as its expiry', async () => {
    const counter = createFloodCounter({ redis: env.redis, prefix: env.prefix });
    expect(await counter.hit(7, 10_000)).toBe(1);
    expect(await counter.hit(7, 10_000)).toBe(2);
    const ttl = await env.redis.pttl(createKeys(env.prefix).flood(7));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });

  it('when a counter was left without an expiry (a lost EXPIRE), then the next update gives it one, so the user is not locked out for ever', async () => {
    const key = createKeys(env.prefix).flood(8);
    await env.redis.set(key, '500'); // what INCR without its EXPIRE leaves behind
    const counter = createFloodCounter({ redis: env.redis, prefix: env.prefix });
    // A 2 s window: wide enough that a stalled machine still reads the TTL inside it.
    await counter.hit(8, 2000);
    const ttl = await env.redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2000);
    // The expiry is real: once it passes, the count starts again.
    await new Promise((r) => setTimeout(r, 2100));
    expect(await counter.hit(8, 2000)).toBe(1);
  });
});

describe('flood limit in the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({}, { sharedRedis: true });
  });
  afterEach(async () => {
    await h.close();
  });

  it('when a reader sends more than the limit in one window, then the rest are dropped and they are told once, in Hindi', async () => {
    expect(FLOOD_WINDOW_MS).toBeGreaterThanOrEqual(1000);
    const extra = 15;
    for (let i = 0; i < FLOOD_LIMIT + extra; i++) await h.message(4242, '/help');
    const texts = h.texts(4242);
    const told = texts.filter((t) => t.includes('बहुत तेजी से'));
    expect(told).toHaveLength(1);
    // Every update up to the limit answered, none after it (the one note aside).
    expect(texts.length).toBe(FLOOD_LIMIT + 1);
  });

  it('when updates are dropped by the flood limit, then no update-id record is written for them', async () => {
    for (let i = 0; i < FLOOD_LIMIT + 10; i++) await h.message(4343, '/help');
    // SCAN until the cursor comes back: one call may return only part of a shared Redis's matches.
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await h.env.redis.scan(cursor, 'MATCH', `${h.env.prefix}:upd:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    expect(keys.length).toBe(FLOOD_LIMIT);
  });
});
