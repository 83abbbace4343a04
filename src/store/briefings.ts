import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isBriefingId } from '../briefings/links.js';
import {
  acsOf,
  type Briefing,
  changedFields,
  hasPublicationTime,
  normalizeTag,
  pcsOf,
  statesOf,
} from '../briefings/types.js';
import { parseAcCode } from '../catalog/assembly.js';
import { storeCommands } from './commands.js';
import { createKeys, keyParts } from './keys.js';
import { LAST_DIGEST_FIELD } from './subscribers.js';

/**
 * Record layout version. Bump it when `Briefing` changes shape: upserts then rewrite every record
 * even when the file's content hash is the same.
 */
const RECORD_VERSION = '2';

/** Who made the revisions that file imports make. */
export const FILE_AUTHOR = 'file';

/**
 * What an import did. `withdrawn`: the briefing was withdrawn; nothing is written (an edited file does
 * not bring it back). `kept`: its latest revision was made by an editor, which a file never overwrites.
 */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'withdrawn' | 'kept';

/** What writing a revision did: `conflict` when the briefing moved on since it was read, or already exists. */
export type SaveOutcome = 'created' | 'updated' | 'conflict' | 'withdrawn';

/** One revision of a briefing: who made it, when, which fields changed, and the briefing as it then was. */
export interface Revision {
  revision: number;
  /** An editor's or owner's Telegram id, `file` for an import, `cli`, `system`… */
  by: string;
  /** Epoch ms. */
  at: number;
  /** The `Briefing` fields that differ from the revision before (every field set, for the first). */
  changed: string[];
  briefing: Briefing;
}

/** One page of briefings, newest first. */
export interface BriefingPage {
  items: Briefing[];
  /** Offset of the next page; undefined when this is the last one. */
  nextOffset?: number;
}

/** What a reader's digest is made from. */
export interface ReaderBriefings {
  /** PC codes the reader follows, sorted. */
  pcs: string[];
  /** AC codes the reader follows (`UP-A80`); absent or empty for a reader of PCs only. */
  acs?: string[];
  /** When their last digest was composed, if they had one. */
  lastDigest?: number;
  /** Briefings for their PCs published after `lastDigest` (else after `firstSince`), newest first. */
  briefings: Briefing[];
}

export interface BriefingStoreDeps {
  redis: Redis;
  prefix: string;
  /**
   * The per-process cache of briefings that `forReader` keeps: how long a fetched briefing is reused (an
   * edited title shows in digests after at most this; default 60 s), how many are kept (default 5,000),
   * and its clock (tests).
   */
  readerCache?: { ttlMs?: number; maxEntries?: number; now?: () => number };
  /** Clock for revision times (tests). */
  now?: () => number;
  /**
   * The PC an AC lies in (`UP-A80` → `UP-16`), from the catalogue: indexes an AC briefing for the PC's
   * readers who asked for its ACs, and gives an AC's reader the briefings of its PC. Without it, AC
   * briefings are indexed by AC only.
   */
  acPc?: (ac: string) => string | undefined;
}

/** Which indexes besides a reader's own seats they read (store/subscribers.ts `SeatPrefs`). */
export interface SeatReading {
  /** AC codes among the seats also bring the briefings of their PC and state (default true). */
  wide?: boolean;
  /** PC codes among the seats also bring the briefings of the PC's ACs (default false). */
  pcAcs?: boolean;
}

