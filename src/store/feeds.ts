import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';
import { createKeys } from './keys.js';
import { deleteIfEquals } from './locks.js';

/** `review`: every item becomes a draft for editors. `auto`: a confidently tagged item is published. */
export type FeedMode = 'review' | 'auto';

/** A website feed an owner added. */
export interface Feed {
  /** Short id `[a-z0-9]`, used in buttons and the poll job's id. */
  id: string;
  url: string;
  /** The feed's own title, once a poll has read it (else empty). */
  title: string;
  mode: FeedMode;
  /** Poll interval of this feed (ms); absent = FEED_POLL. */
  pollMs?: number;
  status: 'active' | 'paused';
  /** Who added it (Telegram user id, or a web desk user). */
  addedBy: string;
  /** When, in epoch ms: items published before this are not drafted. */
  addedAt: number;
}

/** What the last polls of a feed found: the health line reads this. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** True once a poll has read the feed (its items then present are old news, not drafted). */
  primed: boolean;
  lastPoll?: number;
  lastOk?: number;
  /** `ok`, `not-modified`, or the problem of the last poll (`timeout`, `too-large`, `not-a-feed`...). */
  status?: string;
  httpStatus?: number;
  /** When the current run of failures began. */
  failingSince?: number;
  failures: number;
  /** No poll before this (the backoff after failures). */
  nextAt?: number;
  /** Items in the feed at the last good poll. */
  items?: number;
  drafted: number;
  published: number;
  /** Items dropped unread: no title, no text, too old, javascript-only. */
  skipped: number;
}

/** A short random feed id: 8 characters of `[a-z0-9]`. */
export function newFeedId(): string {
  return BigInt(`0x${randomBytes(6).toString('hex')}`)
    .toString(36)
    .padStart(8, '0')
    .slice(-8);
}

/** The seen-set member for an item key: a hash, so that a long guid costs 16 bytes. */
export function itemHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 16);
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The feeds and their poll state: one hash of feeds, and per feed a state hash, the set of items seen
 * (the dedup across polls, restarts and workers) and the poll lock.
 */
export function createFeedStore(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const keys = createKeys(deps.prefix);
  const now = deps.now ?? Date.now;
  const { redis } = deps;
  const commands = () => storeCommands(redis);

  return {
    async add(feed: Feed): Promise<void> {
      await redis.hset(keys.feeds, feed.id, JSON.stringify(feed));
    },
    async get(id: string): Promise<Feed | undefined> {
      const v = await redis.hget(keys.feeds, id);
      return v ? (JSON.parse(v) as Feed) : undefined;
    },
    /** Every feed, oldest first. */
    async list(): Promise<Feed[]> {
      const all = Object.values(await redis.hgetall(keys.feeds)).map((v) => JSON.parse(v) as Feed);
      return all.sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
    },
    async findByUrl(url: string): Promise<Feed | undefined> {
      return (await this.list()).find((f) => f.url === url);
    },
    /** Changes some fields of a feed; undefined when there is no such feed. */
    async update(id: string, patch: Partial<Pick<Feed, 'title' | 'mode' | 'pollMs' | 'status'>>) {
      const feed = await this.get(id);
      if (!feed) return undefined;
      const next = { ...feed, ...patch };
      await redis.hset(keys.feeds, id, JSON.stringify(next));
      return next;
    },
    /** Removes a feed with its state and seen items; returns what was stored. */
    async remove(id: string): Promise<Feed | undefined> {
      const feed = await this.get(id);
      if (!feed) return undefined;
      await redis
        .multi()
        .hdel(keys.feeds, id)
        .unlink(keys.feedState(id), keys.feedSeen(id), keys.feedLock(id))
        .exec();
      return feed;
    },
    async state(id: string): Promise<FeedState> {
      const h = await redis.hgetall(keys.feedState(id));
      const state: FeedState = {
        primed: h.primed === '1',
        failures: num(h.failures) ?? 0,
        drafted: num(h.drafted) ?? 0,
        published: num(h.published) ?? 0,
        skipped: num(h.skipped) ?? 0,
      };
      if (h.etag) state.etag = h.etag;
      if (h.modified) state.lastModified = h.modified;
      const set = <K extends keyof FeedState>(k: K, v: FeedState[K] | undefined) => {
        if (v !== undefined) state[k] = v;
      };
      set('lastPoll', num(h.lastPoll));
      set('lastOk', num(h.lastOk));
      set('status', h.status || undefined);
      set('httpStatus', num(h.httpStatus));
      set('failingSince', num(h.failingSince));
      set('nextAt', num(h.nextAt));
      set('items', num(h.items));
      return state;
    },
    /** A poll that reached the feed (fresh or not modified): failures cleared, validators kept. */
    async pollSucceeded(
      id: string,
      r: {
        status: 'ok' | 'not-modified' | 'not-a-feed' | 'malformed' | 'empty';
        etag?: string | undefined;
        lastModified?: string | undefined;
        items?: number;
      },
    ): Promise<void> {
      const at = now();
      const fields: Record<string, string | number> = { lastPoll: at, status: r.status, httpStatus: '' };
      const m = redis.multi();
      if (r.status === 'ok' || r.status === 'not-modified') {
        fields.lastOk = at;
        fields.primed = 1;
        m.hdel(keys.feedState(id), 'failures', 'failingSince', 'nextAt');
      }
      if (r.status === 'ok') {
        fields.etag = r.etag ?? '';
        fields.modified = r.lastModified ?? '';
      }
      if (r.items !== undefined) fields.items = r.items;
      m.hset(keys.feedState(id), fields);
      await m.exec();
    },
    /** A failed poll: counted, `failingSince` kept from the first, next poll after the backoff. */
    async pollFailed(
      id: string,
      r: { status: string; httpStatus?: number | undefined; baseMs: number; maxMs: number },
    ): Promise<number> {
      return commands().feedPollFailed(
        { state: keys.feedState(id) },
        { now: now(), status: r.status, httpStatus: r.httpStatus ?? '', baseMs: r.baseMs, maxMs: r.maxMs },
      );
    },
    async count(id: string, field: 'drafted' | 'published' | 'skipped', by = 1): Promise<void> {
      if (by > 0) await redis.hincrby(keys.feedState(id), field, by);
    },
    /** Claims items by key; returns the keys that were not seen before (each claimed once, ever). */
    async claimItems(id: string, itemKeys: readonly string[], keepMs: number): Promise<Set<string>> {
      if (itemKeys.length === 0) return new Set();
      const byHash = new Map(itemKeys.map((k) => [itemHash(k), k]));
      const fresh = await commands().feedClaimItems(
        { seen: keys.feedSeen(id) },
        { now: now(), keepMs, items: [...byHash.keys()] },
      );
      return new Set(fresh.map((h) => byHash.get(h)).filter((k): k is string => k !== undefined));
    },
    /** Gives an item back (its draft could not be made): the next poll tries it again. */
    async unclaimItem(id: string, key: string): Promise<void> {
      await redis.zrem(keys.feedSeen(id), itemHash(key));
    },
    /** Takes the feed's poll lock for `ms`; the token to release it, or undefined when another holds it. */
    async lock(id: string, ms: number): Promise<string | undefined> {
      const token = randomBytes(9).toString('base64url');
      const ok = await redis.set(keys.feedLock(id), token, 'PX', ms, 'NX');
      return ok === 'OK' ? token : undefined;
    },
    async unlock(id: string, token: string): Promise<void> {
      await deleteIfEquals(redis, keys.feedLock(id), token);
    },
  };
}

export type FeedStore = ReturnType<typeof createFeedStore>;
