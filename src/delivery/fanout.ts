import type { Job, Queue } from 'bullmq';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { Delivery, DeliveryStore, Target } from '../store/deliveries.js';
import type { AudienceReader, AudienceSet } from '../store/subscribers.js';
import { addGroupJobs, type FanoutJob, fanoutJobId, type SendJob } from './queues.js';
import { DELIVERY_CACHE_MS } from './send.js';

/** Recipients asked for per page of a source (one checkpoint per page). */
export const PAGE_SIZE = 1000;

/**
 * Recipients marked pending at once, and so the most one send group (one send job) holds. Not a page:
 * marking a page of 1,000 is one script that holds Redis (every worker's pacing and sends wait behind
 * it) for milliseconds, and a group of 1,000 would be one job's sends, all waiting on the one job's
 * slowest (a retry, a 429) before the worker takes another; 100 keeps both small while BullMQ's cost per
 * job is paid once per 100 messages.
 */
export const JOB_CHUNK = 100;

/**
 * With a finite SEND_RATE, the fan-out marks smaller chunks (groups of 20) at a steady PACED_FANOUT_RATE
 * recipients per second (or FANOUT_LEAD times SEND_RATE if that is more): far enough ahead that sends
 * never wait for it (SEND_RATE is at most 1000), gently enough that the paced sends of its own process
 * keep their slots (one chunk every 10 ms, well under a millisecond of work each). Smaller groups also
 * keep what a pause lets finish small: a job being sent finishes its group. 1,000,000 recipients take
 * about 8 minutes.
 */
export const PACED_JOB_CHUNK = 20;
export const PACED_FANOUT_RATE = 2000;
export const FANOUT_LEAD = 2;

/** Recipients per send group (per send job) at this SEND_RATE (Infinity: unlimited). */
export function sendGroupSize(sendRate: number): number {
  return Number.isFinite(sendRate) ? PACED_JOB_CHUNK : JOB_CHUNK;
}

/** The stores a target's recipients come from: subscriber sets, and for a correction the send records. */
export interface AudienceStores {
  subscribers: Pick<AudienceReader, 'scanSource' | 'countSources'>;
  deliveries: Pick<DeliveryStore, 'scanRecipients' | 'recordCount'>;
}

/**
 * How long a scheduled delivery that came due waits before trying again to start, while another
 * delivery of the same shared content (a briefing published twice) is still running or paused.
 */
export const BUSY_RETRY_MS = 10_000;

/**
 * How long a fan-out waits, at most, for the sends still in flight of the deliveries it must follow
 * (`Delivery.after`); past it, it goes on and says so in the log.
 */
export const AFTER_WAIT_MS = 60_000;

/**
 * How long after a delivery stopped a send of it may still start: a worker trusts a running delivery's
 * hash for DELIVERY_CACHE_MS, and the worker's clock may differ from the one that stopped it.
 */
const STOP_SETTLE_MS = DELIVERY_CACHE_MS + 1000;

export interface FanoutDeps {
  catalog: Catalog;
  subscribers: AudienceStores['subscribers'];
  deliveries: DeliveryStore;
  sendQueue: Queue<SendJob>;
  /** The fan-out queue: a delivery that cannot start yet is tried again by a delayed job. */
  fanoutQueue: Pick<Queue<FanoutJob>, 'add'>;
  logger: Logger;
  /** SEND_RATE (messages per second, Infinity for unlimited); a finite one paces the fan-out. */
  sendRate?: number;
}

/** A source of recipients: a set of chats, or the chats holding a send record of some content. */
export type Source = { type: 'set'; set: AudienceSet } | { type: 'records'; contentKey: string };

/**
 * The audience sets of a seat target: the followers of each of its PCs and ACs, then the followers of
 * the ACs inside its PCs who keep the wider briefings (`wide`), then the followers of the PCs around
 * its ACs who asked for their ACs' briefings (`pcAcs`). A set already in the list is not added again.
 */
function seatSets(pcs: readonly string[], acs: readonly string[], catalog: Catalog): AudienceSet[] {
  const direct = new Set([...pcs, ...acs]);
  const out: AudienceSet[] = [
    ...pcs.map((pc): AudienceSet => ({ kind: 'pc', pc })),
    ...acs.map((ac): AudienceSet => ({ kind: 'ac', ac })),
  ];
  const seen = new Set<string>();
  const add = (code: string, set: AudienceSet) => {
    if (direct.has(code) || seen.has(code)) return;
    seen.add(code);
    out.push(set);
  };
  for (const pc of pcs)
    for (const ac of catalog.acsOfPc(pc)) add(ac.code, { kind: 'ac', ac: ac.code, only: 'wide' });
  for (const code of acs) {
    const pc = catalog.acByCode(code)?.pc;
    if (pc) add(pc, { kind: 'pc', pc, only: 'pcAcs' });
  }
  return out;
}

