import type { Redis } from 'ioredis';
import { isBriefingId } from '../briefings/links.js';
import { type Briefing, normalizeTag, pcsOf, stateOfPc, statesOf } from '../briefings/types.js';

/**
 * Record layout version. Bump it when `Briefing` changes shape: upserts then rewrite every record
 * even when the file's content hash is the same.
 */
const RECORD_VERSION = '1';

/** Every key of the briefing store, all under `<prefix>:`. */
export function briefingKeys(prefix: string) {
  return {
    /** Hash: json (the Briefing), hash (content hash), v (record version), idx (JSON list of its index keys). */
    record: (id: string) => `${prefix}:briefing:${id}`,
    /** Sorted sets, score = published_at in epoch ms, member = briefing id. */
    all: `${prefix}:briefings:all`,
    /** Briefings for this PC. */
    pc: (pc: string) => `${prefix}:briefings:pc:${pc}`,
    /** Briefings for a whole state (`scope: UP`). */
    state: (state: string) => `${prefix}:briefings:state:${state}`,
    /** Briefings for everyone (`scope: national`). */
    national: `${prefix}:briefings:national`,
    /** Every briefing touching the state: its PCs' briefings and its state-wide ones ("ये भी पढ़ें"). */
    inState: (state: string) => `${prefix}:briefings:in-state:${state}`,
    /** Briefings carrying this tag (normalized). */
    tag: (tag: string) => `${prefix}:briefings:tag:${normalizeTag(tag)}`,
  };
}

export type BriefingKeys = ReturnType<typeof briefingKeys>;

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** One page of briefings, newest first. */
export interface BriefingPage {
  items: Briefing[];
  /** Offset of the next page; undefined when this is the last one. */
  nextOffset?: number;
}

export interface BriefingStoreDeps {
  redis: Redis;
  prefix: string;
}

/** The briefings repository on Redis. */
export interface BriefingStore {
  /**
   * Stores a validated briefing, idempotent by id and content hash: a new id → 'created'; the same id
   * with another hash (an edited file) → 'updated', replacing the record and moving it between indexes;
   * the same hash → 'unchanged' with no write. Atomic (one Lua script).
   */
  upsert(briefing: Briefing): Promise<UpsertOutcome>;
  /**
   * Withdraws a briefing: out of every index (/latest, digests, "ये भी पढ़ें") and no longer readable
   * by id (deep links); the record keeps its text under `withdrawn_json` with the time. False when no
   * such briefing is readable. A file import with the same content leaves it withdrawn.
   */
  withdraw(id: string, at: number): Promise<boolean>;
  /** The briefing with this id (`/start b_<id>`), or undefined. */
  get(id: string): Promise<Briefing | undefined>;
  /** The briefings with these ids that exist, in the order asked. */
  getMany(ids: readonly string[]): Promise<Briefing[]>;
  /**
   * `/latest`: newest first, for readers of these PCs — briefings for any of the PCs, for their states
   * as a whole, and national ones. `offset`/`limit` page through (limit 1..50, default 5).
   */
  listNewestForPcs(pcs: readonly string[], page?: { offset?: number; limit?: number }): Promise<BriefingPage>;
  /**
   * Digests: the briefings for these PCs (same audience as `listNewestForPcs`) published strictly
   * after `sinceMs`, newest first, at most `limit` (the newest ones when there are more).
   */
  listForPcsSince(pcs: readonly string[], sinceMs: number, limit: number): Promise<Briefing[]>;
  /**
   * Candidates for `selectAlsoRead`: the briefing's explicit `also_read` briefings plus the newest
   * `perIndex` of each index it shares (its PCs, its states, its tags). Never the briefing itself.
   */
  alsoReadCandidates(briefing: Briefing, perIndex?: number): Promise<Briefing[]>;
  /** `get` plus `alsoReadCandidates` in one call: what `renderBriefing` needs to show a briefing. */
  getForReading(id: string): Promise<{ briefing: Briefing; related: Briefing[] } | undefined>;
  /** How many briefings are stored. */
  count(): Promise<number>;
}

// KEYS: record, then every index the briefing belongs to now.
// ARGV: content hash, record version, json, score, id, JSON list of the index keys (= KEYS[2..]).
// Removes the id from the indexes of the previous version (PCs or tags may have changed), so an edit
// moves a briefing rather than copying it.
const UPSERT = `
local old = redis.call('HMGET', KEYS[1], 'hash', 'v', 'idx')
if old[1] == ARGV[1] and old[2] == ARGV[2] then return 'unchanged' end
if old[3] then
  for _, k in ipairs(cjson.decode(old[3])) do redis.call('ZREM', k, ARGV[5]) end
end
for i = 2, #KEYS do redis.call('ZADD', KEYS[i], ARGV[4], ARGV[5]) end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'v', ARGV[2], 'json', ARGV[3], 'idx', ARGV[6])
if old[1] then return 'updated' end
return 'created'`;

const DEFAULT_PAGE = 5;
const MAX_PAGE = 50;

function assertStorable(b: Briefing): void {
  if (!isBriefingId(b.id)) throw new Error(`refusing to store briefing with invalid id "${b.id}"`);
  if (!/^[0-9a-f]{64}$/.test(b.contentHash)) throw new Error(`briefing ${b.id}: missing content hash`);
  if (!Number.isFinite(b.publishedMs)) throw new Error(`briefing ${b.id}: invalid publishedMs`);
  if (!b.title || !b.body) throw new Error(`briefing ${b.id}: empty title or body`);
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Merges `[member, score, member, score…]` lists into distinct ids, newest first (ties by id). */
function mergeNewest(lists: readonly string[][]): string[] {
  const best = new Map<string, number>();
  for (const flat of lists) {
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i] as string;
      const score = Number(flat[i + 1]);
      if (!best.has(id)) best.set(id, score);
    }
  }
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id]) => id);
}

