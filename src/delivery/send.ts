import { DelayedError, type Job, type Queue, RateLimitError } from 'bullmq';
import { type Api, GrammyError } from 'grammy';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import type { Delivery, DeliveryStore, Outcome, SentRecord } from '../store/deliveries.js';
import type { SubscriberStore } from '../store/subscribers.js';
import { urlKeyboard } from '../telegram/keyboards/url-buttons.js';
import { ContentGoneError, type ContentKinds, type Outgoing, type Rendering } from './content-kind.js';
import { sendOutgoing } from './outgoing.js';
import type { Pacer } from './pacer.js';
import type { SendJob } from './queues.js';
import { classifySendError } from './send-policy.js';

export interface SendDeps {
  api: Api;
  deliveries: DeliveryStore;
  subscribers: SubscriberStore;
  /** The registered content kinds: what each delivery sends, and how. */
  kinds: ContentKinds;
  /** The send queue, paused as a whole on a 429. */
  sendQueue: Pick<Queue, 'rateLimit'>;
  logger: Logger;
  /** True when breaking messages should arrive silently now (quiet hours). */
  quietNow: () => boolean;
  paidBroadcast: boolean;
  /** Waits for this message's slot under the global rate (see pacer.ts). */
  pace: Pacer;
  /**
   * Paces edits and deletions (corrections), which Telegram counts under its free limit even in a paid
   * broadcast; defaults to `pace`.
   */
  editPace?: Pacer;
  /** Counts outcomes (metrics); optional. */
  onOutcome?: (outcome: Outcome | 'rate-limited' | 'retry', reason?: string) => void;
  /**
   * Wraps the writes that record a message Telegram accepted, so that they outlive a Redis failover
   * (`WAIT` for a replica, REDIS_REPLICA_WAIT); none: written as they are.
   */
  durable?: <T>(write: () => Promise<T>) => Promise<T>;
  /** Reads a delivery; defaults to the store. The workers pass a short-lived cache (`deliveryCache`). */
  getDelivery?: (id: string) => Promise<Delivery | undefined>;
}

/** How long a worker process trusts a running delivery's hash before reading it again. */
export const DELIVERY_CACHE_MS = 250;

/**
 * A per-process cache of running deliveries, so that a send does not read the delivery hash every time.
 * Only `running` is cached, for `ttlMs`: a pause or cancel reaches every worker within that time (and
 * pausing withdraws the waiting jobs at once); anything else (paused, scheduled, cancelled, gone) is
 * read afresh, so a resumed delivery is never taken for paused. Concurrent misses share one read.
 */
export function deliveryCache(
  get: (id: string) => Promise<Delivery | undefined>,
  ttlMs = DELIVERY_CACHE_MS,
  now: () => number = performance.now.bind(performance),
): (id: string) => Promise<Delivery | undefined> {
  const cache = new LRUCache<string, Promise<Delivery | undefined>>({
    max: 256,
    ttl: ttlMs,
    ttlResolution: 0,
    perf: { now },
  });
  return (id) => {
    const hit = cache.get(id);
    if (hit) return hit;
    const p = get(id);
    cache.set(id, p);
    const drop = () => {
      if (cache.peek(id) === p) cache.delete(id);
    };
    p.then((d) => {
      if (d?.status !== 'running') drop();
    }, drop);
    return p;
  };
}

/** Where one recipient's turn in a send job ended. */
type ChatEnd = Outcome | 'repeat' | 'paused' | 'cancelled' | 'gone';

/**
 * What one send job did, returned as the job's result: how many of its recipients ended each way (counts
 * only: a job's result is kept with it, and holds no chat id), or why it sent nothing.
 */
export type SendResult = Partial<Record<ChatEnd, number>> | 'paused' | 'cancelled' | 'gone';

/**
 * One send job's run, shared by the recipients of its group: which job it is, the group they leave as
 * they finish (none for a legacy per-chat job), and whether a 429 was seen (then no recipient starts a
 * message any more: the job goes back to the queue, and its next run sends the rest).
 */
interface Turn {
  job: Job<SendJob>;
  deliveryId: string;
  group?: number;
  rateLimited: boolean;
}

/**
 * Thrown instead of asking for a send's grant once the job saw a 429: the recipient waits for the next run.
 * (Recipients already waiting for a grant then get it after the pause, and send.)
 */
class StoppedByRateLimit extends Error {}

async function sendOne(
  deps: SendDeps,
  turn: Turn,
  chatId: number,
  o: Outgoing,
  silent: boolean,
): Promise<number> {
  // Last thing before the request: the grant must be used at once (see pacer.ts).
  return paced(deps.pace, turn, () =>
    sendOutgoing(deps.api, chatId, o, { silent, paidBroadcast: deps.paidBroadcast }),
  );
}

