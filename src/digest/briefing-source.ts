import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Briefing } from '../briefings/types.js';
import { type BriefingStore, briefingKeys } from '../store/briefings.js';
import { createKeys } from '../store/keys.js';
import { LAST_DIGEST_FIELD } from '../store/subscribers.js';

/** What a reader's digest is made from. */
export interface ReaderBriefings {
  /** PC codes the reader follows. */
  pcs: string[];
  /** When their last digest was composed, if they had one. */
  lastDigest?: number;
  /** Briefings for their PCs published after `lastDigest` (else after `firstSince`), newest first. */
  briefings: Briefing[];
}

export interface DigestBriefingSource {
  /** What {@link ReaderBriefings} says, at most `limit` briefings (the newest). */
  forReader(chatId: number, firstSince: number, limit: number): Promise<ReaderBriefings>;
}

export interface DigestBriefingSourceDeps {
  redis: Redis;
  prefix: string;
  /** Fetches the briefings not in the cache. */
  briefings: Pick<BriefingStore, 'getMany'>;
  /** How long a fetched briefing is reused (an edited title shows in digests after at most this). */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

// KEYS: the chat's PC set, the chat's hash.
// ARGV: PC index prefix, state index prefix, national index, first digest's `since`, limit, last-digest field.
// The reader's PCs, their last digest, and the briefings for them since: [id, score, ...], each id once,
// from the same indexes and bounds as BriefingStore.listForPcsSince (its PCs, their states as a whole,
// national), which a test holds it to. Sorting is left to the caller: Redis runs one script at a time.
const FOR_READER = `
local pcs = redis.call('SMEMBERS', KEYS[1])
local last = redis.call('HGET', KEYS[2], ARGV[6])
if #pcs == 0 then return {last, pcs, {}} end
local since = ARGV[4]
if last and tonumber(last) then since = last end
local n = tonumber(ARGV[5])
local keys, states = {}, {}
for _, pc in ipairs(pcs) do
  keys[#keys + 1] = ARGV[1] .. pc
  local st = string.match(pc, '^(.+)%-[^%-]*$') or pc
  if not states[st] then
    states[st] = true
    keys[#keys + 1] = ARGV[2] .. st
  end
end
keys[#keys + 1] = ARGV[3]
local seen, out = {}, {}
for _, key in ipairs(keys) do
  local r = redis.call('ZREVRANGEBYSCORE', key, '+inf', '(' .. since, 'WITHSCORES', 'LIMIT', 0, n)
  for i = 1, #r, 2 do
    if not seen[r[i]] then
      seen[r[i]] = true
      out[#out + 1] = r[i]
      out[#out + 1] = r[i + 1]
    end
  end
end
return {last, pcs, out}`;
const FOR_READER_SHA = createHash('sha1').update(FOR_READER).digest('hex');

/**
 * Briefings for digests, which ask once per reader of a slot, a hundred thousand times a run: one Redis
 * call per reader (a script reads their PCs, their last digest and the matching ids from the indexes),
 * and the briefings themselves from a per-process cache, each fetched once per `ttlMs` (concurrent
 * misses share one fetch). Reading every reader's briefings in full, bodies and all, would move
 * megabytes per hundred readers; this moves a few hundred bytes.
 */
export function createDigestBriefingSource(deps: DigestBriefingSourceDeps): DigestBriefingSource {
  const bk = briefingKeys(deps.prefix);
  const ck = createKeys(deps.prefix);
  const ttl = deps.ttlMs ?? 60_000;
  const max = deps.maxEntries ?? 5000;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; briefing: Promise<Briefing | undefined> }>();
  // Index key prefixes, from the store's own key layout.
  const pcPrefix = bk.pc('');
  const statePrefix = bk.state('');

  function resolve(ids: readonly string[]): Promise<Array<Briefing | undefined>> {
    const t = now();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = cache.get(id);
      if (!hit || t - hit.at > ttl) missing.push(id);
    }
    if (missing.length > 0) {
      const fetched = deps.briefings.getMany(missing).then((list) => new Map(list.map((b) => [b.id, b])));
      // A failed fetch is not remembered: the next reader tries again.
      fetched.catch(() => {
        for (const id of missing) cache.delete(id);
      });
      if (cache.size + missing.length > max) cache.clear();
      for (const id of missing) cache.set(id, { at: t, briefing: fetched.then((m) => m.get(id)) });
    }
    return Promise.all(ids.map((id) => cache.get(id)?.briefing ?? Promise.resolve(undefined)));
  }

  return {
    async forReader(chatId, firstSince, limit) {
      const n = Math.min(1000, Math.max(1, Math.trunc(limit)));
      const args = [
        2,
        ck.chatPcs(chatId),
        ck.chat(chatId),
        pcPrefix,
        statePrefix,
        bk.national,
        Math.trunc(firstSince),
        n,
        LAST_DIGEST_FIELD,
      ] as const;
      // By hash: the script's text would otherwise travel with every reader's call.
      let reply: unknown;
      try {
        reply = await deps.redis.evalsha(FOR_READER_SHA, ...args);
      } catch (err) {
        if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
        reply = await deps.redis.eval(FOR_READER, ...args);
      }
      const [last, pcs, flat] = reply as [string | null, string[], string[]];
      // Newest first, ties by id (as the store orders them); the newest `n`.
      const entries: Array<[string, number]> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) entries.push([flat[i] as string, Number(flat[i + 1])]);
      entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const ids = entries.slice(0, n).map(([id]) => id);
      const found = await resolve(ids);
      const out: ReaderBriefings = {
        pcs: pcs.sort(),
        briefings: found.filter((b): b is Briefing => b !== undefined),
      };
      const lastDigest = last === null ? Number.NaN : Number(last);
      if (Number.isFinite(lastDigest)) out.lastDigest = lastDigest;
      return out;
    },
  };
}