/** The briefings repository on Redis. */
export interface BriefingStore {
  /**
   * Imports a briefing from a file, idempotent by id and content hash: a new id → 'created' (revision
   * 1, by `file`); the same id with another hash (an edited file) → 'updated', a new revision replacing
   * the record and moving it between indexes; the same hash → 'unchanged' with no write; a briefing whose
   * latest revision an editor made → 'kept' with no write; a withdrawn briefing → 'withdrawn' with no
   * write, whatever its content. A briefing without a publication time (`publishedAt` absent) keeps the
   * order key it already has: its `publishedMs` is the first import's, whatever this call's is. The
   * revision number and time are the store's (the ones given are ignored).
   */
  upsert(briefing: Briefing): Promise<UpsertOutcome>;
  /**
   * Writes `briefing` as revision `briefing.revision`, made by `by`, if the stored briefing is still at
   * `expectRevision` (0: there must be none, withdrawn ones included): 'conflict' otherwise, with
   * nothing written. The caller numbers the revision and sets its times; the revision entry records
   * the fields changed since the stored one.
   */
  save(briefing: Briefing, opts: { by: string; expectRevision: number }): Promise<SaveOutcome>;
  /** Every revision of a briefing, oldest first (also of a withdrawn one); empty for an unknown id. */
  revisions(id: string): Promise<Revision[]>;
  /** The newest `limit` briefings of all (1..1000), newest first. */
  newest(limit: number): Promise<Briefing[]>;
  /**
   * Withdraws a briefing: out of every index (/latest, digests, "ये भी पढ़ें") and no longer readable
   * by id (deep links); the record keeps its text under `withdrawn_json` with the time. False when no
   * such briefing is readable. A file import with the same content leaves it withdrawn.
   */
  withdraw(id: string, at: number): Promise<boolean>;
  /** A withdrawn briefing as it was when withdrawn, or undefined when there is no withdrawn one. */
  withdrawn(id: string): Promise<Briefing | undefined>;
  /** The briefing with this id (`/start b_<id>`), or undefined. */
  get(id: string): Promise<Briefing | undefined>;
  /** The briefings with these ids that exist, in the order asked. */
  getMany(ids: readonly string[]): Promise<Briefing[]>;
  /**
   * `/latest`: newest first, for readers of these seats — briefings for any of the PCs and ACs (codes
   * `UP-16`, `UP-A80` mixed), for the PCs' states as a whole, and national ones; with {@link SeatReading}
   * also the PCs around the ACs and the ACs inside the PCs. `offset`/`limit` page through (limit 1..50, default 5). Like every
   * reading below, only briefings whose time has come: one scheduled for later (scored at its time)
   * waits for it.
   */
  listNewestForPcs(
    pcs: readonly string[],
    page?: { offset?: number; limit?: number } & SeatReading,
  ): Promise<BriefingPage>;
  /**
   * Digests: the briefings for these PCs (same audience as `listNewestForPcs`) published strictly
   * after `sinceMs`, newest first, at most `limit` (the newest ones when there are more).
   */
  listForPcsSince(pcs: readonly string[], sinceMs: number, limit: number): Promise<Briefing[]>;
  /**
   * A reader's digest, asked once per reader of a slot (a hundred thousand times a run): in one Redis
   * call, the PCs they follow, their last digest and the ids of what `listForPcsSince` would answer for
   * them since their last digest (else since `firstSince`), at most `limit` (1..1000); the briefings
   * themselves come from a per-process cache ({@link BriefingStoreDeps.readerCache}), each fetched once
   * per TTL, concurrent misses sharing one fetch. Reading every reader's briefings in full, bodies and
   * all, would move megabytes per hundred readers; this moves a few hundred bytes. A reader who follows
   * no PC (or an unknown chat) gets no PCs and no briefings.
   */
  forReader(chatId: number, firstSince: number, limit: number): Promise<ReaderBriefings>;
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

/** Whether a seat code is an AC's (`UP-A80`) rather than a PC's (`UP-16`). */
function isAcCode(code: string): boolean {
  return parseAcCode(code) !== undefined;
}

/** Ids of a `[id, score, id, score…]` list with distinct ids: newest first, ties by id. */
function newestFirst(flat: readonly string[]): string[] {
  const entries: Array<[string, number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) entries.push([flat[i] as string, Number(flat[i + 1])]);
  return entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id]) => id);
}

/** Merges `[member, score, member, score…]` lists into distinct ids, newest first (ties by id). */
function mergeNewest(lists: readonly string[][]): string[] {
  const seen = new Set<string>();
  const flat: string[] = [];
  for (const list of lists) {
    for (let i = 0; i + 1 < list.length; i += 2) {
      const id = list[i] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      flat.push(id, list[i + 1] as string);
    }
  }
  return newestFirst(flat);
}

/** A stored briefing; records from before revisions were numbered are revision 1. */
function decode(json: string): Briefing {
  const b = JSON.parse(json) as Briefing;
  b.revision ??= 1;
  return b;
}

