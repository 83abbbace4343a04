import type { Redis } from 'ioredis';
import { createKeys } from './keys.js';

/** A newsroom editor added by an owner: may draft and publish to seats and states. */
export interface Editor {
  /** Telegram user id. */
  id: number;
  /** The name as Telegram gave it when the editor was added (may be empty: added by id, never seen). */
  name: string;
  /** Telegram user id of the owner who added them. */
  addedBy: number;
  /** When, in epoch ms. */
  at: number;
}

/**
 * The editors: one Redis hash, user id → editor (JSON). Checking a user is one HEXISTS, cheap enough
 * to run on every update that could be a desk action; nothing is cached in the process, so a removal
 * takes effect at once in every bot process.
 */
export function createEditorStore(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const key = createKeys(deps.prefix).editors;
  const now = deps.now ?? Date.now;
  return {
    /** Adds (or renames) an editor; returns false when they were already one (the entry is refreshed). */
    async add(e: Omit<Editor, 'at'>): Promise<boolean> {
      const entry: Editor = { ...e, at: now() };
      // HSETNX keeps the first "added by, when" of an editor already listed.
      return (await deps.redis.hsetnx(key, String(e.id), JSON.stringify(entry))) === 1;
    },
    /** Removes an editor; returns what was stored, or undefined when they were not one. */
    async remove(id: number): Promise<Editor | undefined> {
      const [[, v], [, n]] = (await deps.redis
        .multi()
        .hget(key, String(id))
        .hdel(key, String(id))
        .exec()) as [[Error | null, string | null], [Error | null, number]];
      return n === 1 && v ? (JSON.parse(v) as Editor) : undefined;
    },
    async has(id: number): Promise<boolean> {
      return (await deps.redis.hexists(key, String(id))) === 1;
    },
    async get(id: number): Promise<Editor | undefined> {
      const v = await deps.redis.hget(key, String(id));
      return v ? (JSON.parse(v) as Editor) : undefined;
    },
    /** Every editor, oldest first. */
    async list(): Promise<Editor[]> {
      const all = Object.values(await deps.redis.hgetall(key)).map((v) => JSON.parse(v) as Editor);
      return all.sort((a, b) => a.at - b.at || a.id - b.id);
    },
  };
}

export type EditorStore = ReturnType<typeof createEditorStore>;
