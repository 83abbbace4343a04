import { randomBytes } from 'node:crypto';
import type { MessageEntity } from 'grammy/types';
import type { Redis } from 'ioredis';
import { redactSecrets } from '../util/redact.js';
import { type LuaArg, storeCommands } from './commands.js';
import { createKeys, keyParts } from './keys.js';
import { type ChatRecord, chatFromHash } from './subscribers.js';

/**
 * Who receives a delivery. Kind `pcs` is "these seats": the readers of its PCs and of its ACs (`acs`,
 * optional so that targets stored before assembly seats read as before), with the readers of nearby
 * seats their preferences add (src/delivery/fanout.ts, `audienceSources`).
 */
export type Target =
  | { kind: 'pcs'; pcs: string[]; acs?: string[] }
  | { kind: 'state'; state: string }
  | { kind: 'all' }
  /** Everyone who received a piece of content (a correction edits their messages). */
  | { kind: 'records'; contentKey: string }
  /** Readers whose daily digest is at this slot (`HH:MM`). */
  | { kind: 'slot'; slot: string };

/**
 * What a delivery sends: a content kind's name and its own fields (JSON). The store does not know the
 * kinds; each is one module registered with the delivery engine (`src/delivery/content-kind.ts`).
 */
export type DeliveryContent = { readonly kind: string; readonly [field: string]: unknown };

export type DeliveryStatus = 'scheduled' | 'running' | 'paused' | 'cancelled' | 'done';

/** Outcome of one recipient, as counted on the delivery. */
export type Outcome = 'sent' | 'blocked' | 'failed' | 'skipped';

