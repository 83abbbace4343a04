import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Briefing, stateOfPc } from '../../src/briefings/types.js';
import { type BriefingStore, createBriefingStore } from '../../src/store/briefings.js';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscribers.js';
import { fictional, HOUR, ist } from '../digest/digest-env.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { storeReads } from '../helpers/store-reads.js';

let env: TestRedis;
let store: BriefingStore;
let subscribers: SubscriberStore;
let reads: ReturnType<typeof storeReads>;
beforeEach(async () => {
  env = await createTestRedis('dgsrc');
  reads = storeReads(env);
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

async function seed(random: () => number, count: number): Promise<Briefing[]> {
  const out: Briefing[] = [];
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
    const b = fictional(`t-src-${i}`, audience, at, `S${i}`);
    await store.upsert(b);
    out.push(b);
  }
  return out;
}

/** What a reader of `pcs` should get, worked out from the briefings themselves rather than from Redis. */
function expected(all: readonly Briefing[], pcs: readonly string[], since: number, limit: number): string[] {
  const states = new Set(pcs.map(stateOfPc));
  return all
    .filter((b) => b.publishedMs > since)
    .filter((b) =>
      b.audience.kind === 'national'
        ? true
        : b.audience.kind === 'state'
          ? states.has(b.audience.state)
          : b.audience.pcs.some((pc) => pcs.includes(pc)),
    )
    .sort((a, b) => b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((b) => b.id);
}

describe('briefing store: a reader’s digest query', () => {
  it('when asked for many readers, then each gets the briefings for their seats since their last digest, newest first, as listForPcsSince does', async () => {
    const random = prng(42);
    const all = await seed(random, 120);
    let nonEmpty = 0;
    for (let chatId = 1; chatId <= 40; chatId++) {
      await subscribers.ensureChat(chatId, 'hi');
      const pcs = SEATS.filter(() => random() < 0.35);
      for (const pc of pcs) await subscribers.subscribe(chatId, pc, 20);
      if (chatId % 3 === 0) await reads.setLastDigest(chatId, BASE - Math.floor(random() * 30) * HOUR);
      const firstSince = BASE - 24 * HOUR;
      const limit = chatId % 4 === 0 ? 5 : 30;
      const got = await store.forReader(chatId, firstSince, limit);
      const since = (await reads.lastDigest(chatId)) ?? firstSince;
      const want = pcs.length === 0 ? [] : expected(all, pcs, since, limit);
      const ids = got.briefings.map((b) => b.id);
      expect(got.pcs, `reader ${chatId}`).toEqual([...pcs].sort());
      expect(ids, `reader ${chatId}`).toEqual(want);
      if (pcs.length > 0) {
        expect(ids, `reader ${chatId}`).toEqual(
          (await store.listForPcsSince(pcs, since, limit)).map((b) => b.id),
        );
      }
      expect(got.lastDigest).toBe(await reads.lastDigest(chatId));
      if (ids.length > 0) nonEmpty += 1;
    }
    // The seed gives most readers something: the comparison is not of empty lists.
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('when many readers ask at once, then each briefing is fetched once, and again only after the cache time', async () => {
    await seed(prng(7), 30);
    // Any origin: the cache only compares times (lru-cache treats a start at 0 as none, so not 0).
    let clock = 5000;
    const cachedStore = createBriefingStore({
      redis: env.redis,
      prefix: env.prefix,
      readerCache: { ttlMs: 1000, now: () => clock },
    });
    await subscribers.ensureChat(1, 'hi');
    for (const pc of SEATS) await subscribers.subscribe(1, pc, 20);
    // The briefings are read with one pipeline per fetch (the query itself is a script).
    const fetches = vi.spyOn(env.redis, 'pipeline');
    const answers = await Promise.all(Array.from({ length: 20 }, () => cachedStore.forReader(1, 0, 30)));
    const first = answers[0]?.briefings ?? [];
    expect(first.length).toBe(30);
    expect(fetches).toHaveBeenCalledTimes(1);
    // The very same objects for every reader (compose renders each once).
    expect(answers.every((a) => a.briefings.every((b, i) => b === first[i]))).toBe(true);

    // An edit shows only once the cached copy is older than the cache time.
    const edited = {
      ...(first[0] as Briefing),
      title: 'संपादित शीर्षक (परीक्षण हेतु काल्पनिक)',
      contentHash: 'f'.repeat(64),
    };
    expect(await store.upsert(edited)).toBe('updated');
    clock = 6000;
    const within = await cachedStore.forReader(1, 0, 30);
    expect(within.briefings[0]).toBe(first[0]);
    expect(fetches).toHaveBeenCalledTimes(1);
    clock = 6001;
    const after = await cachedStore.forReader(1, 0, 30);
    expect(fetches).toHaveBeenCalledTimes(2);
    expect(after.briefings[0]?.title).toBe(edited.title);
    expect(after.briefings[1]).not.toBe(first[1]);
    fetches.mockRestore();
  });

  it('when the reader follows no seat or is unknown, then there is nothing', async () => {
    await seed(prng(3), 10);
    expect(await store.forReader(999, 0, 30)).toEqual({ pcs: [], briefings: [] });
    await subscribers.ensureChat(5, 'hi');
    await reads.setLastDigest(5, BASE);
    expect(await store.forReader(5, 0, 30)).toEqual({ pcs: [], lastDigest: BASE, briefings: [] });
  });
});
