import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { type FanoutJob, fanoutJobId } from '../delivery/queues.js';
import type { DeliveryService } from '../delivery/service.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { DigestRuns } from './runs.js';
import { dateInTz } from './slots.js';

/**
 * A slot's job that runs this late is still on time, whatever DIGEST_CATCHUP says: a busy queue or a
 * worker restarting around the slot's minute must not cost readers their digest.
 */
export const ON_TIME_GRACE_MS = 10 * 60 * 1000;

/** How long a worker may take to create a run before another may try (it takes milliseconds). */
const CLAIM_TTL_MS = 60_000;

/** Who created a digest run (`Delivery.createdBy`). */
export const DIGEST_CREATOR = 'digest';

export interface RunSlotDeps {
  runs: DigestRuns;
  delivery: Pick<DeliveryService, 'start'>;
  deliveries: Pick<DeliveryStore, 'get'>;
  fanoutQueue: Pick<Queue<FanoutJob>, 'add'>;
  /** DIGEST_TZ. */
  tz: string;
  /** DIGEST_CATCHUP in ms. */
  catchUpMs: number;
  now: () => number;
  logger: Logger;
}

export type RunSlotOutcome =
  /** The run was created and its fan-out queued. */
  | { kind: 'started'; date: string; deliveryId: string }
  /** The run already existed (a second firing, a retried job, a catch-up after all): nothing new is sent. */
  | { kind: 'exists'; date: string; deliveryId: string }
  /** Too late: skipped and marked, so that nothing runs it later. */
  | { kind: 'missed'; date: string; lateMs: number }
  /** Another worker is creating the run right now: try again shortly. */
  | { kind: 'busy'; date: string };

/** The lateness a slot's run may have: DIGEST_CATCHUP, and never less than the on-time grace. */
export function catchUpWindow(catchUpMs: number): number {
  return Math.max(catchUpMs, ON_TIME_GRACE_MS);
}

/**
 * Runs a digest slot for the day of `at` (its scheduled time): one delivery per slot and day, found
 * through the run index or created under its claim, whose fan-out pages the slot's readers into the send
 * queue; each reader's digest is composed when their send job runs. Safe to call any number of times for
 * the same slot and day: only the first creates anything.
 */
export async function runDigestSlot(deps: RunSlotDeps, slot: string, at: number): Promise<RunSlotOutcome> {
  const date = dateInTz(at, deps.tz);
  const log = deps.logger.child({ slot, date });
  const mark = await deps.runs.get(date, slot);
  if (mark?.kind === 'missed') return { kind: 'missed', date, lateMs: deps.now() - at };
  if (mark?.kind === 'pending') return { kind: 'busy', date };
  if (mark?.kind === 'delivery') {
    const d = await deps.deliveries.get(mark.id);
    // A worker that died between creating the run and queuing its fan-out: queue it (a fan-out is
    // idempotent, and a duplicate job id is ignored while the first is still queued).
    if (d && d.status === 'running' && !d.fanoutDone)
      await deps.fanoutQueue.add('fanout', { deliveryId: d.id }, { jobId: fanoutJobId(d.id) });
    return { kind: 'exists', date, deliveryId: mark.id };
  }

  const lateMs = deps.now() - at;
  if (lateMs > catchUpWindow(deps.catchUpMs)) {
    if (await deps.runs.markMissed(date, slot)) {
      log.warn({ lateMinutes: Math.round(lateMs / 60_000) }, 'digest slot found too late to send; skipped');
    }
    return { kind: 'missed', date, lateMs };
  }

  const token = randomUUID();
  if (!(await deps.runs.claim(date, slot, token, CLAIM_TTL_MS))) return { kind: 'busy', date };
  try {
    const d = await deps.delivery.start({
      content: { kind: 'digest', slot, date },
      target: { kind: 'slot', slot },
      createdBy: DIGEST_CREATOR,
    });
    await deps.runs.settle(date, slot, d.id);
    log.info({ deliveryId: d.id, lateMs: Math.max(0, lateMs) }, 'digest run started');
    return { kind: 'started', date, deliveryId: d.id };
  } catch (err) {
    await deps.runs.release(date, slot, token).catch(() => undefined);
    throw err;
  }
}