/**
 * Where a target's recipients are, in a fixed order (the fan-out checkpoint indexes it). A target's
 * PCs come first, in the order they had before assembly seats existed, so a delivery checkpointed by an
 * older version resumes at the same place; the sets for ACs follow.
 */
export function audienceSources(target: Target, catalog: Catalog): Source[] {
  const sets = (list: AudienceSet[]): Source[] => list.map((set) => ({ type: 'set', set }));
  switch (target.kind) {
    case 'pcs':
      return sets(seatSets(target.pcs, target.acs ?? [], catalog));
    case 'state':
      return sets([
        ...catalog.pcsOfState(target.state).map((pc): AudienceSet => ({ kind: 'pc', pc: pc.code })),
        ...catalog
          .acsOfState(target.state)
          .map((ac): AudienceSet => ({ kind: 'ac', ac: ac.code, only: 'wide' })),
      ]);
    case 'all':
      return [{ type: 'set', set: { kind: 'all' } }];
    case 'records':
      return [{ type: 'records', contentKey: target.contentKey }];
    case 'slot':
      return [{ type: 'set', set: { kind: 'slot', slot: target.slot } }];
  }
}

/** The audience sets among a target's sources, in the same order. */
function setsOf(sources: readonly Source[]): AudienceSet[] {
  return sources.flatMap((s) => (s.type === 'set' ? [s.set] : []));
}

/**
 * How many chats a target reaches now, for the preview: each chat that can receive counted once, as the
 * fan-out would enqueue it (a reader of two seats of one briefing, or of an AC and its PC, is one).
 */
export async function countAudience(
  stores: AudienceStores,
  catalog: Catalog,
  target: Target,
): Promise<number> {
  const sources = audienceSources(target, catalog);
  let total = 0;
  for (const s of sources)
    if (s.type === 'records') total += await stores.deliveries.recordCount(s.contentKey);
  const sets = setsOf(sources);
  if (sets.length > 0) total += await stores.subscribers.countSources(sets);
  return total;
}

/**
 * One page of source `index` (PAGE_SIZE asked for): the next cursor and the chat ids. A set's page holds
 * only chats that can receive and that no earlier set of the target reaches (store/subscribers.ts).
 */
function scanPage(
  deps: FanoutDeps,
  sources: readonly Source[],
  index: number,
  cursor: string,
): Promise<[string, number[]]> {
  const s = sources[index] as Source;
  if (s.type === 'records') return deps.deliveries.scanRecipients(s.contentKey, cursor, PAGE_SIZE);
  const sets = setsOf(sources);
  return deps.subscribers.scanSource(sets, sets.indexOf(s.set), cursor, PAGE_SIZE);
}

/**
 * True when no send of these deliveries can still be under way: each is over (cancelled or done) for
 * long enough that no worker still takes it for running, and no send job of it is active.
 */
async function sendsStopped(deps: FanoutDeps, ids: readonly string[]): Promise<boolean> {
  for (const id of ids) {
    const d = await deps.deliveries.get(id);
    if (!d) continue;
    if (d.status !== 'cancelled' && d.status !== 'done') return false;
    if (Date.now() - (d.finishedAt ?? 0) < STOP_SETTLE_MS) return false;
  }
  const active = await deps.sendQueue.getActive();
  return !active.some((j) => ids.includes(j.data.d));
}

