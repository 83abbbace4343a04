import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createKeys } from './keys.js';

/** A CMS API token as stored: never the token itself, only its sha256. */
export interface ApiToken {
  /** Short id `[a-z0-9]` (shown in lists and audit lines; part of the token). */
  id: string;
  /** What the owner called it ("website CMS"). */
  name: string;
  /** `draft`: makes drafts for editors only. `publish`: may also publish now or at a time. */
  scope: 'draft' | 'publish';
  /** sha256 (hex) of the whole token. */
  hash: string;
  createdBy: string;
  createdAt: number;
  revokedAt?: number;
}

/** What an external_id made, so that a repeated call answers with the same briefing. */
export interface ExternalRecord {
  tokenId: string;
  /** Set once the draft exists (a record without it is a call still in progress). */
  draftId?: string;
  briefingId?: string;
  status?: 'draft' | 'published' | 'scheduled';
  /** PC codes it goes to, and those the tagger suggested. */
  seats?: string[];
  suggested?: string[];
  at: number;
}

const TOKEN_RE = /^cbt_([a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * CMS API tokens and the idempotency record of API calls. A token is `cbt_<id>_<secret>`, shown once
 * when made; Redis keeps its sha256 only, so a copy of the data cannot call the API.
 */
export function createApiTokenStore(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const keys = createKeys(deps.prefix);
  const now = deps.now ?? Date.now;
  const { redis } = deps;

  return {
    /** Makes a token; the returned `token` is the only time it exists outside the caller. */
    async create(input: {
      name: string;
      scope: ApiToken['scope'];
      createdBy: string;
    }): Promise<{ token: string; record: ApiToken }> {
      const id = BigInt(`0x${randomBytes(6).toString('hex')}`)
        .toString(36)
        .padStart(8, '0')
        .slice(-8);
      const token = `cbt_${id}_${randomBytes(24).toString('base64url')}`;
      const record: ApiToken = {
        id,
        name: input.name,
        scope: input.scope,
        hash: sha256(token),
        createdBy: input.createdBy,
        createdAt: now(),
      };
      await redis
        .multi()
        .hset(keys.apiTokens, id, JSON.stringify(record))
        .hset(keys.apiTokenHashes, record.hash, id)
        .exec();
      return { token, record };
    },
    /** Every token (revoked ones too), oldest first. */
    async list(): Promise<ApiToken[]> {
      const all = Object.values(await redis.hgetall(keys.apiTokens)).map((v) => JSON.parse(v) as ApiToken);
      return all.sort((a, b) => a.createdAt - b.createdAt);
    },
    async get(id: string): Promise<ApiToken | undefined> {
      const v = await redis.hget(keys.apiTokens, id);
      return v ? (JSON.parse(v) as ApiToken) : undefined;
    },
    /** Revokes a token at once in every process; undefined when there is no such live token. */
    async revoke(id: string): Promise<ApiToken | undefined> {
      const t = await this.get(id);
      if (!t || t.revokedAt) return undefined;
      const revoked: ApiToken = { ...t, revokedAt: now() };
      await redis
        .multi()
        .hset(keys.apiTokens, id, JSON.stringify(revoked))
        .hdel(keys.apiTokenHashes, t.hash)
        .exec();
      return revoked;
    },
    /** The live token a presented string is, or undefined (malformed, unknown or revoked). */
    async verify(presented: string): Promise<ApiToken | undefined> {
      const m = TOKEN_RE.exec(presented);
      if (!m) return undefined;
      const hash = sha256(presented);
      const id = await redis.hget(keys.apiTokenHashes, hash);
      if (id !== m[1]) return undefined;
      const t = await this.get(id);
      if (!t || t.revokedAt) return undefined;
      // The hash look-up found it; comparing again in constant time costs nothing and keeps it honest.
      return timingSafeEqual(Buffer.from(t.hash, 'hex'), Buffer.from(hash, 'hex')) ? t : undefined;
    },
    /**
     * Claims an external id for a call: true when this call is the first (it then records what it made
     * with {@link recordExternal}); false when one came before (read it with {@link external}).
     */
    async claimExternal(externalId: string, tokenId: string): Promise<boolean> {
      const rec: ExternalRecord = { tokenId, at: now() };
      return (await redis.hsetnx(keys.apiExternal, externalId, JSON.stringify(rec))) === 1;
    },
    async external(externalId: string): Promise<ExternalRecord | undefined> {
      const v = await redis.hget(keys.apiExternal, externalId);
      return v ? (JSON.parse(v) as ExternalRecord) : undefined;
    },
    async recordExternal(externalId: string, rec: ExternalRecord): Promise<void> {
      await redis.hset(keys.apiExternal, externalId, JSON.stringify(rec));
    },
    /** Gives an external id back when the call that claimed it failed before making anything. */
    async releaseExternal(externalId: string): Promise<void> {
      await redis.hdel(keys.apiExternal, externalId);
    },
  };
}

export type ApiTokenStore = ReturnType<typeof createApiTokenStore>;
