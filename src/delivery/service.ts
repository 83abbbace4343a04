import type { Redis } from 'ioredis';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import {
  ContentBusyError,
  type Delivery,
  type DeliveryContent,
  type DeliveryStore,
  type Target,
} from '../store/deliveries.js';
import { createAudienceReader } from '../store/subscribers.js';
import type { ContentKinds } from './content-kind.js';
import { countAudience, RESUME_SWEEP_MS, SWEEP_JOB } from './fanout.js';
import { addGroupJobs, type DeliveryQueues, fanoutJobId, groupJobId, legacySendJobId } from './queues.js';

export interface DeliveryServiceDeps {
  redis: Redis;
  prefix: string;
  catalog: Catalog;
  deliveries: DeliveryStore;
  queues: DeliveryQueues;
  kinds: Pick<ContentKinds, 'of' | 'contentKey' | 'sharedKey'>;
  logger: Logger;
  now?: () => number;
}

/** Why a delivery action did not happen. */
export class DeliveryActionError extends Error {
  constructor(
    readonly code: 'not-found' | 'wrong-state' | 'nothing-sent' | 'already-running',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Use cases of deliveries: start (now or at a time), pause, resume, cancel, correct. The bot's admin
 * features and the CLI call these; the workers do the sending.
 */
export function createDeliveryService(deps: DeliveryServiceDeps) {
  const { deliveries, queues } = deps;
  const audience = createAudienceReader(deps);
  const now = deps.now ?? Date.now;

  async function enqueueFanout(d: Delivery, suffix = ''): Promise<void> {
    const delay = d.status === 'scheduled' && d.scheduledAt ? Math.max(0, d.scheduledAt - now()) : 0;
    await queues.fanout.add('fanout', { deliveryId: d.id }, { jobId: fanoutJobId(d.id) + suffix, delay });
  }

  /** Removes the jobs of these groups that are not running, a thousand calls at a time; how many went. */
  async function removeGroupJobs(id: string, groups: readonly number[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < groups.length; i += 1000) {
      const results = await Promise.all(
        groups.slice(i, i + 1000).map((g) => queues.send.remove(groupJobId(id, g))),
      );
      removed += results.filter((r) => r === 1).length;
    }
    return removed;
  }

  /**
   * Removes the waiting, delayed (and failed) send jobs of a delivery: the job of every group that still
   * has members (a group without members has had its job run), and for a delivery made before groups
   * (`legacy`) the per-chat job of every pending recipient. A job being sent is locked and stays: it
   * finishes its group's sends in flight; its recipients that find the delivery paused stay in the group.
   */
  async function dropWaitingSends(id: string): Promise<number> {
    let removed = await removeGroupJobs(id, await deliveries.liveGroups(id));
    if ((await deliveries.groupInfo(id)).legacy) {
      let cursor = '0';
      do {
        const [next, ids] = await deliveries.scanPending(id, cursor);
        cursor = next;
        const legacy = await Promise.all(ids.map((c) => queues.send.remove(legacySendJobId(id, c))));
        removed += legacy.filter((r) => r === 1).length;
      } while (cursor !== '0');
    }
    return removed;
  }

  /**
   * Queues a resumed delivery's recipients again. Every pending recipient of a delivery made by this
   * version is in exactly one group (the fan-out groups each chat the one time it becomes pending, and a
   * chat leaves its group only by finishing, in the same script), so queuing the job of every group that
   * still has members queues everyone left, and nobody twice. A group's job is first removed: pausing
   * withdrew it, but a failed one (kept a week) would make the add a no-op. A job still running is
   * locked, so it is neither removed nor added again; that job sees the delivery running once its
   * recipients have settled and runs again by itself (`processSend`).
   *
   * A delivery made before groups may also have pending recipients in no group, whose jobs were per
   * chat: those get their per-chat job again, as before (with the same id, so never beside one still
   * running). Telling them from the grouped ones takes the members of every group, read once into
   * memory: only such a delivery, during an upgrade, pays for it.
   */
  async function requeuePending(id: string): Promise<number> {
    const live = await deliveries.liveGroups(id);
    await removeGroupJobs(id, live);
    await addGroupJobs(queues.send, id, live);
    let requeued = live.length;
    if (!(await deliveries.groupInfo(id)).legacy) return requeued;
    const grouped = new Set<number>();
    for (const g of live) for (const c of await deliveries.groupMembers(id, g)) grouped.add(c);
    let cursor = '0';
    do {
      const [next, ids] = await deliveries.scanPending(id, cursor);
      cursor = next;
      const alone = ids.filter((c) => !grouped.has(c));
      // Removed first for the same reason as a group's job (a failed one would stay failed).
      await Promise.all(alone.map((c) => queues.send.remove(legacySendJobId(id, c))));
      if (alone.length > 0)
        await queues.send.addBulk(
          alone.map((c) => ({ name: 'send', data: { d: id, c }, opts: { jobId: legacySendJobId(id, c) } })),
        );
      requeued += alone.length;
    } while (cursor !== '0');
    return requeued;
  }

  async function must(id: string): Promise<Delivery> {
    const d = await deliveries.get(id);
    if (!d) throw new DeliveryActionError('not-found', `no delivery ${id}`);
    return d;
  }

  return {
    /** Recipients a target reaches now (for previews). */
    countAudience(target: Target): Promise<number> {
      return countAudience({ subscribers: audience, deliveries }, deps.catalog, target);
    },

    /**
     * Creates a delivery and queues its fan-out, now or at `scheduledAt`. `after`: deliveries whose
     * sends must have stopped before its fan-out reads the audience (see `Delivery.after`).
     */
    async start(input: {
      content: DeliveryContent;
      target: Target;
      createdBy: string;
      scheduledAt?: number;
      after?: string[];
    }): Promise<Delivery> {
      // Two deliveries sharing send records (one briefing published twice) could race on the same
      // chat: one at a time, claimed atomically with the creation (a scheduled one claims when it comes
      // due, and waits while another holds it). Deliveries with records of their own never collide.
      const sharedKey = deps.kinds.sharedKey(input.content);
      let d: Delivery;
      try {
        d = await deliveries.create(sharedKey === undefined ? input : { ...input, sharedKey });
      } catch (err) {
        if (err instanceof ContentBusyError) throw new DeliveryActionError('already-running', err.message);
        throw err;
      }
      await enqueueFanout(d);
      deps.logger.info(
        {
          deliveryId: d.id,
          content: d.content.kind,
          target: d.target.kind,
          status: d.status,
          by: d.createdBy,
        },
        'delivery started',
      );
      return d;
    },

    /**
     * Stops sending: the fan-out halts between pages, waiting send jobs are withdrawn (a job being sent
     * finishes the sends it has in flight), nothing is lost.
     */
    async pause(id: string): Promise<Delivery> {
      await must(id);
      if (!(await deliveries.transition(id, ['running'], 'paused')))
        throw new DeliveryActionError('wrong-state', `delivery ${id} is not running`);
      const dropped = await dropWaitingSends(id);
      deps.logger.info({ deliveryId: id, dropped }, 'delivery paused');
      return must(id);
    },

    /** Sends again: every pending recipient is queued again and the fan-out goes on from its checkpoint. */
    async resume(id: string): Promise<Delivery> {
      await must(id);
      if (!(await deliveries.transition(id, ['paused'], 'running')))
        throw new DeliveryActionError('wrong-state', `delivery ${id} is not paused`);
      const requeued = await requeuePending(id);
      // A group job still running now (it found the delivery paused) kept its id from being queued again;
      // a sweep a few seconds on queues it once it has ended (fanout.ts SWEEP_JOB).
      await queues.fanout.add(
        SWEEP_JOB,
        { deliveryId: id },
        { jobId: `${fanoutJobId(id)}-s${now().toString(36)}`, delay: RESUME_SWEEP_MS },
      );
      const d = await must(id);
      if (!d.fanoutDone) await enqueueFanout(d, `-r${now().toString(36)}`);
      else await deliveries.fanoutFinished(id);
      deps.logger.info({ deliveryId: id, requeued }, 'delivery resumed');
      return d;
    },

    /** Cancels a scheduled, running or paused delivery; what was sent stays sent. */
    async cancel(id: string): Promise<Delivery> {
      await must(id);
      if (!(await deliveries.transition(id, ['scheduled', 'running', 'paused'], 'cancelled')))
        throw new DeliveryActionError('wrong-state', `delivery ${id} has already finished`);
      await queues.fanout.remove(fanoutJobId(id)).catch(() => 0);
      const dropped = await dropWaitingSends(id);
      await deliveries.dropPending(id);
      deps.logger.info({ deliveryId: id, dropped }, 'delivery cancelled');
      return must(id);
    },

    /**
     * Edits every message already sent for delivery `id` to its current content: a briefing as it is now
     * (after its file was fixed and synced), or `text` for a message delivery. Runs as a delivery of its
     * own under the same rate limit. `after`: deliveries whose sends must have stopped before it reads
     * the records (a briefing edited while a publication of it runs: copies sent from the old
     * rendering in the meantime are corrected too).
     */
    async correct(
      id: string,
      createdBy: string,
      text?: NonNullable<Delivery['correction']>,
      opts: { after?: string[] } = {},
    ): Promise<Delivery> {
      const original = await must(id);
      const corrects = deps.kinds.of(original).corrects;
      if (corrects === 'never')
        throw new DeliveryActionError(
          'wrong-state',
          `a ${original.content.kind} delivery cannot be corrected` +
            (original.content.kind === 'correction' ? '; correct the original' : ''),
        );
      const ck = deps.kinds.contentKey(original);
      if ((await deliveries.recordCount(ck)) === 0)
        throw new DeliveryActionError('nothing-sent', `delivery ${id} has no sent messages to correct`);
      if (corrects === 'with-text') {
        if (!text)
          throw new DeliveryActionError('wrong-state', 'a message delivery needs the corrected text');
        await deliveries.setCorrection(id, text);
      }
      return this.start({
        content: { kind: 'correction', of: id },
        target: { kind: 'records', contentKey: ck },
        createdBy,
        ...(opts.after && opts.after.length > 0 ? { after: opts.after } : {}),
      });
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