/** Waits (bounded by AFTER_WAIT_MS) until the sends of the deliveries `d` must follow have stopped. */
async function waitForSendsToStop(deps: FanoutDeps, d: Delivery): Promise<void> {
  const ids = d.after ?? [];
  if (ids.length === 0) return;
  const until = Date.now() + AFTER_WAIT_MS;
  while (!(await sendsStopped(deps, ids))) {
    if (Date.now() >= until) {
      deps.logger.warn(
        { deliveryId: d.id, after: ids },
        'sends of earlier deliveries still running; going on',
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The name of a fan-out queue job that only queues again the job of every group of a running delivery
 * that still has members. A resume adds one, a few seconds on (RESUME_SWEEP_MS): a group job that was
 * running when the resume came (it had found the delivery paused, and the resume could not queue it
 * again while it ran) has ended by then, and its recipients get their job. A group whose job waits or
 * runs is not touched (deterministic job ids).
 */
export const SWEEP_JOB = 'sweep';
export const RESUME_SWEEP_MS = 3000;

/** Queues the job of every group of delivery `id` that still has members; how many there were. */
async function queueLiveGroups(deps: FanoutDeps, id: string): Promise<number> {
  const live = await deps.deliveries.liveGroups(id);
  await addGroupJobs(deps.sendQueue, id, live);
  return live.length;
}

async function sweepGroups(deps: FanoutDeps, id: string): Promise<string> {
  if ((await deps.deliveries.status(id)) !== 'running') return 'not running';
  return `swept ${await queueLiveGroups(deps, id)}`;
}

/**
 * The fan-out: pages the audience with SSCAN (never all ids in memory), marks each chunk of a page
 * pending, which puts the chats newly pending into a new send group (one script), adds one send job per
 * group, then moves its checkpoint. A retried or resumed fan-out starts at the checkpoint; marking a page
 * again is harmless (a chat already pending or finished is neither counted nor grouped again). What a
 * fan-out that died between marking a chunk and adding its job left behind (a group without a job) is
 * found at the start of the next run: every group that still has members gets its job again, which
 * changes nothing for a group whose job waits or runs (deterministic job ids). It stops between pages
 * (between chunks when paced) when the delivery is paused or cancelled.
 */
export async function processFanout(job: Job<FanoutJob>, deps: FanoutDeps): Promise<string> {
  const id = job.data.deliveryId;
  if (job.name === SWEEP_JOB) return sweepGroups(deps, id);
  // A scheduled delivery starts when its fan-out job comes due, unless a delivery of the same shared
  // content is running: then it stays scheduled and tries again later.
  await deps.deliveries.transition(id, ['scheduled'], 'running');
  const delivery: Delivery | undefined = await deps.deliveries.get(id);
  if (!delivery) return 'gone';
  if (delivery.status === 'scheduled') {
    const at = Date.now() + BUSY_RETRY_MS;
    await deps.fanoutQueue.add(
      'fanout',
      { deliveryId: id },
      { jobId: `${fanoutJobId(id)}-w${at.toString(36)}`, delay: BUSY_RETRY_MS },
    );
    deps.logger.info(
      { deliveryId: id, content: delivery.content.kind, retryInMs: BUSY_RETRY_MS },
      'due, but the same content is being delivered; waiting for it',
    );
    return 'waiting';
  }
  if (delivery.status !== 'running') return delivery.status;
  if (delivery.fanoutDone) return 'already done';
  await waitForSendsToStop(deps, delivery);

  // Groups an earlier run of this fan-out marked but may have died before queuing (none on a first run).
  await queueLiveGroups(deps, id);

  const sources = audienceSources(delivery.target, deps.catalog);
  let { setIndex, cursor } = await deps.deliveries.checkpoint(id);
  let pages = 0;
  const rate = deps.sendRate ?? Number.POSITIVE_INFINITY;
  const chunk = sendGroupSize(rate);
  const chunkMs = Number.isFinite(rate)
    ? (1000 * chunk) / Math.max(PACED_FANOUT_RATE, rate * FANOUT_LEAD)
    : 0;
  let nextChunkAt = performance.now();
  while (setIndex < sources.length) {
    const [next, scanned] = await scanPage(deps, sources, setIndex, cursor);
    // Unpaced, the page's groups are queued together (one addBulk of up to 10 jobs) after its chunks.
    const groups: number[] = [];
    for (let i = 0; i < scanned.length; i += chunk) {
      if (chunkMs > 0) {
        // A paced fan-out spends a while on one page: a pause or cancel stops it between chunks too
        // (resuming starts the page again, which counts nobody twice).
        const status = await deps.deliveries.status(id);
        if (status !== 'running') {
          deps.logger.info({ deliveryId: id, status }, 'fan-out stopped within a page');
          return status ?? 'gone';
        }
      }
      // A set's page already leaves out chats known to be unreachable, before any job is made for them.
      const ids = scanned.slice(i, i + chunk);
      if (ids.length === 0) continue;
      // -1: cancelled since the status was read (cancelling dropped the pending set; do not refill it).
      const { added, group } = await deps.deliveries.markPending(id, ids);
      if (added < 0) return 'cancelled';
      // No group: every chat of the chunk was already pending (a page marked again) or finished.
      if (group !== undefined) groups.push(group);
      if (chunkMs > 0) {
        await addGroupJobs(deps.sendQueue, id, groups.splice(0));
        nextChunkAt += chunkMs;
        const ahead = nextChunkAt - performance.now();
        if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
        else nextChunkAt = Math.max(nextChunkAt, performance.now() - chunkMs);
      }
    }
    await addGroupJobs(deps.sendQueue, id, groups);
    if (next === '0') {
      setIndex += 1;
      cursor = '0';
    } else {
      cursor = next;
    }
    await deps.deliveries.saveCheckpoint(id, setIndex, cursor);
    pages += 1;
    if (pages % 10 === 0) {
      const status = await deps.deliveries.status(id);
      if (status !== 'running') {
        deps.logger.info({ deliveryId: id, status }, 'fan-out stopped between pages');
        return status ?? 'gone';
      }
      await job.updateProgress({ setIndex, sources: sources.length });
    }
  }
  const r = await deps.deliveries.fanoutFinished(id);
  deps.logger.info({ deliveryId: id, pages, closed: r === 'done' }, 'fan-out finished');
  return 'fanned out';
}