/** Creates the briefing store. Connects to nothing itself: give it a connected ioredis client. */
export function createBriefingStore(deps: BriefingStoreDeps): BriefingStore {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const cmd = storeCommands(redis);
  // The audience scripts build PC and state index keys from these parts (one template, in keys.ts).
  const pcIndex = keyParts(k.briefingsPc);
  const stateIndex = keyParts(k.briefingsState);
  const acIndex = keyParts(k.briefingsAc);
  const pcAcsIndex = keyParts(k.briefingsPcAcs);
  const indexParts = {
    pcHead: pcIndex.head,
    pcTail: pcIndex.tail,
    stateHead: stateIndex.head,
    stateTail: stateIndex.tail,
    acHead: acIndex.head,
    acTail: acIndex.tail,
    pcAcsHead: pcAcsIndex.head,
    pcAcsTail: pcAcsIndex.tail,
  };
  const acPc = deps.acPc ?? (() => undefined);

  /** Seats as read: with `wide`, each AC's PC joins them (unless followed already). */
  function seatsRead(seats: readonly string[], wide: boolean): string[] {
    const codes = seats.map((p) => p.trim().toUpperCase()).filter(Boolean);
    if (wide)
      for (const c of [...codes]) {
        const pc = isAcCode(c) ? acPc(c) : undefined;
        if (pc) codes.push(pc);
      }
    return [...new Set(codes)];
  }

  /** The indexes a briefing belongs to. */
  function indexKeys(b: Briefing): string[] {
    const keys = [k.briefingsAll];
    if (b.audience.kind === 'pcs') {
      for (const pc of b.audience.pcs) keys.push(k.briefingsPc(pc));
      for (const ac of acsOf(b)) {
        keys.push(k.briefingsAc(ac));
        const pc = acPc(ac);
        if (pc) keys.push(k.briefingsPcAcs(pc));
      }
    } else if (b.audience.kind === 'state') keys.push(k.briefingsState(b.audience.state));
    else keys.push(k.briefingsNational);
    for (const st of statesOf(b)) keys.push(k.briefingsInState(st));
    for (const tag of b.tags) keys.push(k.briefingsTag(tag));
    return [...new Set(keys)];
  }

  const now = deps.now ?? Date.now;

  /**
   * Writes one revision (see `BriefingStore.save`); `previous` is the stored briefing the caller read
   * (its fields are compared for the revision entry).
   */
  async function write(
    b: Briefing,
    opts: { by: string; expectRevision: number; previous?: Briefing; at: number; sameRevision?: boolean },
  ): Promise<SaveOutcome> {
    assertStorable(b);
    const idx = indexKeys(b);
    const entry: Revision = {
      revision: b.revision,
      by: opts.by,
      at: opts.at,
      // A rewrite of the same revision records it only when the record lacks it (one from before
      // revisions): as a first revision, or with nothing changed.
      changed: opts.sameRevision
        ? b.revision === 1
          ? changedFields(undefined, b)
          : []
        : changedFields(opts.previous, b),
      briefing: b,
    };
    return cmd.briefingSave(
      { record: k.briefing(b.id), indexes: idx },
      {
        hash: b.contentHash,
        version: RECORD_VERSION,
        json: JSON.stringify(b),
        score: b.publishedMs,
        id: b.id,
        indexList: JSON.stringify(idx),
        expectRev: opts.expectRevision > 0 ? String(opts.expectRevision) : '',
        rev: b.revision,
        by: opts.by,
        entry: JSON.stringify(entry),
      },
    );
  }

  /** The stored record as the next writer needs it. */
  async function current(id: string): Promise<
    | { withdrawn: true }
    | {
        withdrawn: false;
        briefing?: Briefing;
        hash?: string;
        version?: string;
        by?: string;
        revision: number;
      }
  > {
    const [json, hash, version, rev, by, withdrawn] = await redis.hmget(
      k.briefing(id),
      'json',
      'hash',
      'v',
      'rev',
      'by',
      'withdrawn',
    );
    if (withdrawn) return { withdrawn: true };
    if (!json) return { withdrawn: false, revision: 0 };
    const briefing = decode(json);
    return {
      withdrawn: false,
      briefing,
      revision: rev ? Number(rev) : 1,
      ...(hash ? { hash } : {}),
      ...(version ? { version } : {}),
      ...(by ? { by } : {}),
    };
  }

  async function save(b: Briefing, opts: { by: string; expectRevision: number }): Promise<SaveOutcome> {
    const stored = opts.expectRevision > 0 ? await current(b.id) : undefined;
    const previous = stored && !stored.withdrawn ? stored.briefing : undefined;
    return write(b, { ...opts, at: b.updatedAt ?? now(), ...(previous ? { previous } : {}) });
  }

  async function importBriefing(b: Briefing): Promise<UpsertOutcome> {
    assertStorable(b);
    // Optimistic: read, decide, write if nobody wrote meanwhile; a conflict reads again.
    for (let attempt = 0; attempt < 8; attempt++) {
      const stored = await current(b.id);
      if (stored.withdrawn) return 'withdrawn';
      const at = now();
      const { updatedAt: _ignored, ...fresh } = b;
      let outcome: SaveOutcome;
      if (!stored.briefing) {
        outcome = await write({ ...fresh, revision: 1 }, { by: FILE_AUTHOR, expectRevision: 0, at });
      } else {
        const old = stored.briefing;
        const sameContent = stored.hash === b.contentHash;
        if (sameContent && stored.version === RECORD_VERSION) return 'unchanged';
        // A file never overwrites what an editor wrote (nor what an editor published under its id).
        if (stored.by !== undefined && stored.by !== FILE_AUTHOR) return 'kept';
        const next: Briefing = {
          ...fresh,
          // Without a real publication time, the first import's order key stays.
          publishedMs: hasPublicationTime(b) ? b.publishedMs : old.publishedMs,
          revision: sameContent ? stored.revision : stored.revision + 1,
          ...(sameContent
            ? old.updatedAt !== undefined
              ? { updatedAt: old.updatedAt }
              : {}
            : { updatedAt: at }),
        };
        outcome = await write(next, {
          by: FILE_AUTHOR,
          expectRevision: stored.revision,
          previous: old,
          at,
          sameRevision: sameContent,
        });
      }
      if (outcome !== 'conflict') return outcome;
    }
    throw new Error(`briefing ${b.id}: the record kept changing during the import; try again`);
  }

  async function getMany(ids: readonly string[]): Promise<Briefing[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hget(k.briefing(id), 'json');
    const results = (await pipeline.exec()) ?? [];
    const out: Briefing[] = [];
    for (const [err, json] of results) {
      if (err) throw err;
      if (typeof json === 'string') out.push(decode(json));
    }
    return out;
  }

  async function get(id: string): Promise<Briefing | undefined> {
    if (!isBriefingId(id)) return undefined;
    const json = await redis.hget(k.briefing(id), 'json');
    return json ? decode(json) : undefined;
  }

  /** Newest `count` ids over several indexes (each index's top `count` holds the union's top `count`). */
  async function newestIds(keys: readonly string[], count: number): Promise<string[]> {
    const pipeline = redis.pipeline();
    // Not before their time: a briefing scheduled for later is not yet "also read" material.
    for (const key of keys)
      pipeline.zrevrangebyscore(key, Math.trunc(now()), '-inf', 'WITHSCORES', 'LIMIT', 0, count);
    const results = (await pipeline.exec()) ?? [];
    return mergeNewest(
      results.map(([err, r]) => {
        if (err) throw err;
        return r as string[];
      }),
    ).slice(0, count);
  }

  /**
   * Newest `count` ids a reader of these PCs reads (their PCs, their states as a whole, national), scored
   * above `min` ('-inf' or '(<ms>'): the same script as a reader's digest query, so the two cannot differ.
   */
  async function newestForPcs(
    pcs: readonly string[],
    min: string,
    count: number,
    reading: SeatReading = {},
  ): Promise<string[]> {
    const codes = seatsRead(pcs, reading.wide ?? true);
    const flat = await cmd.briefingsForPcs(
      { national: k.briefingsNational },
      { min, n: count, ...indexParts, pcAcs: reading.pcAcs ? 1 : 0, max: Math.trunc(now()), pcs: codes },
    );
    return newestFirst(flat).slice(0, count);
  }

  async function alsoReadCandidates(b: Briefing, perIndex = 10): Promise<Briefing[]> {
    const keys = [
      ...pcsOf(b).map(k.briefingsPc),
      ...acsOf(b).map(k.briefingsAc),
      ...statesOf(b).map(k.briefingsInState),
      ...[...new Set(b.tags.map(normalizeTag))].map(k.briefingsTag),
    ];
    const explicit = b.alsoRead.flatMap((r) => (r.kind === 'briefing' ? [r.id] : []));
    const nearby = keys.length > 0 ? await newestIds(keys, perIndex + 1) : [];
    const ids = [...new Set([...explicit, ...nearby])].filter((id) => id !== b.id);
    return getMany(ids);
  }

  // forReader's cache: briefing id → when fetched and the (shared) fetch.
  const cacheTtl = deps.readerCache?.ttlMs ?? 60_000;
  const cacheMax = deps.readerCache?.maxEntries ?? 5000;
  const cacheNow = deps.readerCache?.now ?? Date.now;
  const cache = new LRUCache<string, Promise<Briefing | undefined>>({
    max: cacheMax,
    ttl: cacheTtl,
    // Read the clock at every look-up (tests move it by hand).
    ttlResolution: 0,
    perf: { now: cacheNow },
  });

  /** The briefings with these ids, from the cache or fetched once for every concurrent asker. */
  function cached(ids: readonly string[]): Promise<Array<Briefing | undefined>> {
    const missing = ids.filter((id) => !cache.has(id));
    if (missing.length > 0) {
      const fetched = getMany(missing).then((list) => new Map(list.map((b) => [b.id, b])));
      // A failed fetch is not remembered: the next reader tries again.
      fetched.catch(() => {
        for (const id of missing) cache.delete(id);
      });
      for (const id of missing)
        cache.set(
          id,
          fetched.then((m) => m.get(id)),
        );
    }
    return Promise.all(ids.map((id) => cache.get(id) ?? Promise.resolve(undefined)));
  }

  return {
    upsert: importBriefing,
    save,

    async revisions(id) {
      if (!isBriefingId(id)) return [];
      const all = await redis.hgetall(k.briefing(id));
      return Object.entries(all)
        .filter(([field]) => field.startsWith('r:'))
        .map(([, json]) => JSON.parse(json) as Revision)
        .sort((a, b) => a.revision - b.revision);
    },

    async newest(limit) {
      const n = clampInt(limit, 1, 1000, DEFAULT_PAGE);
      return getMany(await redis.zrevrange(k.briefingsAll, 0, n - 1));
    },

    get,
    getMany,

    async listNewestForPcs(pcs, page = {}) {
      const offset = clampInt(page.offset, 0, 10_000, 0);
      const limit = clampInt(page.limit, 1, MAX_PAGE, DEFAULT_PAGE);
      const ids = await newestForPcs(pcs, '-inf', offset + limit + 1, page);
      const items = await getMany(ids.slice(offset, offset + limit));
      return ids.length > offset + limit ? { items, nextOffset: offset + limit } : { items };
    },

    async listForPcsSince(pcs, sinceMs, limit) {
      const n = clampInt(limit, 1, 1000, DEFAULT_PAGE);
      return getMany(await newestForPcs(pcs, `(${sinceMs}`, n));
    },

    async forReader(chatId, firstSince, limit) {
      const n = Math.min(1000, Math.max(1, Math.trunc(limit)));
      const [last, pcs, first, acs, prefs] = await cmd.readerBriefings(
        {
          chatPcs: k.chatPcs(chatId),
          chat: k.chat(chatId),
          national: k.briefingsNational,
          chatAcs: k.chatAcs(chatId),
          narrow: k.chatsNarrow,
          pcAcs: k.chatsPcAcs,
        },
        {
          firstSince: Math.trunc(firstSince),
          n,
          lastDigestField: LAST_DIGEST_FIELD,
          ...indexParts,
          chatId,
          now: Math.trunc(now()),
        },
      );
      // A reader of ACs who keeps the wider briefings also reads the PCs they lie in (and their states):
      // one more call, only for such readers.
      const around =
        prefs[0] === 0 ? [] : seatsRead(acs, true).filter((c) => !isAcCode(c) && !pcs.includes(c));
      const lists = [first];
      if (around.length > 0) {
        const since = last !== null && Number.isFinite(Number(last)) ? Number(last) : Math.trunc(firstSince);
        lists.push(
          await cmd.briefingsForPcs(
            { national: k.briefingsNational },
            { min: `(${since}`, n, ...indexParts, pcAcs: prefs[1], max: Math.trunc(now()), pcs: around },
          ),
        );
      }
      const found = await cached(mergeNewest(lists).slice(0, n));
      const out: ReaderBriefings = {
        ...(acs.length > 0 ? { acs: acs.sort() } : {}),
        pcs: pcs.sort(),
        briefings: found.filter((b): b is Briefing => b !== undefined),
      };
      const lastDigest = last === null ? Number.NaN : Number(last);
      if (Number.isFinite(lastDigest)) out.lastDigest = lastDigest;
      return out;
    },

    alsoReadCandidates,

    async getForReading(id) {
      const briefing = await get(id);
      if (!briefing) return undefined;
      return { briefing, related: await alsoReadCandidates(briefing) };
    },

    async count() {
      return redis.zcard(k.briefingsAll);
    },

    async withdrawn(id) {
      if (!isBriefingId(id)) return undefined;
      const json = await redis.hget(k.briefing(id), 'withdrawn_json');
      return json ? decode(json) : undefined;
    },

    async withdraw(id, at) {
      if (!isBriefingId(id)) return false;
      return (await cmd.briefingWithdraw({ record: k.briefing(id) }, { id, at })) === 1;
    },
  };
}
