import { randomBytes } from 'node:crypto';
import type { MessageEntity } from 'grammy/types';
import type { Redis } from 'ioredis';
import { reserveSlotLua } from '../delivery/pacer.js';
import { createKeys } from './keys.js';
import { luaScript } from './script.js';
import { type ChatRecord, chatFromHash, LAST_DIGEST_FIELD } from './subscribers.js';

/** Who receives a delivery. */
export type Target =
  | { kind: 'pcs'; pcs: string[] }
  | { kind: 'state'; state: string }
  | { kind: 'all' }
  /** Everyone who received a piece of content (a correction edits their messages). */
  | { kind: 'records'; contentKey: string }
  /** Readers whose daily digest is at this slot (`HH:MM`). */
  | { kind: 'slot'; slot: string };

/** What a delivery sends. */
export type DeliveryContent =
  | { kind: 'briefing'; briefingId: string }
  /** An admin's text message, kept with its entities so formatting survives exactly. */
  | { kind: 'text'; text: string; entities?: MessageEntity[] }
  /** Any other admin message (photo, video…), copied from the admin's chat. */
  | { kind: 'copy'; fromChatId: number; messageId: number }
  /** Edit every message already sent for delivery `of` to its current (corrected) content. */
  | { kind: 'correction'; of: string }
  /**
   * One run of a daily digest slot: each reader gets the briefings for their PCs since their last
   * digest, composed for them when sent. `date` is YYYY-MM-DD in DIGEST_TZ.
   */
  | { kind: 'digest'; slot: string; date: string };

export type DeliveryStatus = 'scheduled' | 'running' | 'paused' | 'cancelled' | 'done';

/** Outcome of one recipient, as counted on the delivery. */
export type Outcome = 'sent' | 'blocked' | 'failed' | 'skipped';

export interface Delivery {
  id: string;
  content: DeliveryContent;
  target: Target;
  /** Admin user id, or `cli`. */
  createdBy: string;
  createdAt: number;
  scheduledAt?: number;
  startedAt?: number;
  finishedAt?: number;
  status: DeliveryStatus;
  /** Recipients queued so far (final once `fanoutDone`). */
  total: number;
  sent: number;
  blocked: number;
  failed: number;
  skipped: number;
  fanoutDone: boolean;
  /** Chat and message of the admin's progress message, when there is one. */
  progress?: { chatId: number; messageId: number };
  /** Correction applied to the sent messages, if any (a new text for message deliveries). */
  correction?: { text: string; entities?: MessageEntity[] };
}

/** Record of what one chat received for one piece of content. */
export interface SentRecord {
  deliveryId: string;
  /** Message ids of the parts sent, in order. */
  messageIds: number[];
  /** Parts the message has; the record is complete when messageIds.length === parts. */
  parts: number;
}

export interface DeliveryStoreDeps {
  redis: Redis;
  prefix: string;
  now?: () => number;
  /** How long per-chat send records are kept (exactly-once and /correct work within it). */
  recordTtlSeconds?: number;
}

// The one rule that closes a delivery, shared by both scripts below: the fan-out has finished and no
// recipient is pending. KEYS: delivery hash, pending set; `now`, `active` and `done` (the finished set,
// dropped on close) are Lua expressions.
const closeIfDone = (now: string, active: string, done: string) => `
if redis.call('HGET', KEYS[1], 'fanout') == '1' and redis.call('SCARD', KEYS[2]) == 0 then
  local st = redis.call('HGET', KEYS[1], 'status')
  if st == 'running' or st == 'paused' then
    redis.call('UNLINK', ${done})
    redis.call('HSET', KEYS[1], 'status', 'done', 'finished', ${now})
    redis.call('SREM', ${active}, redis.call('HGET', KEYS[1], 'id'))
    return 'done'
  end
end
return 'ok'`;

// KEYS: delivery hash, pending set, reasons hash, send records hash, chat hash, finished set.
// ARGV: field, chat id, now, active set, reason ('' none), record JSON ('' none), record TTL s,
// last-digest field, last digest ms ('' none).
// In one step: writes the chat's send record (always, even for a repeat: the message was sent) and its
// last digest, then counts the chat once (only if it was still pending: it moves to the finished set),
// keeps the reason, and closes the delivery when nothing is left.
const FINISH = luaScript(`
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[6])
  redis.call('EXPIRE', KEYS[4], ARGV[7])
end
if ARGV[9] ~= '' and redis.call('EXISTS', KEYS[5]) == 1 then redis.call('HSET', KEYS[5], ARGV[8], ARGV[9]) end
if redis.call('SMOVE', KEYS[2], KEYS[6], ARGV[2]) == 0 then return 'repeat' end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if ARGV[5] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[5], 1) end
${closeIfDone('ARGV[3]', 'ARGV[4]', 'KEYS[6]')}`);

