import type { Redis } from 'ioredis';
import { DEFAULT_LANG, isLang, type Lang } from '../i18n/index.js';
import { createKeys } from './keys.js';

/** Why a chat stopped receiving messages. */
export type InactiveReason = 'blocked' | 'deactivated' | 'not-found';
export type ChatStatus = 'active' | InactiveReason;

/** What the store keeps about one chat. */
export interface ChatRecord {
  id: number;
  lang: Lang;
  status: ChatStatus;
  createdAt: number;
  /** Digest slot `HH:MM`, or `off`. */
  digest: string;
  /** Quiet hours honoured (breaking briefings arrive silently at night). */
  quiet: boolean;
}

export type SubscribeOutcome = 'added' | 'exists' | 'cap' | 'no-chat';

export interface SubscriberStoreDeps {
  redis: Redis;
  prefix: string;
  /** Digest slot given to new chats (`HH:MM`) or `off`. */
  defaultDigest: string;
  /** Clock, injectable for tests. */
  now?: () => number;
}

// KEYS: chat hash, chat pcs, pc chats, pc counts. ARGV: pc, chat id, cap.
// Both sets and the count change together or not at all; the cap is checked inside the same step.
const SUBSCRIBE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no-chat' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'exists' end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 'cap' end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZINCRBY', KEYS[4], 1, ARGV[1])
return 'added'`;

// KEYS: chat pcs, pc chats, pc counts. ARGV: pc, chat id.
const UNSUBSCRIBE = `
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[2])
if tonumber(redis.call('ZINCRBY', KEYS[3], -1, ARGV[1])) <= 0 then redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1`;

// KEYS: chat hash, chat pcs, pc counts, chats, inactive. ARGV: prefix, chat id.
// Removes every trace of the chat; the per-PC and per-slot keys are derived from the prefix.
const FORGET = `
local pcs = redis.call('SMEMBERS', KEYS[2])
for _, pc in ipairs(pcs) do
  redis.call('SREM', ARGV[1] .. ':pc:' .. pc .. ':chats', ARGV[2])
  if tonumber(redis.call('ZINCRBY', KEYS[3], -1, pc)) <= 0 then redis.call('ZREM', KEYS[3], pc) end
end
local slot = redis.call('HGET', KEYS[1], 'digest')
if slot then redis.call('SREM', ARGV[1] .. ':digest-slot:' .. slot, ARGV[2]) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('SREM', KEYS[5], ARGV[2])
return #pcs`;

// KEYS: chat hash, inactive set. ARGV: status, now, chat id. Returns 1 when the status changed.
const SET_STATUS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local old = redis.call('HGET', KEYS[1], 'status')
if old == ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated', ARGV[2])
if ARGV[1] == 'active' then redis.call('SREM', KEYS[2], ARGV[3]) else redis.call('SADD', KEYS[2], ARGV[3]) end
return 1`;

// KEYS: chat hash, old slot set, new slot set. ARGV: chat id, new slot.
const SET_DIGEST = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[1])
if ARGV[2] ~= 'off' then redis.call('SADD', KEYS[3], ARGV[1]) end
redis.call('HSET', KEYS[1], 'digest', ARGV[2])
return 1`;

/** Field of the chat hash holding when its last digest was composed (epoch ms). */
export const LAST_DIGEST_FIELD = 'lastDigest';

// KEYS: chat hash. ARGV: field, time. Only for a chat that still exists (a forgotten chat leaves no trace).
const SET_LAST_DIGEST = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** A chat from its hash (HGETALL); undefined when it does not exist. */
export function chatFromHash(id: number, h: Record<string, string>): ChatRecord | undefined {
  if (!h.status) return undefined;
  return {
    id,
    lang: isLang(h.lang) ? h.lang : DEFAULT_LANG,
    status: (h.status as ChatStatus) ?? 'active',
    createdAt: Number(h.created ?? 0),
    digest: h.digest ?? 'off',
    quiet: h.quiet !== '0',
  };
}