/**
 * Makes one Telegram call under `pace`: waits for its grant, calls at once, and reports the delay of any
 * answer (not of a request that got none) to the pacer, which widens its window for it. Not started at
 * all once the job has seen a 429.
 */
async function paced<T>(pace: Pacer, turn: Turn, call: () => Promise<T>): Promise<T> {
  if (turn.rateLimited) throw new StoppedByRateLimit();
  const grantedAt = await pace.wait();
  try {
    const r = await call();
    pace.sent(grantedAt);
    return r;
  } catch (err) {
    if (err instanceof GrammyError) pace.sent(grantedAt);
    throw err;
  }
}

async function actOn(
  deps: SendDeps,
  turn: Turn,
  chatId: number,
  messageId: number,
  o: Outgoing,
): Promise<void> {
  if (o.method === 'copy') return; // a copied media message has no text of ours to correct
  try {
    await paced(deps.editPace ?? deps.pace, turn, async () => {
      if (o.method === 'delete') {
        await deps.api.deleteMessage(chatId, messageId);
        return;
      }
      if (o.method === 'photo') {
        // A photo keeps its picture; only a caption (the briefing's text) is ours to correct.
        if (o.caption === undefined) return;
        await deps.api.editMessageCaption(chatId, messageId, {
          caption: o.caption,
          parse_mode: o.parseMode,
          reply_markup: urlKeyboard(o.buttons),
        });
        return;
      }
      await deps.api.editMessageText(chatId, messageId, o.text, {
        parse_mode: o.parseMode,
        entities: o.entities,
        link_preview_options: o.linkPreview,
        reply_markup: urlKeyboard(o.buttons),
      });
    });
  } catch (err) {
    // Already showing this text (a repeated correction), or already deleted: nothing to do.
    if (
      err instanceof GrammyError &&
      (err.description.includes('message is not modified') ||
        err.description.includes('message to delete not found'))
    )
      return;
    throw err;
  }
}

/** How soon a job runs again when some of its recipients found their delivery paused, and it runs now. */
export const PAUSED_RERUN_MS = 1000;

/**
 * One send job: a group of recipients of one delivery (or one recipient, a legacy job), each through
 * {@link processChat}, all at once (the pacer orders their sends). Each recipient's outcome takes it out
 * of the group in the same script that counts it, so that whatever runs the group again (a retry, a
 * resume) sends only to those left. Once all have settled:
 * - a 429 was seen: the pacer and the queue are paused already; the job goes back to the queue without
 *   using an attempt (`RateLimitError`), and a recipient that had not yet asked for a grant waits for it
 *   (one already waiting gets it after the pause and sends);
 * - a 5xx or network error, or one of our own (Redis away), before the last attempt: the job is retried
 *   with backoff (on the last attempt those recipients were counted `failed`, as with one per job);
 * - recipients found the delivery paused, and it is running again (resumed meanwhile, when its resume
 *   could not queue this job again because it was running): the job runs again in PAUSED_RERUN_MS
 *   without using an attempt. While it stays paused, they stay in the group for the resume.
 */
export async function processSend(job: Job<SendJob>, deps: SendDeps, token?: string): Promise<SendResult> {
  const data = job.data;
  const deliveryId = data.d;
  const group = 'g' in data ? data.g : undefined;
  const delivery = await (deps.getDelivery ?? deps.deliveries.get)(deliveryId);
  if (!delivery) return 'gone';
  if (delivery.status === 'cancelled') return 'cancelled';
  if (delivery.status === 'paused' || delivery.status === 'scheduled')
    return (await rerunIfResumed(job, deps, token)) ?? 'paused';
  const members =
    group === undefined ? [(data as { c: number }).c] : await deps.deliveries.groupMembers(deliveryId, group);

  if (members.length === 0) return {};
  // Every member's chat and send record in one round trip (each member would otherwise make its own).
  const opened = await deps.deliveries.openSends(deps.kinds.contentKey(delivery), members);

  const turn: Turn = { job, deliveryId, rateLimited: false, ...(group === undefined ? {} : { group }) };
  const settled = await Promise.allSettled(
    members.map((c, i) => processChat(turn, deps, c, opened[i] as Opened)),
  );
  const tally: Partial<Record<ChatEnd, number>> = {};
  let retry: { err: unknown } | undefined;
  let paused = false;
  for (const s of settled) {
    if (s.status === 'rejected') {
      // An error of our own (Redis away, a rendering bug): the recipient stays for the job's retry.
      retry ??= { err: s.reason };
      continue;
    }
    const end = s.value;
    if (end.kind === 'end') {
      tally[end.end] = (tally[end.end] ?? 0) + 1;
      if (end.end === 'paused') paused = true;
    } else if (end.kind === 'retry') retry ??= { err: end.err };
  }
  if (turn.rateLimited) throw new RateLimitError();
  if (retry) throw retry.err;
  if (paused) {
    const again = await rerunIfResumed(job, deps, token);
    if (again) return again;
  }
  return tally;
}