// KEYS: delivery hash, pending set, finished set. ARGV: now, active set. Fan-out finished: close if
// nothing is pending.
const FANOUT_DONE = luaScript(`
redis.call('HSET', KEYS[1], 'fanout', '1')
${closeIfDone('ARGV[1]', 'ARGV[2]', 'KEYS[3]')}`);

// KEYS: delivery hash, pending set, finished set. ARGV: chat ids. Marks them pending, except chats
// already finished (a page queued again by a retried fan-out must not count anyone twice); counts the
// new ones in the total.
const ENQUEUE_PAGE = luaScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'cancelled' or status == 'done' or status == false then return -1 end
local added = 0
for i = 1, #ARGV do
  if redis.call('SISMEMBER', KEYS[3], ARGV[i]) == 0 then added = added + redis.call('SADD', KEYS[2], ARGV[i]) end
end
redis.call('HINCRBY', KEYS[1], 'total', added)
return added`);

// KEYS: send records hash. ARGV: chat id, record JSON, TTL s. Writes (or extends) one record.
const WRITE_RECORD = luaScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`);

// KEYS: chat hash, send records hash, pace key. ARGV: chat id, slot interval ms (0: reserve nothing).
// Reads the chat and its send record; when a message will go out (the chat is active and its record is
// not complete), also reserves the next send slot (pacer.ts), all in one round trip.
const OPEN_SEND = luaScript(`
local h = redis.call('HGETALL', KEYS[1])
local rec = redis.call('HGET', KEYS[2], ARGV[1])
local wait = false
if tonumber(ARGV[2]) > 0 then
  local active = false
  for i = 1, #h, 2 do if h[i] == 'status' then active = h[i + 1] == 'active' end end
  if active and rec then
    local r = cjson.decode(rec)
    if #r.messageIds >= r.parts then active = false end
  end
  if active then
    ${reserveSlotLua('KEYS[3]', 'ARGV[2]')}
    return {h, rec, wait}
  end
end
return {h, rec or false, wait}`);

// KEYS: delivery hash. ARGV: from (csv), to, now, active set, scheduled zset.
const TRANSITION = luaScript(`
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return false end
local ok = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == st then ok = true end end
if not ok then return st end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
local id = redis.call('HGET', KEYS[1], 'id')
if ARGV[2] == 'running' or ARGV[2] == 'paused' then redis.call('SADD', ARGV[4], id) else redis.call('SREM', ARGV[4], id) end
if ARGV[2] ~= 'scheduled' then redis.call('ZREM', ARGV[5], id) end
if ARGV[2] == 'running' and redis.call('HEXISTS', KEYS[1], 'started') == 0 then redis.call('HSET', KEYS[1], 'started', ARGV[3]) end
if ARGV[2] == 'cancelled' or ARGV[2] == 'done' then redis.call('HSET', KEYS[1], 'finished', ARGV[3]) end
return 'OK'`);

