import type { Redis } from 'ioredis';
import { DEFAULT_LANG, isLang, type Lang } from '../i18n/index.js';
import { storeCommands } from './commands.js';
import { STATS_DAY_TTL_S, statsDate } from './daily-stats.js';
import { createKeys, keyParts } from './keys.js';

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

/** Field of the chat hash holding when its last digest was composed (epoch ms). */
export const LAST_DIGEST_FIELD = 'lastDigest';

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

/**
 * One set of chats a delivery can go to: a PC's followers, every known chat, or the readers of a digest
 * slot (`HH:MM`).
 */
export type AudienceSet = { kind: 'pc'; pc: string } | { kind: 'all' } | { kind: 'slot'; slot: string };

/**
 * The audience side of the subscriber store, for the fan-out and for previews: who is in a set, page by
 * page, and who of them can receive. Needs no more than a connection and the prefix.
 */
export function createAudienceReader(deps: { redis: Redis; prefix: string }) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const setKey = (set: AudienceSet): string => {
    switch (set.kind) {
      case 'pc':
        return k.pcChats(set.pc);
      case 'slot':
        return k.digestSlot(set.slot);
      case 'all':
        return k.chats;
    }
  };

  async function countReachable(set: AudienceSet): Promise<number> {
    const key = setKey(set);
    const [all, inactive] = await Promise.all([
      redis.scard(key),
      redis.call('SINTERCARD', 2, key, k.inactive) as Promise<number>,
    ]);
    return all - Number(inactive);
  }

  return {
    /**
     * One page of a set with SSCAN (never every id in memory): the next cursor (`'0'` after the last
     * page) and the chat ids, inactive ones included (see `withoutInactive`).
     */
    async scanAudience(set: AudienceSet, cursor: string, count: number): Promise<[string, number[]]> {
      const [next, ids] = await redis.sscan(setKey(set), cursor, 'COUNT', String(count));
      return [next, ids.map(Number)];
    },

    /** Chats of a set that can receive now (inactive chats left out). */
    countReachable,

    /** `ids` without the chats known to be unreachable, in order. */
    async withoutInactive(ids: readonly number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const inactive = await redis.smismember(k.inactive, ...ids.map(String));
      return ids.filter((_, j) => inactive[j] !== 1);
    },
  };
}

export type AudienceReader = ReturnType<typeof createAudienceReader>;