/**
 * For a job whose recipients found their delivery paused: if it is running again by now, the job is put
 * back to run in PAUSED_RERUN_MS (its resume could not queue it again while it was running) and this
 * throws; otherwise it returns nothing, and the recipients wait in their group for the resume.
 */
async function rerunIfResumed(job: Job<SendJob>, deps: SendDeps, token?: string): Promise<undefined> {
  if ((await deps.deliveries.status(job.data.d)) !== 'running') return undefined;
  await job.moveToDelayed(Date.now() + PAUSED_RERUN_MS, token);
  throw new DelayedError();
}

/** A recipient's chat and its send record, as its job read them before any send. */
type Opened = Awaited<ReturnType<DeliveryStore['openSends']>>[number];

/** How one recipient's turn ended: an end (counted, or left for later), or a retry the job must make. */
type ChatTurnEnd = { kind: 'end'; end: ChatEnd } | { kind: 'retry'; err: unknown } | { kind: 'rate-limited' };

/**
 * The send policy for one recipient, in one place. Checks the delivery and the chat, skips what was
 * already delivered (the record is checked before and written after every message), sends or edits, and
 * decides on errors: 429 pauses the whole queue without using an attempt; a dead chat is marked and not
 * retried; other 4xx fail at once; 5xx and network errors retry with backoff until the last attempt.
 *
 * Round trips of a one-part message: the chat and its record (read by the job for its whole group, in
 * one script); the send's grant (shared by the sends this process has waiting, see pacer.ts); the
 * message; then its record, the count, its leaving the group and the close-out in one more script
 * (shared with the group's other sends that end in the same turn, see DeliveryStore.finish). The
 * delivery hash comes from a short per-process cache.
 */
async function processChat(turn: Turn, deps: SendDeps, chatId: number, opened: Opened): Promise<ChatTurnEnd> {
  const { job, deliveryId } = turn;
  const delivery = await (deps.getDelivery ?? deps.deliveries.get)(deliveryId);
  if (!delivery) return { kind: 'end', end: 'gone' };
  if (delivery.status === 'cancelled') return { kind: 'end', end: 'cancelled' };
  // Left pending (and in its group): resuming the delivery queues this chat again.
  if (delivery.status === 'paused' || delivery.status === 'scheduled') return { kind: 'end', end: 'paused' };

  const finish = async (
    outcome: Outcome,
    reason?: string,
    also?: Parameters<DeliveryStore['finish']>[4],
  ): Promise<ChatTurnEnd> => {
    const r = await deps.deliveries.finish(deliveryId, chatId, outcome, reason, also, turn.group);
    if (r !== 'repeat') deps.onOutcome?.(outcome, reason);
    return { kind: 'end', end: r === 'repeat' ? 'repeat' : outcome };
  };

  const kind = deps.kinds.of(delivery);
  const ck = deps.kinds.contentKey(delivery);
  const { chat, record: existing } = opened;
  const onRecords = kind.acts === 'records';
  if (!chat || (chat.status !== 'active' && !onRecords)) return finish('skipped', 'inactive chat');
  const skip = kind.skip?.(delivery, chat);
  if (skip) return finish('skipped', skip);

  if (existing && existing.messageIds.length >= existing.parts) {
    // Already delivered: by this delivery (a re-run after a crash) or by an earlier publication.
    return existing.deliveryId === deliveryId ? finish('sent') : finish('skipped', 'already received');
  }

  let rendering: Rendering;
  try {
    rendering = await deps.kinds.render(delivery, { chatId, lang: chat.lang, chat });
  } catch (err) {
    if (err instanceof ContentGoneError) return finish('failed', 'content gone');
    throw err;
  }
  const messages = rendering.messages;
  // Nothing for this reader (a digest with nothing new): no message at all.
  if (messages.length === 0) return finish('skipped', rendering.emptyReason ?? 'nothing to send');

  let last: SentRecord | undefined;
  try {
    last = onRecords
      ? await actOnRecords(deps, turn, delivery, ck, chatId, messages, existing)
      : await deliver(deps, turn, delivery, ck, chatId, messages, existing, chat.quiet && kind.quietHours);
  } catch (err) {
    // Another recipient of the job met a 429 before this one took its grant: it waits in the group.
    if (err instanceof StoppedByRateLimit) return { kind: 'rate-limited' };
    const decision = classifySendError(err);
    switch (decision.kind) {
      case 'rate-limited':
        // Telegram pauses the whole bot; so do we, for every worker, without spending an attempt (the
        // job goes back to the queue once its other recipients have settled).
        deps.onOutcome?.('rate-limited');
        turn.rateLimited = true;
        await deps.pace.pauseFor(decision.retryAfterMs);
        await deps.sendQueue.rateLimit(decision.retryAfterMs);
        return { kind: 'rate-limited' };
      case 'dead':
        await deps.subscribers.setStatus(chatId, decision.reason);
        return finish('blocked', decision.reason);
      case 'rejected':
        deps.logger.warn({ deliveryId, chatId, reason: decision.reason }, 'send rejected');
        return finish('failed', decision.reason);
      case 'transient': {
        const attempts = job.opts.attempts ?? 1;
        if (job.attemptsMade + 1 >= attempts) return finish('failed', decision.reason);
        deps.onOutcome?.('retry', decision.reason);
        return { kind: 'retry', err };
      }
    }
  }
  // Telegram has the message. From here a Redis failure must never lead to a resend: the record (with
  // the count, and the kind's chat field) waits for Redis to answer again.
  const sent = last;
  const chatField = rendering.chatField;
  const durable = deps.durable ?? ((write) => write());
  return persist(deps.logger, sent ? 'send record' : 'send outcome', () =>
    durable(() => finish('sent', undefined, sent || chatField ? { ck, record: sent, chatField } : undefined)),
  );
}

