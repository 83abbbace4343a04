import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTagger } from '../../src/catalog/tagger.js';
import type { IngestDesk, IngestDraftFields, IngestOrigin } from '../../src/ingest/desk-port.js';
import { isPublicAddress } from '../../src/ingest/fetch.js';
import { type PollDeps, pollFeed } from '../../src/ingest/poll.js';
import { createFeedStore, type Feed, type FeedStore } from '../../src/store/feeds.js';
import { DeskError } from '../../src/usecases/desk.js';
import { testCatalog } from '../helpers/fixtures.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { type FeedServer, fixtureFeed, HOSTILE_RSS, startFeedServer } from './feed-server.js';

/**
 * The poller against a local feed site and real Redis. The desk is the port's recording
 * implementation here (what the poller asked of it); the full flow through the real desk, the bot and
 * the Bot API double is in tests/ingest/flow.test.ts.
 */
interface Recorded {
  drafts: Array<{ id: string; fields: IngestDraftFields; origin: IngestOrigin }>;
  published: string[];
  notified: string[];
}

function recordingDesk(): IngestDesk & Recorded {
  const r: Recorded = { drafts: [], published: [], notified: [] };
  return {
    ...r,
    async createDraft(_actor, fields, origin) {
      const id = `d${r.drafts.length + 1}`;
      r.drafts.push({ id, fields, origin });
      return { id };
    },
    async publishDraft(_actor, id) {
      r.published.push(id);
      return { briefingId: `b-${id}` };
    },
    async notifyEditors(id) {
      r.notified.push(id);
    },
    async getDraft(id) {
      return r.drafts.some((d) => d.id === id)
        ? { status: r.published.includes(id) ? 'published' : 'open' }
        : undefined;
    },
  };
}

const tag = createTagger(testCatalog(), { cities: [] });
const logger = pino({ level: 'silent' });

let site: FeedServer;
let env: TestRedis;
let feeds: FeedStore;

beforeAll(async () => {
  site = await startFeedServer({
    '/rss': { kind: 'feed', body: () => fixtureFeed('rss-hindi.xml'), etag: '"v1"' },
    '/atom': { kind: 'feed', body: () => fixtureFeed('atom-hindi.xml'), type: 'application/atom+xml' },
    '/rss-no-etag': { kind: 'feed', body: () => fixtureFeed('rss-hindi.xml') },
    '/html': {
      kind: 'feed',
      body: () => '<!DOCTYPE html><html><body>परीक्षण पृष्ठ</body></html>',
      type: 'text/html',
    },
    '/malformed': { kind: 'feed', body: () => '<rss version="2.0"><channel><item><title>टूटा</item></rss>' },
    '/big': { kind: 'big', bytes: 5 * 1024 * 1024 },
    '/loop-a': { kind: 'redirect', to: '/loop-b' },
    '/loop-b': { kind: 'redirect', to: '/loop-a' },
    '/error': { kind: 'status', status: 500 },
    '/hostile': {
      kind: 'feed',
      body: () => HOSTILE_RSS.replaceAll('{{NOW_RFC822}}', new Date().toUTCString()),
    },
    '/slow': { kind: 'slow', ms: 5000 },
  });
});
afterAll(async () => site.close());
beforeEach(async () => {
  env = await createTestRedis('ingest');
  feeds = createFeedStore({ redis: env.redis, prefix: env.prefix });
});
afterEach(async () => env.cleanup());

async function addFeed(path: string, over: Partial<Feed> = {}): Promise<Feed> {
  const feed: Feed = {
    id: `f${Math.random().toString(36).slice(2, 9)}`,
    url: `${site.base}${path}`,
    title: '',
    mode: 'review',
    status: 'active',
    addedBy: '1',
    // Added a minute ago: the fixture's "now" item is newer, its 2024 item older.
    addedAt: Date.now() - 60_000,
    ...over,
  };
  await feeds.add(feed);
  return feed;
}

function deps(desk: IngestDesk, over: Partial<PollDeps> = {}): PollDeps {
  return {
    feeds,
    desk,
    tag,
    logger,
    limits: {
      timeoutMs: 2000,
      maxBytes: 2_000_000,
      pollMs: 120_000,
      maxAgeMs: 24 * 3600_000,
      allowPrivate: true,
    },
    ...over,
  };
}

