import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefings/types.js';
import { createDigestBriefingSource } from '../../src/digest/briefing-source.js';
import { type BriefingStore, createBriefingStore } from '../../src/store/briefings.js';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscribers.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { fictional, HOUR, ist } from './digest-env.js';

let env: TestRedis;
let store: BriefingStore;
let subscribers: SubscriberStore;
beforeEach(async () => {
  env = await createTestRedis('dgsrc');
  store = createBriefingStore({ redis: env.redis, prefix: env.prefix });
  subscribers = createSubscriberStore({ redis: env.redis, prefix: env.prefix, defaultDigest: '07:00' });
});
afterEach(async () => {
  await env.cleanup();
});

const BASE = ist('2024-05-20', '07:00');
const SEATS = ['UP-16', 'UP-75', 'UP-17', 'BR-1', 'BR-2', 'MH-1', 'DL-1'];

/** A seeded PRNG, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

async function seed(random: () => number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = random();
    const seat = SEATS[Math.floor(random() * SEATS.length)] as string;
    const audience: Briefing['audience'] =
      r < 0.1
        ? { kind: 'national' }
        : r < 0.25
          ? { kind: 'state', state: random() < 0.5 ? 'UP' : 'BR' }
          : {
              kind: 'pcs',
              pcs: [seat, ...(random() < 0.2 ? ['UP-16'] : [])].filter((x, j, a) => a.indexOf(x) === j),
            };
    // Some share a publication time: ties are ordered by id.
    const at = BASE - Math.floor(random() * 48) * HOUR;
    await store.upsert(fictional(`t-src-${i}`, audience, at, `S${i}`));
  }
}

describe('digest briefing source', () => {
  it('when asked for many readers, then it answers exactly what BriefingStore.listForPcsSince answers, in the same order', async () => {
    const random = prng(42);
    await seed(random, 120);
    const source = createDigestBriefingSource({ redis: env.redis, prefix: env.prefix, briefings: store });
    for (let chatId = 1; chatId <= 40; chatId++) {
      await subscribers.ensureChat(chatId, 'hi');
      const pcs = SEATS.filter(() => random() < 0.35);
      for (const pc of pcs) await subscribers.subscribe(chatId, pc, 20);
      if (chatId % 3 === 0) await subscribers.setLastDigest(chatId, BASE - Math.floor(random() * 30) * HOUR);
      const firstSince = BASE - 24 * HOUR;
      const limit = chatId % 4 === 0 ? 5 : 30;
      const got = await source.forReader(chatId, firstSince, limit);
      const since = (await subscribers.getLastDigest(chatId)) ?? firstSince;
      const want = pcs.length === 0 ? [] : await store.listForPcsSince(pcs, since, limit);
      expect(got.pcs, `reader ${chatId}`).toEqual([...pcs].sort());
      expect(
        got.briefings.map((b) => b.id),
        `reader ${chatId}`,
      ).toEqual(want.map((b) => b.id));
      expect(got.lastDigest).toBe(await subscribers.getLastDigest(chatId));
    }
  });

  it('when many readers ask at once, then each briefing is fetched once, and again only after the cache time', async () => {
    await seed(prng(7), 30);
    let fetched = 0;
    let clock = 0;
    const counting = {
      getMany: async (ids: readonly string[]) => {
        fetched += ids.length;
        return store.getMany(ids);
      },
    };
    const source = createDigestBriefingSource({
      redis: env.redis,
      prefix: env.prefix,
      briefings: counting,
      ttlMs: 1000,
      now: () => clock,
    });
    await subscribers.ensureChat(1, 'hi');
    for (const pc of SEATS) await subscribers.subscribe(1, pc, 20);
    const answers = await Promise.all(Array.from({ length: 20 }, () => source.forReader(1, 0, 30)));
    const ids = answers[0]?.briefings.map((b) => b.id) ?? [];
    expect(ids.length).toBe(30);
    expect(fetched).toBe(30);
    // The very same objects for every reader (compose renders each once).
    expect(answers.every((a) => a.briefings.every((b, i) => b === answers[0]?.briefings[i]))).toBe(true);
    clock = 1001;
    await source.forReader(1, 0, 30);
    expect(fetched).toBe(60);
  });

  it('when the reader follows no seat or is unknown, then there is nothing', async () => {
    await seed(prng(3), 10);
    const source = createDigestBriefingSource({ redis: env.redis, prefix: env.prefix, briefings: store });
    expect(await source.forReader(999, 0, 30)).toEqual({ pcs: [], briefings: [] });
  });
});
