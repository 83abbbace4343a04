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
  /** Seat preferences, where the store read them (`describe`); see {@link SeatPrefs}. */
  prefs?: SeatPrefs;
}

/** A reader's choices about briefings for seats near the ones they follow. */
export interface SeatPrefs {
  /** As a reader of an AC, also the briefings of the PC it lies in and of its state. */
  wide: boolean;
  /** As a reader of a PC, also the briefings of each AC in it. */
  pcAcs: boolean;
}

/**
 * Seat preferences from the chat's membership of `chats:narrow` and `chats:pc-acs`: in neither is the
 * default, what a reader gets before choosing (and every reader from before assembly seats): wider
 * briefings for AC readers, no AC briefings for PC readers.
 */
function prefsOf(narrow: number, pcAcs: number): SeatPrefs {
  return { wide: narrow !== 1, pcAcs: pcAcs === 1 };
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

/** AC codes by state, then number (`UP-A9` before `UP-A80`). */
function sortAcCodes(codes: string[]): string[] {
  const no = (c: string) => Number(c.slice(c.lastIndexOf('-') + 2));
  return codes.sort((a, b) => a.slice(0, 2).localeCompare(b.slice(0, 2)) || no(a) - no(b));
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
 * Which followers of a seat a delivery source takes: `wide` all but the readers who turned off the
 * briefings of their PC and state (for a PC or state briefing reaching AC readers), `pcAcs` only the
 * readers who asked for the briefings of their PC's ACs (for an AC briefing reaching PC readers).
 */
export type SeatFilter = 'wide' | 'pcAcs';

/**
 * One set of chats a delivery can go to: a PC's or an AC's followers (all of them, or those a
 * {@link SeatFilter} admits), every known chat, or the readers of a digest slot (`HH:MM`).
 */
export type AudienceSet =
  | { kind: 'pc'; pc: string; only?: SeatFilter }
  | { kind: 'ac'; ac: string; only?: SeatFilter }
  | { kind: 'all' }
  | { kind: 'slot'; slot: string };

/** An audience set as the audience script reads it: `<kind>|<code>|<filter>|<set key>`. */
function sourceArg(set: AudienceSet, key: string): string {
  switch (set.kind) {
    case 'pc':
      return `pc|${set.pc}|${set.only ?? ''}|${key}`;
    case 'ac':
      return `ac|${set.ac}|${set.only ?? ''}|${key}`;
    case 'all':
      return `set|all||${key}`;
    case 'slot':
      return `set|${set.slot}||${key}`;
  }
}

/**
 * The audience side of the subscriber store, for the fan-out and for previews: who is in a set, page by
 * page, and who of them can receive. Needs no more than a connection and the prefix.
 */
export function createAudienceReader(deps: { redis: Redis; prefix: string }) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const cmd = storeCommands(redis);
  const pcsParts = keyParts((id) => k.chatPcs(id as unknown as number));
  const acsParts = keyParts((id) => k.chatAcs(id as unknown as number));
  const setKey = (set: AudienceSet): string => {
    switch (set.kind) {
      case 'pc':
        return k.pcChats(set.pc);
      case 'ac':
        return k.acChats(set.ac);
      case 'slot':
        return k.digestSlot(set.slot);
      case 'all':
        return k.chats;
    }
  };

  /** See `scanSource` below. */
  async function scanSource(
    sets: readonly AudienceSet[],
    index: number,
    cursor: string,
    count: number,
  ): Promise<[string, number[]]> {
    const set = sets[index];
    if (!set) throw new Error(`no audience set ${index} of ${sets.length}`);
    const [next, ids] = await cmd.audiencePage(
      { set: setKey(set), inactive: k.inactive, narrow: k.chatsNarrow, pcAcs: k.chatsPcAcs },
      {
        cursor,
        count,
        index: index + 1,
        pcsHead: pcsParts.head,
        pcsTail: pcsParts.tail,
        acsHead: acsParts.head,
        acsTail: acsParts.tail,
        sources: sets.map((x) => sourceArg(x, setKey(x))),
      },
    );
    return [String(next), ids.map(Number)];
  }

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

    /**
     * One page of source `index` of a target made of `sets`, as the fan-out enqueues it: only chats
     * that can receive, that the set's filter admits, and that no earlier set of `sets` reaches (a
     * reader of two seats of one briefing comes once, from the first). Next cursor (`'0'` after the last
     * page) and the chat ids; a page may be empty before the last.
     */
    scanSource,

    /** Chats of a set that can receive now (inactive chats left out; a set's filter not applied). */
    countReachable,

    /**
     * How many chats a target made of `sets` reaches now, each counted once: a first unfiltered set by
     * its size, every other set by paging it as the fan-out would (the cost grows with its followers).
     */
    async countSources(sets: readonly AudienceSet[]): Promise<number> {
      let total = 0;
      for (let i = 0; i < sets.length; i++) {
        const set = sets[i] as AudienceSet;
        const seat = set.kind === 'pc' || set.kind === 'ac';
        if (i === 0 && !(seat && set.only)) {
          total += await countReachable(set);
          continue;
        }
        let cursor = '0';
        do {
          const [next, ids] = await scanSource(sets, i, cursor, 1000);
          total += ids.length;
          cursor = next;
        } while (cursor !== '0');
      }
      return total;
    },

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
  // The keys `chat-forget` derives from the chat's seats and digest slot.
  const pcChats = keyParts(k.pcChats);
  const acChats = keyParts(k.acChats);
  const slot = keyParts(k.digestSlot);

  async function getChat(chatId: number): Promise<ChatRecord | undefined> {
    return chatFromHash(chatId, await redis.hgetall(k.chat(chatId)));
  }

  const audience = createAudienceReader(deps);

  /** The keys of one seat a chat follows or drops: its own seat set, the seat's chats and counts, the other kind's set. */
  interface SeatKeys {
    chatSeats: string;
    seatChats: string;
    seatCounts: string;
    otherSeats: string;
  }
  const pcSeat = (chatId: number, pc: string): SeatKeys => ({
    chatSeats: k.chatPcs(chatId),
    seatChats: k.pcChats(pc),
    seatCounts: k.pcCounts,
    otherSeats: k.chatAcs(chatId),
  });
  const acSeat = (chatId: number, ac: string): SeatKeys => ({
    chatSeats: k.chatAcs(chatId),
    seatChats: k.acChats(ac),
    seatCounts: k.acCounts,
    otherSeats: k.chatPcs(chatId),
  });
  /** Follows a seat; refuses beyond `cap` seats (PCs and ACs together). One script. */
  const follow = (chatId: number, keys: SeatKeys, seat: string, cap: number): Promise<SubscribeOutcome> =>
    cmd.chatSubscribe({ chat: k.chat(chatId), ...keys }, { seat, chatId, cap });
  /** Drops a seat; false when the chat did not follow it. One script. */
  const unfollow = async (chatId: number, { otherSeats: _, ...keys }: SeatKeys, seat: string) =>
    (await cmd.chatUnsubscribe(keys, { seat, chatId })) === 1;

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

    /** Follows `pc`; refuses beyond `cap` seats (PCs and ACs together). Atomic. */
    subscribe(chatId: number, pc: string, cap: number): Promise<SubscribeOutcome> {
      return follow(chatId, pcSeat(chatId, pc), pc, cap);
    },

    /** Stops following `pc`; false when the chat did not follow it. Atomic. */
    unsubscribe(chatId: number, pc: string): Promise<boolean> {
      return unfollow(chatId, pcSeat(chatId, pc), pc);
    },

    /** PC codes the chat follows, sorted. */
    async listPcs(chatId: number): Promise<string[]> {
      return (await redis.smembers(k.chatPcs(chatId))).sort();
    },

    /** Follows the AC `ac` (`UP-A80`); refuses beyond `cap` seats (PCs and ACs together). Atomic. */
    subscribeAc(chatId: number, ac: string, cap: number): Promise<SubscribeOutcome> {
      return follow(chatId, acSeat(chatId, ac), ac, cap);
    },

    /** Stops following the AC `ac`; false when the chat did not follow it. Atomic. */
    unsubscribeAc(chatId: number, ac: string): Promise<boolean> {
      return unfollow(chatId, acSeat(chatId, ac), ac);
    },

    /** AC codes the chat follows, sorted by state then number. */
    async listAcs(chatId: number): Promise<string[]> {
      return sortAcCodes(await redis.smembers(k.chatAcs(chatId)));
    },

    /** The chat's seat preferences (the defaults for a chat that never chose, or an unknown one). */
    async getPrefs(chatId: number): Promise<SeatPrefs> {
      const [narrow, pcAcs] = await Promise.all([
        redis.sismember(k.chatsNarrow, String(chatId)),
        redis.sismember(k.chatsPcAcs, String(chatId)),
      ]);
      return prefsOf(narrow, pcAcs);
    },

    /** Sets one seat preference of a known chat; false for an unknown (or erased) chat. */
    async setPref(chatId: number, pref: keyof SeatPrefs, on: boolean): Promise<boolean> {
      // `wide` is kept as its opposite, the few readers who turned it off.
      const prefSet = pref === 'wide' ? k.chatsNarrow : k.chatsPcAcs;
      const member = pref === 'wide' ? !on : on;
      return (await cmd.chatSetPref({ chat: k.chat(chatId), prefSet }, { chatId, on: member ? 1 : 0 })) === 1;
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
    ): Promise<{ chat: ChatRecord; pcs: string[]; acs: string[]; updatedAt: number } | undefined> {
      const [h, pcs, acs, narrow, pcAcs] = await Promise.all([
        redis.hgetall(k.chat(chatId)),
        redis.smembers(k.chatPcs(chatId)),
        redis.smembers(k.chatAcs(chatId)),
        redis.sismember(k.chatsNarrow, String(chatId)),
        redis.sismember(k.chatsPcAcs, String(chatId)),
      ]);
      const found = chatFromHash(chatId, h);
      if (!found) return undefined;
      const chat = { ...found, prefs: prefsOf(narrow, pcAcs) };
      return { chat, pcs: pcs.sort(), acs: sortAcCodes(acs), updatedAt: Number(h.updated ?? chat.createdAt) };
    },

    /** Readers whose digest is at `slot` (`HH:MM`) and who can receive it (inactive chats left out). */
    async countForSlot(slot: string): Promise<number> {
      return audience.countReachable({ kind: 'slot', slot });
    },

    /** Forgets the chat entirely: record, subscriptions (PCs and ACs), counts, digest slot. Atomic. */
    async forget(chatId: number): Promise<number> {
      return cmd.chatForget(
        {
          chat: k.chat(chatId),
          chatPcs: k.chatPcs(chatId),
          pcCounts: k.pcCounts,
          chats: k.chats,
          inactive: k.inactive,
          chatAcs: k.chatAcs(chatId),
          acCounts: k.acCounts,
          narrow: k.chatsNarrow,
          pcAcs: k.chatsPcAcs,
        },
        {
          chatId,
          pcChatsHead: pcChats.head,
          pcChatsTail: pcChats.tail,
          slotHead: slot.head,
          slotTail: slot.tail,
          acChatsHead: acChats.head,
          acChatsTail: acChats.tail,
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

    /** The `n` ACs with most followers, most first. */
    async topAcs(n: number): Promise<Array<{ ac: string; count: number }>> {
      const flat = await redis.zrevrange(k.acCounts, 0, n - 1, 'WITHSCORES');
      const out: Array<{ ac: string; count: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2)
        out.push({ ac: flat[i] as string, count: Number(flat[i + 1]) });
      return out.sort((a, b) => b.count - a.count || a.ac.localeCompare(b.ac));
    },
  };
}

export type SubscriberStore = ReturnType<typeof createSubscriberStore>;