describe('polling a feed', () => {
  it('when a new Hindi RSS item names हाथरस, then one draft suggests Hathras and editors are told; the 2024 item is not drafted', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss');
    const out = await pollFeed(deps(desk), feed.id);
    expect(out).toMatchObject({ kind: 'ok', items: 2, drafted: 1, published: 0, skipped: 1 });
    expect(desk.drafts).toHaveLength(1);
    const [draft] = desk.drafts;
    expect(draft?.fields.title).toBe('परीक्षण: हाथरस में मतदान केंद्रों की तैयारी');
    expect(draft?.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    // A confident suggestion stands as the audience: the card shows it and one tap sends.
    expect(draft?.fields.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(draft?.fields.body).not.toMatch(/script|javascript|alert/);
    expect(draft?.origin).toMatchObject({ kind: 'feed', feedId: feed.id });
    expect(desk.notified).toEqual([draft?.id]);
    const state = await feeds.state(feed.id);
    expect(state).toMatchObject({ status: 'ok', primed: true, failures: 0, drafted: 1, etag: '"v1"' });
    expect((await feeds.get(feed.id))?.title).toBe('परीक्षण समाचार: चुनाव');
  });

  it('when the same feed is polled again, then the request is conditional and no second draft is made', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss');
    await pollFeed(deps(desk), feed.id);
    expect(await pollFeed(deps(desk), feed.id)).toEqual({ kind: 'not-modified' });
    expect(site.lastHeaders.get('/rss')?.['if-none-match']).toBe('"v1"');
    expect(desk.drafts).toHaveLength(1);
  });

  it('when the site ignores validators and a restarted worker polls, then the seen items stay seen', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss-no-etag');
    await pollFeed(deps(desk), feed.id);
    const other = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    await other.connect();
    try {
      const restarted = createFeedStore({ redis: other, prefix: env.prefix });
      expect(await pollFeed(deps(desk, { feeds: restarted }), feed.id)).toMatchObject({
        kind: 'ok',
        drafted: 0,
      });
    } finally {
      other.disconnect();
    }
    expect(desk.drafts).toHaveLength(1);
  });

  it('when two workers poll the same feed at once, then one draft is made', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss-no-etag');
    const other = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    await other.connect();
    try {
      const second = createFeedStore({ redis: other, prefix: env.prefix });
      const outcomes = await Promise.all([
        pollFeed(deps(desk), feed.id),
        pollFeed(deps(desk, { feeds: second }), feed.id),
        pollFeed(deps(desk, { feeds: second }), feed.id),
      ]);
      expect(outcomes.filter((o) => o.kind === 'ok')).toHaveLength(1);
    } finally {
      other.disconnect();
    }
    expect(desk.drafts).toHaveLength(1);
    // The lock was given back: a later poll runs (and finds nothing new).
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 0 });
  });

  it('when the feed is in auto mode and the seats are certain, then the draft is published with no editor', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/atom', { mode: 'auto' });
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', published: 1, drafted: 0 });
    expect(desk.drafts[0]?.fields.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(desk.published).toEqual([desk.drafts[0]?.id]);
    expect(desk.notified).toEqual([]);
  });

  it('when the feed was added after its items were published, then none is drafted', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss', { addedAt: Date.now() + 60_000 });
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 0 });
    expect(desk.drafts).toEqual([]);
  });

  it('when the desk refuses an item for good, then it is counted as skipped and not tried again', async () => {
    const desk = recordingDesk();
    let tries = 0;
    desk.createDraft = async () => {
      tries++;
      throw new DeskError('invalid', 'title too long (test)', 'title');
    };
    const feed = await addFeed('/rss-no-etag');
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 0, skipped: 2 });
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 0 });
    expect(tries).toBe(1);
  });

  it('when making a draft fails for a passing reason, then the item is given back and the next poll drafts it', async () => {
    const desk = recordingDesk();
    const real = desk.createDraft;
    desk.createDraft = async () => {
      throw new Error('Redis went away (test)');
    };
    const feed = await addFeed('/rss-no-etag');
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 0 });
    desk.createDraft = real;
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 1 });
  });

  it('when a paused feed is due, then it is not fetched', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/rss', { status: 'paused' });
    const before = site.hits.get('/rss') ?? 0;
    expect(await pollFeed(deps(desk), feed.id)).toEqual({ kind: 'skipped', reason: 'paused' });
    expect(site.hits.get('/rss') ?? 0).toBe(before);
  });
});

