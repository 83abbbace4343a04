import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AlsoReadRef, Audience, BriefingPhoto } from '../briefings/types.js';
import { storeCommands } from './commands.js';
import { createKeys, keyParts } from './keys.js';

/** What an editor writes: the parts of a briefing a draft holds. */
export interface DraftFields {
  title: string;
  summary: string;
  /** Restricted Markdown, as `Briefing.body`. */
  body: string;
  /** Absent: the editor must still choose; publishing refuses without it. */
  audience?: Audience;
  /** What the tagger suggested (kept for display and figures). */
  suggestedAudience?: Audience;
  photo?: BriefingPhoto;
  sourceUrl?: string;
  /** Absent: chosen automatically, as for every briefing. */
  alsoRead?: AlsoReadRef[];
}

/** Where a draft came from. */
export type DraftOrigin =
  | { kind: 'telegram' }
  | { kind: 'web' }
  | { kind: 'feed'; feedId: string; itemKey: string }
  | { kind: 'api'; tokenId: string; externalId: string };

/** A briefing being written at the desk, before it is published. */
export interface Draft extends DraftFields {
  /** Short, `[a-z0-9]`, fits callback data. */
  id: string;
  origin: DraftOrigin;
  /** Who created it (an actor id). */
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  status: 'open' | 'published' | 'discarded';
  /** Set once published. */
  briefingId?: string;
}

/** A draft with the version the optimistic writes compare. */
export interface VersionedDraft {
  draft: Draft;
  version: number;
}

/** How long a published or discarded draft stays readable (an old button still finds it). */
const CLOSED_TTL_SECONDS = 30 * 24 * 3600;

/** How long a feed item or an API call's external id is remembered as drafted. */
const ORIGIN_TTL_SECONDS = 90 * 24 * 3600;

/**
 * The key of a draft's origin when one origin must make one draft (a feed item, an API call's external
 * id); none for a draft an editor starts. Parts are URI-encoded, so that no `:` inside one can make two
 * origins one key.
 */
export function originKey(o: DraftOrigin): string | undefined {
  const enc = encodeURIComponent;
  if (o.kind === 'feed') return `feed:${enc(o.feedId)}:${enc(o.itemKey)}`;
  if (o.kind === 'api') return `api:${enc(o.tokenId)}:${enc(o.externalId)}`;
  return undefined;
}

/** Most open drafts a listing reads. */
const LIST_MAX = 1000;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of `n` characters `[a-z0-9]`. */
function shortId(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b % ID_ALPHABET.length];
  return out;
}

/**
 * The desk's drafts: each a Redis hash (the draft as JSON and a version), open ones listed in a sorted
 * set by their last change. Every write is one script that checks the version the writer read, so two
 * bot processes (or two taps) cannot both publish or both change a draft.
 */
export function createDraftStore(deps: { redis: Redis; prefix: string }) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const cmd = storeCommands(redis);

  async function read(id: string): Promise<VersionedDraft | undefined> {
    if (!/^[a-z0-9]{1,32}$/.test(id)) return undefined;
    const [json, v] = await redis.hmget(k.deskDraft(id), 'json', 'v');
    if (!json) return undefined;
    return { draft: JSON.parse(json) as Draft, version: Number(v ?? 0) };
  }

  async function write(draft: Draft, expect: number | undefined): Promise<boolean> {
    const ok = await cmd.draftSave(
      { draft: k.deskDraft(draft.id), open: k.deskDrafts },
      {
        id: draft.id,
        json: JSON.stringify(draft),
        expect: expect === undefined ? '' : String(expect),
        version: (expect ?? 0) + 1,
        status: draft.status,
        score: draft.updatedAt,
        ttl: CLOSED_TTL_SECONDS,
      },
    );
    return ok === 1;
  }

  const draftParts = keyParts(k.deskDraft);

  return {
    /**
     * Stores a new draft under a fresh id (8 characters) and returns it with `created: true`. A feed
     * item or an API call's external id that already made a draft still kept gets that draft back
     * (`created: false`), unchanged.
     */
    async create(fields: Omit<Draft, 'id'>): Promise<{ draft: Draft; created: boolean }> {
      const origin = originKey(fields.origin);
      for (let attempt = 0; attempt < 5; attempt++) {
        const draft: Draft = { ...fields, id: shortId(8) };
        if (origin === undefined) {
          if (await write(draft, undefined)) return { draft, created: true };
          continue;
        }
        const [outcome, id] = await cmd.draftCreate(
          { draft: k.deskDraft(draft.id), open: k.deskDrafts, origin: k.deskDraftOrigin(origin) },
          {
            id: draft.id,
            json: JSON.stringify(draft),
            score: draft.updatedAt,
            ttl: ORIGIN_TTL_SECONDS,
            draftHead: draftParts.head,
            draftTail: draftParts.tail,
          },
        );
        if (outcome === 'created') return { draft, created: true };
        if (outcome === 'exists') {
          const existing = (await read(id))?.draft;
          if (existing) return { draft: existing, created: false };
        }
      }
      throw new Error('no free draft id after 5 tries');
    },
    /** The draft with this id (open or closed, until a closed one expires). */
    async get(id: string): Promise<Draft | undefined> {
      return (await read(id))?.draft;
    },
    read,
    /** Replaces a draft if it is still at `version`; false when it changed meanwhile. */
    async put(draft: Draft, version: number): Promise<boolean> {
      return write(draft, version);
    },
    /** Open drafts, the most recently changed first; `by` keeps only one author's. */
    async listOpen(opts: { offset?: number; limit?: number; by?: string } = {}): Promise<{
      items: Draft[];
      total: number;
    }> {
      const ids = await redis.zrevrange(k.deskDrafts, 0, LIST_MAX - 1);
      if (ids.length === 0) return { items: [], total: 0 };
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hget(k.deskDraft(id), 'json');
      const all: Draft[] = [];
      for (const [err, json] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        if (typeof json === 'string') all.push(JSON.parse(json) as Draft);
      }
      const mine = opts.by === undefined ? all : all.filter((d) => d.createdBy === opts.by);
      const offset = Math.max(0, Math.trunc(opts.offset ?? 0));
      const limit = Math.min(100, Math.max(1, Math.trunc(opts.limit ?? 10)));
      return { items: mine.slice(offset, offset + limit), total: mine.length };
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