/** Subscribers: chats, their language and status, and the PCs they follow, kept consistent in Redis. */
export function createSubscriberStore(deps: SubscriberStoreDeps) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const now = deps.now ?? Date.now;

  async function getChat(chatId: number): Promise<ChatRecord | undefined> {
    return chatFromHash(chatId, await redis.hgetall(k.chat(chatId)));
  }

  return {
    getChat,

    /** Creates the chat when it is new (language `lang`, digest at the default slot). */
    async ensureChat(
      chatId: number,
      lang: Lang = DEFAULT_LANG,
    ): Promise<{ chat: ChatRecord; created: boolean }> {
      const t = now();
      const created = await redis.hsetnx(k.chat(chatId), 'status', 'active');
      if (created === 1) {
        const digest = deps.defaultDigest;
        const tx = redis
          .multi()
          .hset(k.chat(chatId), { lang, created: t, updated: t, digest, quiet: 1 })
          .sadd(k.chats, chatId);
        if (digest !== 'off') tx.sadd(k.digestSlot(digest), chatId);
        await tx.exec();
      }
      const chat = await getChat(chatId);
      if (!chat) throw new Error(`chat ${chatId} vanished while being created`);
      return { chat, created: created === 1 };
    },

    async setLanguage(chatId: number, lang: Lang): Promise<void> {
      await redis.hset(k.chat(chatId), 'lang', lang, 'updated', now());
    },

    /** Follows `pc`; refuses beyond `cap` PCs. Atomic. */
    async subscribe(chatId: number, pc: string, cap: number): Promise<SubscribeOutcome> {
      return (await redis.eval(
        SUBSCRIBE,
        4,
        k.chat(chatId),
        k.chatPcs(chatId),
        k.pcChats(pc),
        k.pcCounts,
        pc,
        chatId,
        cap,
      )) as SubscribeOutcome;
    },

    /** Stops following `pc`; false when the chat did not follow it. Atomic. */
    async unsubscribe(chatId: number, pc: string): Promise<boolean> {
      return (
        (await redis.eval(UNSUBSCRIBE, 3, k.chatPcs(chatId), k.pcChats(pc), k.pcCounts, pc, chatId)) === 1
      );
    },

    /** PC codes the chat follows, sorted. */
    async listPcs(chatId: number): Promise<string[]> {
      return (await redis.smembers(k.chatPcs(chatId))).sort();
    },

    /** Sets the chat's status; returns true when it changed. Unknown chats are left alone. */
    async setStatus(chatId: number, status: ChatStatus): Promise<boolean> {
      return (await redis.eval(SET_STATUS, 2, k.chat(chatId), k.inactive, status, now(), chatId)) === 1;
    },

    /** Sets the digest slot (`HH:MM`) or `off`. */
    async setDigest(chatId: number, slot: string): Promise<boolean> {
      const old = (await redis.hget(k.chat(chatId), 'digest')) ?? 'off';
      return (
        (await redis.eval(
          SET_DIGEST,
          3,
          k.chat(chatId),
          k.digestSlot(old),
          k.digestSlot(slot),
          chatId,
          slot,
        )) === 1
      );
    },

    async setQuiet(chatId: number, quiet: boolean): Promise<void> {
      await redis.hset(k.chat(chatId), 'quiet', quiet ? 1 : 0, 'updated', now());
    },

    /** When the chat's last digest was composed (epoch ms), or undefined before its first. */
    async getLastDigest(chatId: number): Promise<number | undefined> {
      const v = await redis.hget(k.chat(chatId), LAST_DIGEST_FIELD);
      const ms = v === null ? Number.NaN : Number(v);
      return Number.isFinite(ms) ? ms : undefined;
    },

    /** Records that the chat's digest covered briefings up to `ms`; false for an unknown chat. */
    async setLastDigest(chatId: number, ms: number): Promise<boolean> {
      return (await redis.eval(SET_LAST_DIGEST, 1, k.chat(chatId), LAST_DIGEST_FIELD, ms)) === 1;
    },

    /** Readers whose digest is at `slot` (`HH:MM`) and who can receive it (inactive chats left out). */
    async countForSlot(slot: string): Promise<number> {
      const key = k.digestSlot(slot);
      const [all, inactive] = await Promise.all([
        redis.scard(key),
        redis.call('SINTERCARD', 2, key, k.inactive) as Promise<number>,
      ]);
      return all - Number(inactive);
    },

    /** Forgets the chat entirely: record, subscriptions, counts, digest slot. Atomic. */
    async forget(chatId: number): Promise<number> {
      return (await redis.eval(
        FORGET,
        5,
        k.chat(chatId),
        k.chatPcs(chatId),
        k.pcCounts,
        k.chats,
        k.inactive,
        deps.prefix,
        chatId,
      )) as number;
    },

    /** Number of chats following `pc`. */
    async countForPc(pc: string): Promise<number> {
      return redis.scard(k.pcChats(pc));
    },

    /** Chats by status: active and inactive (all reasons together). */
    async countByStatus(): Promise<{ total: number; active: number; inactive: number }> {
      const [total, inactive] = await Promise.all([redis.scard(k.chats), redis.scard(k.inactive)]);
      return { total, active: total - inactive, inactive };
    },

    /** The `n` PCs with most followers, most first. */
    async topPcs(n: number): Promise<Array<{ pc: string; count: number }>> {
      const flat = await redis.zrevrange(k.pcCounts, 0, n - 1, 'WITHSCORES');
      const out: Array<{ pc: string; count: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2)
        out.push({ pc: flat[i] as string, count: Number(flat[i + 1]) });
      return out.sort((a, b) => b.count - a.count || a.pc.localeCompare(b.pc));
    },
  };
}

export type SubscriberStore = ReturnType<typeof createSubscriberStore>;