/** Subscribers: chats, their language and status, and the PCs they follow, kept consistent in Redis. */
export function createSubscriberStore(deps: SubscriberStoreDeps) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const cmd = storeCommands(redis);
  const now = deps.now ?? Date.now;
  // The keys `chat-forget` derives from the chat's PCs and digest slot.
  const pcChats = keyParts(k.pcChats);
  const slot = keyParts(k.digestSlot);

  async function getChat(chatId: number): Promise<ChatRecord | undefined> {
    return chatFromHash(chatId, await redis.hgetall(k.chat(chatId)));
  }

  const audience = createAudienceReader(deps);

  return {
    ...audience,
    getChat,

    /** Creates the chat when it is new (language `lang`, digest at the default slot), atomically. */
    async ensureChat(
      chatId: number,
      lang: Lang = DEFAULT_LANG,
    ): Promise<{ chat: ChatRecord; created: boolean }> {
      const digest = deps.defaultDigest;
      const at = now();
      const created = await cmd.chatEnsure(
        { chat: k.chat(chatId), chats: k.chats, slot: k.digestSlot(digest), day: k.statsDay(statsDate(at)) },
        { chatId, lang, now: at, digest, dayTtl: STATS_DAY_TTL_S },
      );
      const chat = await getChat(chatId);
      if (!chat) throw new Error(`chat ${chatId} vanished while being created`);
      return { chat, created: created === 1 };
    },

    /** True when the chat is known (not new, not erased). */
    async exists(chatId: number): Promise<boolean> {
      return (await redis.hexists(k.chat(chatId), 'status')) === 1;
    },

    /** Sets the language of a known chat; false for an unknown (or erased) chat, which is not recreated. */
    async setLanguage(chatId: number, lang: Lang): Promise<boolean> {
      return (await cmd.chatSetField({ chat: k.chat(chatId) }, { field: 'lang', value: lang })) === 1;
    },

    /** Follows `pc`; refuses beyond `cap` PCs. Atomic. */
    async subscribe(chatId: number, pc: string, cap: number): Promise<SubscribeOutcome> {
      return cmd.chatSubscribe(
        { chat: k.chat(chatId), chatPcs: k.chatPcs(chatId), pcChats: k.pcChats(pc), pcCounts: k.pcCounts },
        { pc, chatId, cap },
      );
    },

    /** Stops following `pc`; false when the chat did not follow it. Atomic. */
    async unsubscribe(chatId: number, pc: string): Promise<boolean> {
      const keys = { chatPcs: k.chatPcs(chatId), pcChats: k.pcChats(pc), pcCounts: k.pcCounts };
      return (await cmd.chatUnsubscribe(keys, { pc, chatId })) === 1;
    },

    /** PC codes the chat follows, sorted. */
    async listPcs(chatId: number): Promise<string[]> {
      return (await redis.smembers(k.chatPcs(chatId))).sort();
    },

    /** Sets the chat's status; returns true when it changed. Unknown chats are left alone. */
    async setStatus(chatId: number, status: ChatStatus): Promise<boolean> {
      const at = now();
      return (
        (await cmd.chatSetStatus(
          { chat: k.chat(chatId), inactive: k.inactive, day: k.statsDay(statsDate(at)) },
          { status, now: at, chatId, dayTtl: STATS_DAY_TTL_S },
        )) === 1
      );
    },

    /** Sets the digest slot (`HH:MM`) or `off`. */
    async setDigest(chatId: number, slot: string): Promise<boolean> {
      const old = (await redis.hget(k.chat(chatId), 'digest')) ?? 'off';
      const keys = { chat: k.chat(chatId), oldSlot: k.digestSlot(old), newSlot: k.digestSlot(slot) };
      return (await cmd.chatSetDigest(keys, { chatId, slot })) === 1;
    },

    /** Sets quiet hours of a known chat; false for an unknown (or erased) chat, which is not recreated. */
    async setQuiet(chatId: number, quiet: boolean): Promise<boolean> {
      return (
        (await cmd.chatSetField({ chat: k.chat(chatId) }, { field: 'quiet', value: quiet ? 1 : 0 })) === 1
      );
    },

    /**
     * One page of the chats that cannot receive (blocked, deactivated, not found) whose status changed
     * before `before` (epoch ms): the readers to erase after a long absence. Returns the next cursor.
     */
    async scanInactiveSince(before: number, cursor: string, count = 500): Promise<[string, number[]]> {
      const [next, ids] = await redis.sscan(k.inactive, cursor, 'COUNT', String(count));
      if (ids.length === 0) return [next, []];
      const tx = redis.pipeline();
      for (const id of ids) tx.hmget(k.chat(Number(id)), 'status', 'updated');
      const rows = (await tx.exec()) ?? [];
      const old: number[] = [];
      rows.forEach(([err, v], i) => {
        if (err) throw err;
        const [status, updated] = v as [string | null, string | null];
        // A chat in the set without a hash is a leftover: erase it too.
        if (!status || (status !== 'active' && Number(updated ?? 0) < before)) old.push(Number(ids[i]));
      });
      return [next, old];
    },

    /** Everything the store keeps about one chat, for the reader's own view (/mydata). */
    async describe(
      chatId: number,
    ): Promise<{ chat: ChatRecord; pcs: string[]; updatedAt: number } | undefined> {
      const [h, pcs] = await Promise.all([redis.hgetall(k.chat(chatId)), redis.smembers(k.chatPcs(chatId))]);
      const chat = chatFromHash(chatId, h);
      if (!chat) return undefined;
      return { chat, pcs: pcs.sort(), updatedAt: Number(h.updated ?? chat.createdAt) };
    },

    /** Readers whose digest is at `slot` (`HH:MM`) and who can receive it (inactive chats left out). */
    async countForSlot(slot: string): Promise<number> {
      return audience.countReachable({ kind: 'slot', slot });
    },

    /** Forgets the chat entirely: record, subscriptions, counts, digest slot. Atomic. */
    async forget(chatId: number): Promise<number> {
      return cmd.chatForget(
        {
          chat: k.chat(chatId),
          chatPcs: k.chatPcs(chatId),
          pcCounts: k.pcCounts,
          chats: k.chats,
          inactive: k.inactive,
        },
        {
          chatId,
          pcChatsHead: pcChats.head,
          pcChatsTail: pcChats.tail,
          slotHead: slot.head,
          slotTail: slot.tail,
        },
      );
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