export interface Delivery<C extends DeliveryContent = DeliveryContent> {
  id: string;
  content: C;
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
  /**
   * Deliveries whose sends must have stopped before this one's fan-out reads its audience (a deletion of
   * a withdrawn briefing's copies waits for the cancelled publications' sends still in flight).
   */
  after?: string[];
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

/**
 * Thrown when a delivery of content with shared send records cannot start because another delivery of
 * the same content is running or paused (`holder`).
 */
export class ContentBusyError extends Error {
  constructor(
    readonly contentKey: string,
    readonly holder: string,
  ) {
    super(`${contentKey} is being delivered (${holder})`);
  }
}

/** A delivery id: sortable, short, no `:` (BullMQ job ids cannot hold one). */
export function newDeliveryId(now: number): string {
  return `d${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

const ID_RE = /^d[0-9a-z]{6,16}$/;
/** True for something shaped like a delivery id (input from admins). */
export function isDeliveryId(s: string): boolean {
  return ID_RE.test(s);
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
  if (h.after) d.after = JSON.parse(h.after) as string[];
  return d;
}

/** Outcomes of one delivery, group and content to be counted in one script call. */
interface FinishBatch {
  id: string;
  group: number | undefined;
  ck: string;
  entries: Array<{
    args: LuaArg[];
    resolve: (r: 'ok' | 'done' | 'repeat') => void;
    reject: (err: unknown) => void;
  }>;
}

/** The most outcomes one finish call carries (a send group at most). */
const FINISH_BATCH_MAX = 100;

/** Deliveries, their counters and checkpoints, and per-chat send records. */
export function createDeliveryStore(deps: DeliveryStoreDeps) {
  const { redis, prefix } = deps;
  const now = deps.now ?? Date.now;
  const recordTtl = deps.recordTtlSeconds ?? 30 * 24 * 3600;
  const k = createKeys(prefix);
  const cmd = storeCommands(redis);
  // The scripts that take a content claim read its holder's status through this template.
  const deliveryKey = keyParts(k.delivery);
  const holderKey = { deliveryHead: deliveryKey.head, deliveryTail: deliveryKey.tail };
  // The group's sends read their chats' hashes through this template.
  const chatParts = keyParts(k.chat);

  /**
   * Outcomes waiting to be counted, by delivery, group and content: the sends of a group end close
   * together (their answers come in the same turn of the event loop), so they are counted in one script
   * call each turn rather than one call apiece, which a worker's profile showed as a large share of its
   * Redis cost per message. A batch goes as soon as the turn ends (or when it holds a whole group).
   */
  const finishBatches = new Map<string, FinishBatch>();
  let flushQueued = false;

  function flushFinishes(): void {
    flushQueued = false;
    const batches = [...finishBatches.values()];
    finishBatches.clear();
    for (const b of batches) void runFinishBatch(b);
  }

  async function runFinishBatch(b: FinishBatch): Promise<void> {
    try {
      const replies = await cmd.deliveryFinish(
        {
          delivery: k.delivery(b.id),
          pending: k.deliveryPending(b.id),
          reasons: k.deliveryReasons(b.id),
          sent: k.sent(b.ck),
          finished: k.deliveryFinished(b.id),
          active: k.deliveriesActive,
          group: b.group === undefined ? [] : [k.deliveryGroup(b.id, b.group)],
        },
        {
          now: now(),
          recordTtl,
          chatHead: chatParts.head,
          chatTail: chatParts.tail,
          entries: b.entries.flatMap((e) => e.args),
        },
      );
      b.entries.forEach((e, i) => {
        const reply = replies[i];
        if (reply) e.resolve(reply);
        else e.reject(new Error(`delivery-finish answered ${replies.length} of ${b.entries.length}`));
      });
    } catch (err) {
      // Every outcome of the batch is retried by its caller (each write is idempotent per chat).
      for (const e of b.entries) e.reject(err);
    }
  }

  /** A delivery's group set keys as `head .. g .. tail`, for the script that makes groups. */
  function groupParts(id: string): { groupHead: string; groupTail: string } {
    const { head, tail } = keyParts((g) => k.deliveryGroup(id, g));
    return { groupHead: head, groupTail: tail };
  }

  /** How many send groups delivery `id` has made (numbered 0 .. count-1). */
  async function groupCount(id: string): Promise<number> {
    return Number((await redis.hget(k.delivery(id), 'groups')) ?? 0);
  }

  /**
   * Runs one command per group key of delivery `id` (`add`), a thousand per round trip, handing each
   * batch's answers (with the first group's number) to `seen`, which stops the walk by returning true.
   */
  async function eachGroupBatch(
    id: string,
    add: (tx: ReturnType<Redis['pipeline']>, key: string) => void,
    seen: (answers: unknown[], from: number) => boolean | undefined,
  ): Promise<void> {
    const count = await groupCount(id);
    for (let from = 0; from < count; from += 1000) {
      const tx = redis.pipeline();
      for (let g = from; g < Math.min(count, from + 1000); g++) add(tx, k.deliveryGroup(id, g));
      const answers = (await tx.exec()) ?? [];
      for (const [err] of answers) if (err) throw err;
      if (
        seen(
          answers.map(([, n]) => n),
          from,
        )
      )
        return;
    }
  }

  /** Takes a chat out of the send group of delivery `id` that holds it (nothing records which one). */
  async function dropFromGroup(id: string, chatId: number): Promise<void> {
    await eachGroupBatch(
      id,
      (tx, key) => tx.srem(key, String(chatId)),
      (answers) => answers.includes(1),
    );
  }

  /** The numbers of a delivery's send groups that still have members (whose set exists). */
  async function liveGroups(id: string): Promise<number[]> {
    const out: number[] = [];
    await eachGroupBatch(
      id,
      (tx, key) => tx.exists(key),
      (answers, from) => {
        answers.forEach((n, i) => {
          if (n === 1) out.push(from + i);
        });
        return false;
      },
    );
    return out;
  }

  async function get(id: string): Promise<Delivery | undefined> {
    if (!isDeliveryId(id)) return undefined;
    return parseDelivery(await redis.hgetall(k.delivery(id)));
  }

  return {
    get,

    /**
     * Stores a new delivery: `scheduled` when it has a future time, else `running`. `sharedKey`: the
     * content's send records are shared with other deliveries of it (a briefing); one of them runs at a
     * time, so starting now throws {@link ContentBusyError} while another is running or paused, and a
     * scheduled one waits for its turn when it comes due (see `transition`).
     */
    async create(input: {
      content: DeliveryContent;
      target: Target;
      createdBy: string;
      scheduledAt?: number;
      sharedKey?: string;
      after?: string[];
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
        // Made by a version that sends by groups: no per-chat send job can exist for it (groupInfo).
        grouped: '1',
      };
      if (scheduled) fields.scheduled = input.scheduledAt as number;
      else fields.started = t;
      if (input.after && input.after.length > 0) fields.after = JSON.stringify(input.after);
      const r = await cmd.deliveryCreate(
        {
          delivery: k.delivery(id),
          deliveries: k.deliveries,
          active: k.deliveriesActive,
          scheduled: k.deliveriesScheduled,
          claim: input.sharedKey === undefined ? [] : [k.contentClaim(input.sharedKey)],
        },
        {
          id,
          now: t,
          scheduledAt: scheduled ? (input.scheduledAt as number) : '',
          ...holderKey,
          fields: Object.entries(fields).flat(),
        },
      );
      if (r !== 'OK') throw new ContentBusyError(input.sharedKey ?? '', r);
      return (await get(id)) as Delivery;
    },

    /**
     * Moves status `from` → `to`; returns true when it moved (false: missing, in another state, or, to
     * `running`, another delivery of the same shared content is running or paused).
     */
    async transition(id: string, from: DeliveryStatus[], to: DeliveryStatus): Promise<boolean> {
      const r = await cmd.deliveryTransition(
        { delivery: k.delivery(id), active: k.deliveriesActive, scheduled: k.deliveriesScheduled },
        { from: from.join(','), to, now: now(), ...holderKey },
      );
      return r === 'OK';
    },

    async status(id: string): Promise<DeliveryStatus | undefined> {
      return ((await redis.hget(k.delivery(id), 'status')) as DeliveryStatus | null) ?? undefined;
    },

    /** Fan-out checkpoint: which audience set, and the SSCAN cursor within it. */
    async checkpoint(id: string): Promise<{ setIndex: number; cursor: string }> {
      const [setIndex, cursor] = await redis.hmget(k.delivery(id), 'set', 'cursor');
      return { setIndex: Number(setIndex ?? 0), cursor: cursor ?? '0' };
    },

    /**
     * Marks chats pending (once each), adds the new ones to the total and puts them into a new send
     * group (`group`; none when nobody was new). `added` is -1 when the delivery is over.
     */
    async markPending(id: string, chatIds: readonly number[]): Promise<{ added: number; group?: number }> {
      if (chatIds.length === 0) return { added: 0 };
      const [added, group] = await cmd.deliveryMarkPending(
        { delivery: k.delivery(id), pending: k.deliveryPending(id), finished: k.deliveryFinished(id) },
        { ...groupParts(id), chatIds },
      );
      return group >= 0 ? { added, group } : { added };
    },

    /**
     * How many send groups a delivery has made (numbered 0 .. count-1), and whether it may also have
     * legacy per-chat send jobs: a delivery created before sending went by groups has no `grouped` mark.
     */
    async groupInfo(id: string): Promise<{ count: number; legacy: boolean }> {
      const [groups, grouped] = await redis.hmget(k.delivery(id), 'groups', 'grouped');
      return { count: Number(groups ?? 0), legacy: grouped !== '1' };
    },

    liveGroups,

    /** The chats of send group `g` not yet finished. */
    async groupMembers(id: string, g: number): Promise<number[]> {
      return (await redis.smembers(k.deliveryGroup(id, g))).map(Number);
    },

    async saveCheckpoint(id: string, setIndex: number, cursor: string): Promise<void> {
      await redis.hset(k.delivery(id), 'set', setIndex, 'cursor', cursor);
    },

    /** Fan-out finished; closes the delivery when every recipient is already done. */
    async fanoutFinished(id: string): Promise<'done' | 'ok'> {
      return cmd.deliveryFanoutDone(
        {
          delivery: k.delivery(id),
          pending: k.deliveryPending(id),
          finished: k.deliveryFinished(id),
          active: k.deliveriesActive,
        },
        { now: now() },
      );
    },

    /**
     * Counts one recipient's outcome, once, and takes it out of its send group `group`: a repeated job
     * for a chat already counted returns `repeat`.
     * Returns `done` when this was the last one. `also` is written in the same step, before counting and
     * whatever the count says: the send record of the message just sent (content key `ck`) and a field
     * of the reader's chat hash that goes with it (a digest's `lastDigest`). Outcomes of the same
     * delivery and group asked for in the same turn of the event loop go to Redis in one script call
     * (see `finishBatches`); a failed call rejects each of them, and each caller retries its own.
     */
    async finish(
      id: string,
      chatId: number,
      outcome: Outcome,
      reason?: string,
      also?: { ck?: string; record?: SentRecord; chatField?: { name: string; value: string } },
      /** The chat's send group, which it leaves in the same step (none: a legacy per-chat job). */
      group?: number,
    ): Promise<'ok' | 'done' | 'repeat'> {
      // The content's records hash, when this outcome writes a record (a batch writes to one).
      const ck = also?.ck && also.record ? also.ck : '';
      const args: LuaArg[] = [
        outcome,
        chatId,
        // Reasons are kept and printed: whatever a caller passes, nothing secret-looking is stored.
        reason ? redactSecrets(reason) : '',
        ck ? JSON.stringify(also?.record) : '',
        also?.chatField?.name ?? '',
        also?.chatField?.value ?? '',
      ];
      return new Promise((resolve, reject) => {
        let key = `${id}\u0000${group ?? ''}`;
        let batch = finishBatches.get(key);
        if (batch && ck && batch.ck && batch.ck !== ck) {
          key = `${key}\u0000${ck}`;
          batch = finishBatches.get(key);
        }
        if (!batch) {
          batch = { id, group, ck, entries: [] };
          finishBatches.set(key, batch);
        } else if (ck) batch.ck = ck;
        batch.entries.push({ args, resolve, reject });
        if (batch.entries.length >= FINISH_BATCH_MAX) {
          finishBatches.delete(key);
          void runFinishBatch(batch);
        } else if (!flushQueued) {
          flushQueued = true;
          setImmediate(flushFinishes);
        }
      });
    },

    /**
     * What the sends of a group need before their messages, in one round trip for all of them: each
     * chat and its send record for `ck`, in the order of `chatIds`.
     */
    async openSends(
      ck: string,
      chatIds: readonly number[],
    ): Promise<Array<{ chat: ChatRecord | undefined; record: SentRecord | undefined }>> {
      if (chatIds.length === 0) return [];
      const { head, tail } = chatParts;
      const replies = await cmd.sendOpenGroup(
        { sent: k.sent(ck) },
        { chatHead: head, chatTail: tail, chatIds },
      );
      return replies.map(([flat, rec], i) => {
        const h: Record<string, string> = {};
        for (let j = 0; j + 1 < flat.length; j += 2) h[flat[j] as string] = flat[j + 1] as string;
        return {
          chat: chatFromHash(chatIds[i] as number, h),
          record: rec ? (JSON.parse(rec) as SentRecord) : undefined,
        };
      });
    },

    /** Pending chat ids, paged (a legacy delivery's per-chat jobs are found through them). */
    async scanPending(id: string, cursor: string, count = 1000): Promise<[string, number[]]> {
      const [next, ids] = await redis.sscan(k.deliveryPending(id), cursor, 'COUNT', String(count));
      return [next, ids.map(Number)];
    },

    /** Failure reasons and their counts, most first. */
    async reasons(id: string): Promise<Array<{ reason: string; count: number }>> {
      const h = await redis.hgetall(k.deliveryReasons(id));
      return Object.entries(h)
        .map(([reason, count]) => ({ reason, count: Number(count) }))
        .sort((a, b) => b.count - a.count);
    },

    /** Attaches the admin's progress message; the reporter keeps it current until the delivery ends. */
    async setProgressMessage(id: string, chatId: number, messageId: number): Promise<void> {
      await redis
        .multi()
        .hset(k.delivery(id), 'progress', JSON.stringify({ chatId, messageId }))
        .hset(k.progressShown, id, '')
        .exec();
    },

    /**
     * The progress reporter's turn: true for the one worker process that takes the tick (a lock that
     * lapses after `ms`), false for the others.
     */
    async takeProgressTick(ms: number): Promise<boolean> {
      return (await redis.set(k.progressLock, String(process.pid), 'PX', ms, 'NX')) === 'OK';
    },

    /** Deliveries whose progress message may need an edit: running ones and those that just ended. */
    async progressCandidates(): Promise<string[]> {
      const [active, shown] = await Promise.all([
        redis.smembers(k.deliveriesActive),
        redis.hkeys(k.progressShown),
      ]);
      return [...new Set([...active, ...shown])];
    },

    /** The progress text last shown for a delivery, if any. */
    async shownProgress(id: string): Promise<string | undefined> {
      return (await redis.hget(k.progressShown, id)) ?? undefined;
    },

    /** Remembers the progress text shown (`undefined`: the delivery is finished, forget it). */
    async setShownProgress(id: string, text: string | undefined): Promise<void> {
      if (text === undefined) await redis.hdel(k.progressShown, id);
      else await redis.hset(k.progressShown, id, text);
    },

    async setCorrection(id: string, correction: NonNullable<Delivery['correction']>): Promise<void> {
      await redis.hset(k.delivery(id), 'correction', JSON.stringify(correction));
    },

    /** The send record of `chatId` for a piece of content. */
    async record(ck: string, chatId: number): Promise<SentRecord | undefined> {
      const v = await redis.hget(k.sent(ck), String(chatId));
      return v ? (JSON.parse(v) as SentRecord) : undefined;
    },

    /** Writes (or extends) a send record; the hash expires `recordTtl` after the last write. */
    async writeRecord(ck: string, chatId: number, rec: SentRecord): Promise<void> {
      await cmd.sentRecordWrite(
        { sent: k.sent(ck) },
        { chatId, record: JSON.stringify(rec), ttl: recordTtl },
      );
    },

    /**
     * Chats holding a send record for content `ck`, paged with HSCAN (the audience of a correction):
     * the next cursor (`'0'` after the last page) and the chat ids.
     */
    async scanRecipients(ck: string, cursor: string, count: number): Promise<[string, number[]]> {
      const [next, flat] = await redis.hscan(k.sent(ck), cursor, 'COUNT', String(count));
      const ids: number[] = [];
      for (let i = 0; i < flat.length; i += 2) ids.push(Number(flat[i]));
      return [next, ids];
    },

    /** How many chats hold a send record for content `ck`. */
    async recordCount(ck: string): Promise<number> {
      return redis.hlen(k.sent(ck));
    },

    /** Newest deliveries first. */
    async recent(n: number): Promise<Delivery[]> {
      const ids = await redis.zrevrange(k.deliveries, 0, n - 1);
      const out = await Promise.all(ids.map(get));
      return out.filter((d): d is Delivery => d !== undefined);
    },

    async active(): Promise<Delivery[]> {
      const ids = await redis.smembers(k.deliveriesActive);
      return (await Promise.all(ids.map(get))).filter((d): d is Delivery => d !== undefined);
    },

    async scheduled(): Promise<Delivery[]> {
      const ids = await redis.zrange(k.deliveriesScheduled, '0', '-1');
      return (await Promise.all(ids.map(get))).filter((d): d is Delivery => d !== undefined);
    },

    /** Deliveries created at or after `since` (epoch ms), oldest first. */
    async since(since: number): Promise<Delivery[]> {
      const ids = await redis.zrangebyscore(k.deliveries, since, '+inf');
      return (await Promise.all(ids.map(get))).filter((d): d is Delivery => d !== undefined);
    },

    /**
     * Removes every trace of an erased chat from deliveries: its place in the pending and finished sets and
     * the send groups of `deliveryIds` (one still pending counts as skipped) and its send records of
     * `contentKeys`. Returns
     * how many sets and records held it.
     */
    async eraseRecipient(
      chatId: number,
      deliveryIds: readonly string[],
      contentKeys: readonly string[],
    ): Promise<number> {
      let found = 0;
      const t = now();
      const drops = deliveryIds.map((id) =>
        cmd.deliveryDropRecipient(
          {
            delivery: k.delivery(id),
            pending: k.deliveryPending(id),
            finished: k.deliveryFinished(id),
            active: k.deliveriesActive,
          },
          { chatId, now: t },
        ),
      );
      const results = await Promise.all(drops);
      for (const [i, r] of results.entries()) {
        if (r === 'none') continue;
        found++;
        await dropFromGroup(deliveryIds[i] as string, chatId);
      }
      const tx = redis.pipeline();
      for (const ck of new Set(contentKeys)) tx.hdel(k.sent(ck), String(chatId));
      for (const [err, n] of (await tx.exec()) ?? []) {
        if (err) throw err;
        found += Number(n);
      }
      return found;
    },

    /** Drops the pending and finished sets and the send groups after a cancel (nothing is left to count). */
    async dropPending(id: string): Promise<void> {
      await eachGroupBatch(
        id,
        (tx, key) => tx.unlink(key),
        () => false,
      );
      await redis.unlink(k.deliveryPending(id), k.deliveryFinished(id));
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