/** Creates the briefing store. Connects to nothing itself: give it a connected ioredis client. */
export function createBriefingStore(deps: BriefingStoreDeps): BriefingStore {
  const { redis } = deps;
  const k = briefingKeys(deps.prefix);

  /** The indexes a briefing belongs to. */
  function indexKeys(b: Briefing): string[] {
    const keys = [k.all];
    if (b.audience.kind === 'pcs') for (const pc of b.audience.pcs) keys.push(k.pc(pc));
    else if (b.audience.kind === 'state') keys.push(k.state(b.audience.state));
    else keys.push(k.national);
    for (const st of statesOf(b)) keys.push(k.inState(st));
    for (const tag of b.tags) keys.push(k.tag(tag));
    return [...new Set(keys)];
  }

  /** Indexes a reader of these PCs reads from: the PCs, their states as a whole, national. */
  function audienceKeys(pcs: readonly string[]): string[] {
    const codes = [...new Set(pcs.map((p) => p.trim().toUpperCase()).filter(Boolean))];
    const states = [...new Set(codes.map(stateOfPc))];
    return [...codes.map(k.pc), ...states.map(k.state), k.national];
  }

  async function getMany(ids: readonly string[]): Promise<Briefing[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hget(k.record(id), 'json');
    const results = (await pipeline.exec()) ?? [];
    const out: Briefing[] = [];
    for (const [err, json] of results) {
      if (err) throw err;
      if (typeof json === 'string') out.push(JSON.parse(json) as Briefing);
    }
    return out;
  }

  async function get(id: string): Promise<Briefing | undefined> {
    if (!isBriefingId(id)) return undefined;
    const json = await redis.hget(k.record(id), 'json');
    return json ? (JSON.parse(json) as Briefing) : undefined;
  }

  /** Newest `count` ids over several indexes (each index's top `count` holds the union's top `count`). */
  async function newestIds(keys: readonly string[], count: number): Promise<string[]> {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.zrevrange(key, 0, count - 1, 'WITHSCORES');
    const results = (await pipeline.exec()) ?? [];
    return mergeNewest(
      results.map(([err, r]) => {
        if (err) throw err;
        return r as string[];
      }),
    ).slice(0, count);
  }

  async function alsoReadCandidates(b: Briefing, perIndex = 10): Promise<Briefing[]> {
    const keys = [
      ...pcsOf(b).map(k.pc),
      ...statesOf(b).map(k.inState),
      ...[...new Set(b.tags.map(normalizeTag))].map(k.tag),
    ];
    const explicit = b.alsoRead.flatMap((r) => (r.kind === 'briefing' ? [r.id] : []));
    const nearby = keys.length > 0 ? await newestIds(keys, perIndex + 1) : [];
    const ids = [...new Set([...explicit, ...nearby])].filter((id) => id !== b.id);
    return getMany(ids);
  }

  return {
    async upsert(b) {
      assertStorable(b);
      const idx = indexKeys(b);
      return (await redis.eval(
        UPSERT,
        1 + idx.length,
        k.record(b.id),
        ...idx,
        b.contentHash,
        RECORD_VERSION,
        JSON.stringify(b),
        b.publishedMs,
        b.id,
        JSON.stringify(idx),
      )) as UpsertOutcome;
    },

    get,
    getMany,

    async listNewestForPcs(pcs, page = {}) {
      const offset = clampInt(page.offset, 0, 10_000, 0);
      const limit = clampInt(page.limit, 1, MAX_PAGE, DEFAULT_PAGE);
      const ids = await newestIds(audienceKeys(pcs), offset + limit + 1);
      const items = await getMany(ids.slice(offset, offset + limit));
      return ids.length > offset + limit ? { items, nextOffset: offset + limit } : { items };
    },

    async listForPcsSince(pcs, sinceMs, limit) {
      const n = clampInt(limit, 1, 1000, DEFAULT_PAGE);
      const pipeline = redis.pipeline();
      for (const key of audienceKeys(pcs)) {
        pipeline.zrevrangebyscore(key, '+inf', `(${sinceMs}`, 'WITHSCORES', 'LIMIT', 0, n);
      }
      const results = (await pipeline.exec()) ?? [];
      const ids = mergeNewest(
        results.map(([err, r]) => {
          if (err) throw err;
          return r as string[];
        }),
      ).slice(0, n);
      return getMany(ids);
    },

    alsoReadCandidates,

    async getForReading(id) {
      const briefing = await get(id);
      if (!briefing) return undefined;
      return { briefing, related: await alsoReadCandidates(briefing) };
    },

    async count() {
      return redis.zcard(k.all);
    },

    async withdraw(id, at) {
      if (!isBriefingId(id)) return false;
      const key = k.record(id);
      // WATCH: an import rewriting the record meanwhile makes the transaction fail; then try again.
      for (let attempt = 0; attempt < 5; attempt++) {
        await redis.watch(key);
        const [json, idx] = await redis.hmget(key, 'json', 'idx');
        if (!json) {
          await redis.unwatch();
          return false;
        }
        const tx = redis.multi();
        for (const index of JSON.parse(idx ?? '[]') as string[]) tx.zrem(index, id);
        tx.hset(key, 'withdrawn', at, 'withdrawn_json', json).hdel(key, 'json');
        if ((await tx.exec()) !== null) return true;
      }
      throw new Error(`briefing ${id} kept changing while being withdrawn`);
    },
  };
}