/** How long a write that follows a message Telegram accepted keeps trying while Redis is away. */
export const PERSIST_BUDGET_MS = 60_000;

/**
 * Runs a Redis write that must happen because a message already went out (its record, its count),
 * retrying with backoff while Redis is unreachable (a restart, a failover) for up to
 * {@link PERSIST_BUDGET_MS}. Every such write is idempotent. Past the budget it gives up: the job is
 * retried and may send that one message again, which is logged.
 */
async function persist<T>(logger: Logger, what: string, write: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const waited = Date.now() - started;
      if (waited >= PERSIST_BUDGET_MS) {
        logger.error({ err, what }, 'gave up writing after a send');
        throw err;
      }
      if (attempt === 1) logger.warn({ err, what }, 'Redis write after a send failed; retrying');
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}

/**
 * Sends the parts not yet recorded. Each part's record is written before the next part goes out; the
 * last part's record is returned to be written together with the count (undefined: nothing was sent).
 */
async function deliver(
  deps: SendDeps,
  turn: Turn,
  delivery: Delivery,
  ck: string,
  chatId: number,
  messages: Outgoing[],
  existing: SentRecord | undefined,
  quietHoursWanted: boolean,
): Promise<SentRecord | undefined> {
  // Resume a multi-part message where a previous attempt stopped; never resend a recorded part.
  const rec: SentRecord =
    existing && existing.deliveryId === delivery.id
      ? { ...existing, parts: messages.length }
      : { deliveryId: delivery.id, messageIds: [], parts: messages.length };
  // Breaking briefings at night arrive silently for readers who keep quiet hours; never held back.
  const silent = quietHoursWanted && deps.quietNow();
  const start = rec.messageIds.length;
  for (let i = start; i < messages.length; i++) {
    rec.messageIds.push(await sendOne(deps, turn, chatId, messages[i] as Outgoing, silent));
    if (i < messages.length - 1) {
      const partial = { ...rec, messageIds: [...rec.messageIds] };
      const durable = deps.durable ?? ((write) => write());
      await persist(deps.logger, 'part record', () =>
        durable(() => deps.deliveries.writeRecord(ck, chatId, partial)),
      );
    }
  }
  return rec.messageIds.length > start ? rec : undefined;
}

/**
 * Acts on the messages recorded for the delivery's target, part by part (edits them to the new
 * rendering, or deletes them), skipping parts already done; like `deliver`, returns the last record
 * unwritten.
 */
async function actOnRecords(
  deps: SendDeps,
  turn: Turn,
  delivery: Delivery,
  ck: string,
  chatId: number,
  messages: Outgoing[],
  done: SentRecord | undefined,
): Promise<SentRecord | undefined> {
  if (delivery.target.kind !== 'records')
    throw new Error(`delivery ${delivery.id} acts on sent messages but has no record target`);
  const original = await deps.deliveries.record(delivery.target.contentKey, chatId);
  if (!original) return undefined;
  const progress: SentRecord = done ?? {
    deliveryId: delivery.id,
    messageIds: [],
    parts: original.messageIds.length,
  };
  const start = progress.messageIds.length;
  for (let i = start; i < original.messageIds.length; i++) {
    const messageId = original.messageIds[i] as number;
    // One operation for every part (a deletion), or one per part (an edit to the new part i).
    const op = messages.length === 1 && messages[0]?.method === 'delete' ? messages[0] : messages[i];
    if (op) await actOn(deps, turn, chatId, messageId, op);
    progress.messageIds.push(messageId);
    if (i < original.messageIds.length - 1) await deps.deliveries.writeRecord(ck, chatId, progress);
  }
  return progress.messageIds.length > start ? progress : undefined;
}