describe('bad feeds', () => {
  it.each([
    ['/html', 'not-a-feed'],
    ['/malformed', 'malformed'],
    ['/big', 'too-large'],
    ['/loop-a', 'redirect-loop'],
    ['/error', 'http-500'],
    ['/missing', 'http-404'],
  ])('when %s is polled, then the health says %s and nothing is drafted', async (path, status) => {
    const desk = recordingDesk();
    const feed = await addFeed(path);
    const out = await pollFeed(deps(desk), feed.id);
    expect(out).toMatchObject({ kind: 'failed', status, failures: 1 });
    expect(desk.drafts).toEqual([]);
    const state = await feeds.state(feed.id);
    expect(state.status).toBe(status);
    expect(state.failingSince).toBeGreaterThan(0);
  });

  it.each([
    ['an address written out', (base: string) => base],
    ['a name that resolves to this machine', (base: string) => base.replace('127.0.0.1', 'localhost')],
    ['this machine written as one number', (base: string) => base.replace('127.0.0.1', '2130706433')],
  ])(
    'when private addresses are not allowed and a feed is at %s, then the poll fails as private-address and the site is never asked',
    async (_what, url) => {
      const desk = recordingDesk();
      const feed = await addFeed('/rss-no-etag', { url: url(`${site.base}/rss-no-etag`) });
      const before = site.hits.get('/rss-no-etag') ?? 0;
      const out = await pollFeed(
        deps(desk, {
          limits: { timeoutMs: 2000, maxBytes: 2_000_000, pollMs: 120_000, maxAgeMs: 86_400_000 },
        }),
        feed.id,
      );
      expect(out).toMatchObject({ kind: 'failed', status: 'private-address' });
      expect(site.hits.get('/rss-no-etag') ?? 0).toBe(before);
      expect(desk.drafts).toEqual([]);
      // Allowed (FEED_ALLOW_PRIVATE), the same address is read.
      const allowed = await pollFeed(deps(desk, { now: () => Date.now() + 3_600_000 }), feed.id);
      expect(allowed.kind).not.toBe('failed');
      expect(site.hits.get('/rss-no-etag') ?? 0).toBe(before + 1);
    },
  );

  it('when addresses are screened, then only public ones pass, IPv4 written as IPv6 (mapped, NAT64, 6to4) judged as itself', () => {
    const inner = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
    ];
    const inner6 = [
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      '::127.0.0.1',
    ];
    const open = [
      '8.8.8.8',
      '151.101.1.69',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '64:ff9b::808:808',
    ];
    expect([...inner, ...inner6].filter(isPublicAddress)).toEqual([]);
    expect(open.filter(isPublicAddress)).toEqual(open);
    expect(isPublicAddress('not an address')).toBe(false);
  });

  it('when a request takes longer than the time limit, then it is cut off as a timeout', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/slow');
    const out = await pollFeed(
      deps(desk, {
        limits: {
          timeoutMs: 200,
          maxBytes: 2_000_000,
          pollMs: 120_000,
          maxAgeMs: 86_400_000,
          allowPrivate: true,
        },
      }),
      feed.id,
    );
    expect(out).toMatchObject({ kind: 'failed', status: 'timeout' });
  });

  it('when a feed keeps answering 500, then polls back off and the health keeps the time the failures began', async () => {
    const desk = recordingDesk();
    let clock = Date.now();
    const timed = createFeedStore({ redis: env.redis, prefix: env.prefix, now: () => clock });
    const feed = await addFeed('/error');
    const d = deps(desk, { feeds: timed, now: () => clock });
    const began = clock;
    const waits: number[] = [];
    // An hour of a failing site, polled whenever the backoff allows.
    while (clock - began < 3600_000) {
      const out = await pollFeed(d, feed.id);
      expect(out.kind).toBe('failed');
      const st = await timed.state(feed.id);
      waits.push((st.nextAt ?? 0) - clock);
      clock += 1000;
      expect(await pollFeed(d, feed.id)).toEqual({ kind: 'skipped', reason: 'backoff' });
      clock = st.nextAt ?? clock;
    }
    const st = await timed.state(feed.id);
    expect(st.failingSince).toBe(began);
    expect(st.status).toBe('http-500');
    // 2, 4, 8, 16, 32 minutes, then the hour's ceiling: six requests in the hour, not thirty.
    expect(waits.slice(0, 5)).toEqual([120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(st.failures).toBeLessThanOrEqual(6);
    // The site recovers: the next poll clears the failures.
    site.set('/error', { kind: 'feed', body: () => fixtureFeed('rss-hindi.xml') });
    clock += 3600_000;
    expect((await pollFeed(d, feed.id)).kind).toBe('ok');
    const healed = await timed.state(feed.id);
    expect(healed.failures).toBe(0);
    expect(healed.failingSince).toBeUndefined();
    site.set('/error', { kind: 'status', status: 500 });
  });

  it('when an item carries a script, a javascript: link and a data: image, then the draft holds none of them', async () => {
    const desk = recordingDesk();
    const feed = await addFeed('/hostile');
    expect(await pollFeed(deps(desk), feed.id)).toMatchObject({ kind: 'ok', drafted: 1 });
    const f = desk.drafts[0]?.fields;
    expect(f?.title).toBe('परीक्षण: मथुरा की ख़बर');
    expect(JSON.stringify(f)).not.toMatch(/script|javascript|alert|steal|onerror|onclick|data:/i);
    expect(f?.sourceUrl).toBeUndefined();
    expect(f?.photo).toBeUndefined();
    expect(f?.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-17'] });
  });
});