/** A delivery id: sortable, short, no `:` (BullMQ job ids cannot hold one). */
export function newDeliveryId(now: number): string {
  return `d${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

const ID_RE = /^d[0-9a-z]{6,16}$/;
/** True for something shaped like a delivery id (input from admins). */
export function isDeliveryId(s: string): boolean {
  return ID_RE.test(s);
}

/**
 * Key under which send records are kept: one per briefing (never twice across publications), one per
 * digest slot and day (so a re-run of the slot sends nothing twice), or one per delivery.
 */
export function contentKey(d: Pick<Delivery, 'id' | 'content'>): string {
  switch (d.content.kind) {
    case 'briefing':
      return `b-${d.content.briefingId}`;
    case 'digest':
      return `dg-${d.content.date}-${d.content.slot.replace(':', '')}`;
    case 'correction':
      return `c-${d.id}`;
    default:
      return `d-${d.id}`;
  }
}

function parseDelivery(h: Record<string, string>): Delivery | undefined {
  if (!h.id || !h.content) return undefined;
  const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
  const d: Delivery = {
    id: h.id,
    content: JSON.parse(h.content) as DeliveryContent,
    target: JSON.parse(h.target ?? '{"kind":"all"}') as Target,
    createdBy: h.by ?? '',
    createdAt: Number(h.created ?? 0),
    status: (h.status ?? 'scheduled') as DeliveryStatus,
    total: Number(h.total ?? 0),
    sent: Number(h.sent ?? 0),
    blocked: Number(h.blocked ?? 0),
    failed: Number(h.failed ?? 0),
    skipped: Number(h.skipped ?? 0),
    fanoutDone: h.fanout === '1',
  };
  const scheduledAt = num(h.scheduled);
  if (scheduledAt !== undefined) d.scheduledAt = scheduledAt;
  const startedAt = num(h.started);
  if (startedAt !== undefined) d.startedAt = startedAt;
  const finishedAt = num(h.finished);
  if (finishedAt !== undefined) d.finishedAt = finishedAt;
  if (h.progress) d.progress = JSON.parse(h.progress) as { chatId: number; messageId: number };
  if (h.correction) d.correction = JSON.parse(h.correction) as Delivery['correction'];
  return d;
}

/** Deliveries, their counters and checkpoints, and per-chat send records. */
export function createDeliveryStore(deps: DeliveryStoreDeps) {
  const { redis, prefix } = deps;
  const now = deps.now ?? Date.now;
  const recordTtl = deps.recordTtlSeconds ?? 30 * 24 * 3600;
  const key = (id: string) => `${prefix}:delivery:${id}`;
  const pendingKey = (id: string) => `${prefix}:delivery:${id}:pending`;
  const reasonsKey = (id: string) => `${prefix}:delivery:${id}:reasons`;
  /** Recipients already counted, while the delivery runs (dropped when it closes). */
  const finishedKey = (id: string) => `${prefix}:delivery:${id}:finished`;
  const recordsKey = (ck: string) => `${prefix}:sent:${ck}`;
  const allKey = `${prefix}:deliveries`;
  const activeKey = `${prefix}:deliveries:active`;
  const scheduledKey = `${prefix}:deliveries:scheduled`;
  const chatKey = createKeys(prefix).chat;

  async function get(id: string): Promise<Delivery | undefined> {
    if (!isDeliveryId(id)) return undefined;
    return parseDelivery(await redis.hgetall(key(id)));
  }

  return {
    get,

    /** Stores a new delivery: `scheduled` when it has a future time, else `running`. */
    async create(input: {
      content: DeliveryContent;
      target: Target;
      createdBy: string;
      scheduledAt?: number;
    }): Promise<Delivery> {
      const t = now();
      const id = newDeliveryId(t);
      const scheduled = input.scheduledAt !== undefined && input.scheduledAt > t;
      const fields: Record<string, string | number> = {
        id,
        content: JSON.stringify(input.content),
        target: JSON.stringify(input.target),
        by: input.createdBy,
        created: t,
        status: scheduled ? 'scheduled' : 'running',
        total: 0,
        sent: 0,
        blocked: 0,
        failed: 0,
        skipped: 0,
        fanout: '0',
      };
      if (scheduled) fields.scheduled = input.scheduledAt as number;
      else fields.started = t;
      const tx = redis.multi().hset(key(id), fields).zadd(allKey, t, id);
      if (scheduled) tx.zadd(scheduledKey, input.scheduledAt as number, id);
      else tx.sadd(activeKey, id);
      await tx.exec();
      return (await get(id)) as Delivery;
    },

    /** Moves status `from` → `to`; returns true when it moved (false: missing or in another state). */
    async transition(id: string, from: DeliveryStatus[], to: DeliveryStatus): Promise<boolean> {
      const r = await TRANSITION(redis, [key(id)], [from.join(','), to, now(), activeKey, scheduledKey]);
      return r === 'OK';
    },

    async status(id: string): Promise<DeliveryStatus | undefined> {
      return ((await redis.hget(key(id), 'status')) as DeliveryStatus | null) ?? undefined;
    },

    /** Fan-out checkpoint: which audience set, and the SSCAN cursor within it. */
    async checkpoint(id: string): Promise<{ setIndex: number; cursor: string }> {
      const [setIndex, cursor] = await redis.hmget(key(id), 'set', 'cursor');
      return { setIndex: Number(setIndex ?? 0), cursor: cursor ?? '0' };
    },

    /** Marks chats pending (once each) and adds the new ones to the total; -1 when the delivery is over. */
    async markPending(id: string, chatIds: readonly number[]): Promise<number> {
      if (chatIds.length === 0) return 0;
      return (await ENQUEUE_PAGE(redis, [key(id), pendingKey(id), finishedKey(id)], chatIds)) as number;
    },

    async saveCheckpoint(id: string, setIndex: number, cursor: string): Promise<void> {
      await redis.hset(key(id), 'set', setIndex, 'cursor', cursor);
    },

    /** Fan-out finished; closes the delivery when every recipient is already done. */
    async fanoutFinished(id: string): Promise<'done' | 'ok'> {
      return (await FANOUT_DONE(redis, [key(id), pendingKey(id), finishedKey(id)], [now(), activeKey])) as
        | 'done'
        | 'ok';
    },

    /**
     * Counts one recipient's outcome, once: a repeated job for a chat already counted returns `repeat`.
     * Returns `done` when this was the last one. `also` is written in the same step, before counting and
     * whatever the count says: the send record of the message just sent (content key `ck`) and, for a
     * digest, the time the reader's digest covers up to.
     */
    async finish(
      id: string,
      chatId: number,
      outcome: Outcome,
      reason?: string,
      also?: { ck: string; record: SentRecord; lastDigest?: number },
    ): Promise<'ok' | 'done' | 'repeat'> {
      return (await FINISH(
        redis,
        [
          key(id),
          pendingKey(id),
          reasonsKey(id),
          recordsKey(also?.ck ?? ''),
          chatKey(chatId),
          finishedKey(id),
        ],
        [
          outcome,
          chatId,
          now(),
          activeKey,
          reason ?? '',
          also ? JSON.stringify(also.record) : '',
          recordTtl,
          LAST_DIGEST_FIELD,
          also?.lastDigest ?? '',
        ],
      )) as 'ok' | 'done' | 'repeat';
    },

    /**
     * What a send needs before its message, in one round trip: the chat, its send record for content
     * `ck`, and, when `pace` is given and a message will go out (active chat, record not complete), a
     * reserved send slot: `waitMs` until it.
     */
    async openSend(
      ck: string,
      chatId: number,
      pace?: { key: string; intervalMs: number },
    ): Promise<{ chat: ChatRecord | undefined; record: SentRecord | undefined; waitMs: number | undefined }> {
      const [flat, rec, wait] = (await OPEN_SEND(
        redis,
        [chatKey(chatId), recordsKey(ck), pace?.key ?? `${prefix}:pace`],
        [chatId, pace?.intervalMs ?? 0],
      )) as [string[], string | null, string | null];
      const h: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i] as string] = flat[i + 1] as string;
      return {
        chat: chatFromHash(chatId, h),
        record: rec ? (JSON.parse(rec) as SentRecord) : undefined,
        waitMs: wait === null ? undefined : Number(wait),
      };
    },

    /** Pending chat ids, paged (to requeue after a pause, or to drop their jobs). */
    async scanPending(id: string, cursor: string, count = 1000): Promise<[string, number[]]> {
      const [next, ids] = await redis.sscan(pendingKey(id), cursor, 'COUNT', String(count));
      return [next, ids.map(Number)];
    },

    async pendingCount(id: string): Promise<number> {
      return redis.scard(pendingKey(id));
    },

    /** Failure reasons and their counts, most first. */
    async reasons(id: string): Promise<Array<{ reason: string; count: number }>> {
      const h = await redis.hgetall(reasonsKey(id));
      return Object.entries(h)
        .map(([reason, count]) => ({ reason, count: Number(count) }))
        .sort((a, b) => b.count - a.count);
    },

    /** Attaches the admin's progress message; the reporter keeps it current until the delivery ends. */
    async setProgressMessage(id: string, chatId: number, messageId: number): Promise<void> {
      await redis
        .multi()
        .hset(key(id), 'progress', JSON.stringify({ chatId, messageId }))
        .hset(`${prefix}:progress-shown`, id, '')
        .exec();
    },

    async setCorrection(id: string, correction: NonNullable<Delivery['correction']>): Promise<void> {
      await redis.hset(key(id), 'correction', JSON.stringify(correction));
    },

    /** The send record of `chatId` for a piece of content. */
    async record(ck: string, chatId: number): Promise<SentRecord | undefined> {
      const v = await redis.hget(recordsKey(ck), String(chatId));
      return v ? (JSON.parse(v) as SentRecord) : undefined;
    },

    /** Writes (or extends) a send record; the hash expires `recordTtl` after the last write. */
    async writeRecord(ck: string, chatId: number, rec: SentRecord): Promise<void> {
      await WRITE_RECORD(redis, [recordsKey(ck)], [chatId, JSON.stringify(rec), recordTtl]);
    },

    async recordCount(ck: string): Promise<number> {
      return redis.hlen(recordsKey(ck));
    },

    /** Newest deliveries first. */
    async recent(n: number): Promise<Delivery[]> {
      const ids = await redis.zrevrange(allKey, 0, n - 1);
      const out = await Promise.all(ids.map(get));
      return out.filter((d): d is Delivery => d !== undefined);
    },

    async active(): Promise<Delivery[]> {
      const ids = await redis.smembers(activeKey);
      return (await Promise.all(ids.map(get))).filter((d): d is Delivery => d !== undefined);
    },

    async scheduled(): Promise<Delivery[]> {
      const ids = await redis.zrange(scheduledKey, '0', '-1');
      return (await Promise.all(ids.map(get))).filter((d): d is Delivery => d !== undefined);
    },

    /** Drops the pending and finished sets after a cancel (nothing is left to count). */
    async dropPending(id: string): Promise<void> {
      await redis.unlink(pendingKey(id), finishedKey(id));
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
