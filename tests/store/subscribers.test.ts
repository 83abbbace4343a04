import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscribers.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { storeReads } from '../helpers/store-reads.js';

let env: TestRedis;
let store: SubscriberStore;

beforeEach(async () => {
  env = await createTestRedis('subs');
  store = createSubscriberStore({
    redis: env.redis,
    prefix: env.prefix,
    defaultDigest: '07:00',
    now: () => 1_700_000_000_000,
  });
});
afterEach(async () => {
  await env.cleanup();
});

describe('subscriber store (real Redis)', () => {
  it('when a chat is new, then ensureChat creates it once with Hindi, active, the default digest slot', async () => {
    const first = await store.ensureChat(42);
    const second = await store.ensureChat(42, 'en');
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.chat).toMatchObject({ id: 42, lang: 'hi', status: 'active', digest: '07:00', quiet: true });
    expect(await env.redis.sismember(`${env.prefix}:digest-slot:07:00`, '42')).toBe(1);
    expect(await store.countByStatus()).toEqual({ total: 1, active: 1, inactive: 0 });
  });

  it('when a chat follows and unfollows a PC, then both sides and the count move together', async () => {
    await store.ensureChat(1);
    await store.ensureChat(2);
    expect(await store.subscribe(1, 'UP-16', 20)).toBe('added');
    expect(await store.subscribe(1, 'UP-16', 20)).toBe('exists');
    expect(await store.subscribe(2, 'UP-16', 20)).toBe('added');
    expect(await store.subscribe(2, 'UP-75', 20)).toBe('added');
    expect(await store.listPcs(2)).toEqual(['UP-16', 'UP-75']);
    expect(await storeReads(env).followers('UP-16')).toBe(2);
    expect(await store.topPcs(5)).toEqual([
      { pc: 'UP-16', count: 2 },
      { pc: 'UP-75', count: 1 },
    ]);
    expect(await store.unsubscribe(2, 'UP-16')).toBe(true);
    expect(await store.unsubscribe(2, 'UP-16')).toBe(false);
    expect(await storeReads(env).followers('UP-16')).toBe(1);
    expect(await env.redis.smembers(`${env.prefix}:pc:UP-16:chats`)).toEqual(['1']);
    expect(await store.topPcs(5)).toEqual([
      { pc: 'UP-16', count: 1 },
      { pc: 'UP-75', count: 1 },
    ]);
  });

  it('when a chat reaches the cap, then the next PC is refused and nothing is written', async () => {
    await store.ensureChat(7);
    expect(await store.subscribe(7, 'UP-1', 2)).toBe('added');
    expect(await store.subscribe(7, 'UP-2', 2)).toBe('added');
    expect(await store.subscribe(7, 'UP-3', 2)).toBe('cap');
    expect(await store.listPcs(7)).toEqual(['UP-1', 'UP-2']);
    expect(await env.redis.exists(`${env.prefix}:pc:UP-3:chats`)).toBe(0);
  });

  it('when a chat that does not exist subscribes, then nothing is written', async () => {
    expect(await store.subscribe(99, 'UP-16', 20)).toBe('no-chat');
    expect(await env.redis.exists(`${env.prefix}:pc:UP-16:chats`)).toBe(0);
  });

  it('when many subscribes race for the last slot under the cap, then exactly the cap is kept', async () => {
    await store.ensureChat(5);
    const pcs = Array.from({ length: 30 }, (_, i) => `UP-${i + 1}`);
    const outcomes = await Promise.all(pcs.map((pc) => store.subscribe(5, pc, 10)));
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(10);
    expect(await store.listPcs(5)).toHaveLength(10);
    const counts = await store.topPcs(100);
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(10);
  });

  it('when a chat blocks and comes back, then status moves and subscriptions stay', async () => {
    await store.ensureChat(3);
    await store.subscribe(3, 'UP-16', 20);
    expect(await store.setStatus(3, 'blocked')).toBe(true);
    expect(await store.setStatus(3, 'blocked')).toBe(false);
    expect((await store.getChat(3))?.status).toBe('blocked');
    expect(await store.countByStatus()).toEqual({ total: 1, active: 0, inactive: 1 });
    expect(await store.setStatus(3, 'active')).toBe(true);
    expect(await store.listPcs(3)).toEqual(['UP-16']);
    expect(await store.countByStatus()).toEqual({ total: 1, active: 1, inactive: 0 });
    expect(await store.setStatus(404, 'blocked')).toBe(false);
  });

  it('when a chat is forgotten, then no key of it is left and counts drop', async () => {
    await store.ensureChat(8, 'en');
    await store.ensureChat(9);
    await store.subscribe(8, 'UP-16', 20);
    await store.subscribe(8, 'BR-1', 20);
    await store.subscribe(9, 'UP-16', 20);
    await store.setDigest(8, '19:00');
    expect(await store.forget(8)).toBe(2);
    expect(await store.getChat(8)).toBeUndefined();
    expect(await store.listPcs(8)).toEqual([]);
    expect(await env.redis.smembers(`${env.prefix}:pc:UP-16:chats`)).toEqual(['9']);
    expect(await store.topPcs(5)).toEqual([{ pc: 'UP-16', count: 1 }]);
    expect(await env.redis.sismember(`${env.prefix}:digest-slot:19:00`, '8')).toBe(0);
    const keys = await env.redis.keys(`${env.prefix}:*`);
    expect(keys.some((k) => k.includes(':8'))).toBe(false);
  });

  it('when the digest slot changes, then the chat moves between slot sets', async () => {
    await store.ensureChat(4);
    await store.setDigest(4, '13:00');
    expect(await env.redis.sismember(`${env.prefix}:digest-slot:07:00`, '4')).toBe(0);
    expect(await env.redis.sismember(`${env.prefix}:digest-slot:13:00`, '4')).toBe(1);
    await store.setDigest(4, 'off');
    expect(await env.redis.sismember(`${env.prefix}:digest-slot:13:00`, '4')).toBe(0);
    expect((await store.getChat(4))?.digest).toBe('off');
  });

  it('when an audience set is paged, then every member comes exactly once, and the inactive are found', async () => {
    const k = createKeys(env.prefix);
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1);
    await env.redis.sadd(k.pcChats('UP-16'), ...ids);
    await env.redis.sadd(k.chats, ...ids.slice(0, 10));
    await env.redis.sadd(k.inactive, 7, 300, 2500);
    const seen: number[] = [];
    let cursor = '0';
    let pages = 0;
    do {
      const [next, page] = await store.scanAudience({ kind: 'pc', pc: 'UP-16' }, cursor, 1000);
      seen.push(...page);
      cursor = next;
      pages += 1;
    } while (cursor !== '0');
    expect(pages).toBeGreaterThan(1);
    expect(seen.sort((a, b) => a - b)).toEqual(ids);
    expect(await store.withoutInactive([1, 7, 8, 300, 2500, 9])).toEqual([1, 8, 9]);
    expect(await store.withoutInactive([])).toEqual([]);
    expect(await store.countReachable({ kind: 'pc', pc: 'UP-16' })).toBe(2497);
    expect(await store.countReachable({ kind: 'all' })).toBe(9);
    const [, everyone] = await store.scanAudience({ kind: 'all' }, '0', 1000);
    expect(everyone.sort((a, b) => a - b)).toEqual(ids.slice(0, 10));
    await store.ensureChat(5000);
    const [, slot] = await store.scanAudience({ kind: 'slot', slot: '07:00' }, '0', 1000);
    expect(slot).toEqual([5000]);
  });
});
