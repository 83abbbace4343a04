import type { Redis } from 'ioredis';
import type { ContentKinds } from '../delivery/content-kind.js';
import { type DeliveryQueues, legacySendJobId } from '../delivery/queues.js';
import { MAX_SCHEDULE_DAYS } from '../delivery/schedule-time.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../store/audit.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { EditorStore } from '../store/editors.js';
import type { FloodCounter } from '../store/flood.js';
import { dropJobEvents } from '../store/jobs.js';
import type { SubscriberStore } from '../store/subscribers.js';

/** Send records live 30 days (store/deliveries.ts); deliveries older than this hold none. */
const RECORD_DAYS = 31;

/** Passes over the queue after the first: a send in flight holds its job until it finishes. */
export const QUEUE_PASSES_MS = [30_000, 60_000] as const;

export interface EraseReaderDeps {
  subscribers: Pick<SubscriberStore, 'forget' | 'exists'>;
  deliveries: Pick<DeliveryStore, 'since' | 'eraseRecipient' | 'active' | 'scheduled'>;
  audit: Pick<AuditLog, 'erase'>;
  kinds: Pick<ContentKinds, 'contentKey'>;
  queues: Pick<DeliveryQueues, 'send'>;
  /** The store connection (the send queue's events stream is cleaned on it). */
  redis: Redis;
  flood: Pick<FloodCounter, 'forget'>;
  /** The desk's editor list: a reader who was also an editor leaves it (name included). */
  editors?: Pick<EditorStore, 'remove'>;
  logger: Logger;
  now?: () => number;
}

/** What an erasure removed, in counts only (never the reader's id). */
export interface EraseReport {
  seats: number;
  deliveryTraces: number;
  auditTraces: number;
  jobs: number;
  /** 1 when the reader was also an editor (their entry, with their name, is removed). */
  editorEntries: number;
}

/**
 * Removes the legacy per-chat send jobs of `chatId` in these deliveries that are waiting, delayed or
 * failed (jobs made before sending went by groups; a group's job names no chat, and the reader already
 * left its group with `eraseRecipient`).
 */
async function removeJobs(deps: EraseReaderDeps, chatId: number, deliveryIds: readonly string[]) {
  let removed = 0;
  for (const id of deliveryIds) {
    // A job being processed is locked and stays (0). A group job read its chats when it started: one
    // erased since may still get its message, and its send record is written again; the later passes
    // of the erasure (30 s and 60 s on) remove that record.
    removed += await deps.queues.send.remove(legacySendJobId(id, chatId)).catch(() => 0);
  }
  // The queue's events stream names every job it saw (added, completed, removed) by id.
  const events = deps.queues.send.keys.events;
  if (events) await dropJobEvents(deps.redis, events, legacySendJobId('', chatId));
  return removed;
}

/**
 * Erases a reader: the chat (status, language, settings, digest slot), the seats they follow (both
 * directions and the counts), their place in deliveries (pending, finished, their send group) and their
 * send records, their legacy per-chat send jobs, their
 * flood counter, and their id in the audit (kept as an anonymous count). The Redis state goes at once;
 * a send job in flight at that moment is removed by a later pass ({@link QUEUE_PASSES_MS}), unless the
 * caller runs them itself (`laterPasses: false`). Logs counts, never the id.
 */
export async function eraseReader(
  deps: EraseReaderDeps,
  chatId: number,
  opts: { why: 'stop' | 'inactive'; laterPasses?: boolean },
): Promise<EraseReport> {
  const now = deps.now ?? Date.now;
  const seats = await deps.subscribers.forget(chatId);
  // Deliveries that can hold this reader: created within the record lifetime plus the furthest a
  // publication can be scheduled ahead, and any still active or scheduled (a long pause).
  const recent = await deps.deliveries.since(now() - (RECORD_DAYS + MAX_SCHEDULE_DAYS) * 24 * 3600 * 1000);
  const open = [...(await deps.deliveries.active()), ...(await deps.deliveries.scheduled())];
  const deliveries = [...new Map([...recent, ...open].map((d) => [d.id, d])).values()];
  const ids = deliveries.map((d) => d.id);
  const contentKeys = deliveries.map((d) => deps.kinds.contentKey(d));
  const deliveryTraces = await deps.deliveries.eraseRecipient(chatId, ids, contentKeys);
  const auditTraces = await deps.audit.erase(chatId);
  await deps.flood.forget(chatId);
  const jobs = await removeJobs(deps, chatId, ids);
  // In a private chat the chat id is the user id.
  const editorEntries = deps.editors && (await deps.editors.remove(chatId)) ? 1 : 0;
  const report = { seats, deliveryTraces, auditTraces, jobs, editorEntries };
  deps.logger.info({ why: opts.why, ...report }, 'reader erased');

  if (opts.laterPasses !== false) {
    // A send that was in flight may finish after this and write its record: take it out again.
    for (const ms of QUEUE_PASSES_MS) {
      setTimeout(() => {
        void (async () => {
          // Came back meanwhile (/start): what they have now is theirs, not a leftover to erase.
          if (await deps.subscribers.exists(chatId)) return;
          await deps.deliveries.eraseRecipient(chatId, ids, contentKeys);
          await removeJobs(deps, chatId, ids);
        })().catch((err: Error) => deps.logger.warn({ err }, 'a later erasure pass failed'));
      }, ms).unref();
    }
  }
  return report;
}

/** Readers who could not receive for this long are erased by the daily job. */
export const INACTIVE_ERASE_DAYS = 30;

/**
 * Erases every reader whose chat has been unable to receive (blocked the bot, deleted their account,
 * chat not found) for {@link INACTIVE_ERASE_DAYS} days. Run daily by the worker role. Returns how many.
 */
export async function eraseLongInactive(
  deps: EraseReaderDeps & { subscribers: Pick<SubscriberStore, 'forget' | 'scanInactiveSince'> },
): Promise<number> {
  const now = deps.now ?? Date.now;
  const before = now() - INACTIVE_ERASE_DAYS * 24 * 3600 * 1000;
  let cursor = '0';
  let erased = 0;
  do {
    const [next, ids] = await deps.subscribers.scanInactiveSince(before, cursor);
    cursor = next;
    for (const id of ids) {
      // The daily job runs again tomorrow: no timers left behind in a worker.
      await eraseReader(deps, id, { why: 'inactive', laterPasses: false });
      erased++;
    }
  } while (cursor !== '0');
  if (erased > 0) deps.logger.info({ erased, days: INACTIVE_ERASE_DAYS }, 'long-inactive readers erased');
  return erased;
}
