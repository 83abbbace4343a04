import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { Delivery, DeliveryStore, Target } from '../store/deliveries.js';
import { createKeys } from '../store/keys.js';
import { type FanoutJob, type SendJob, sendJobId } from './queues.js';

/** Largest page of recipients turned into send jobs at once (one addBulk). */
export const PAGE_SIZE = 1000;

export interface FanoutDeps {
  redis: Redis;
  prefix: string;
  catalog: Catalog;
  deliveries: DeliveryStore;
  sendQueue: Queue<SendJob>;
  logger: Logger;
}

/** A source of recipients: a Redis set of chat ids, or the hash of send records of some content. */
type Source = { type: 'set'; key: string } | { type: 'records'; key: string };

/** The Redis structures that hold a target's recipients, in a fixed order (the checkpoint indexes it). */
export function audienceSources(target: Target, catalog: Catalog, prefix: string): Source[] {
  const k = createKeys(prefix);
  switch (target.kind) {
    case 'pcs':
      return target.pcs.map((pc) => ({ type: 'set', key: k.pcChats(pc) }));
    case 'state':
      return catalog.pcsOfState(target.state).map((pc) => ({ type: 'set', key: k.pcChats(pc.code) }));
    case 'all':
      return [{ type: 'set', key: k.chats }];
    case 'records':
      return [{ type: 'records', key: `${prefix}:sent:${target.contentKey}` }];
    case 'slot':
      return [{ type: 'set', key: k.digestSlot(target.slot) }];
  }
}

/**
 * How many chats a target reaches now, for the preview: active followers of each source, summed
 * (a chat following two PCs of one briefing counts twice here and is sent to once).
 */
export async function countAudience(
  redis: Redis,
  prefix: string,
  catalog: Catalog,
  target: Target,
): Promise<number> {
  const k = createKeys(prefix);
  let total = 0;
  for (const s of audienceSources(target, catalog, prefix)) {
    if (s.type === 'records') total += await redis.hlen(s.key);
    else total += (await redis.scard(s.key)) - Number(await redis.call('SINTERCARD', 2, s.key, k.inactive));
  }
  return total;
}

async function scanPage(redis: Redis, s: Source, cursor: string): Promise<[string, number[]]> {
  if (s.type === 'set') {
    const [next, ids] = await redis.sscan(s.key, cursor, 'COUNT', String(PAGE_SIZE));
    return [next, ids.map(Number)];
  }
  const [next, flat] = await redis.hscan(s.key, cursor, 'COUNT', String(PAGE_SIZE));
  const ids: number[] = [];
  for (let i = 0; i < flat.length; i += 2) ids.push(Number(flat[i]));
  return [next, ids];
}

/**
 * The fan-out: pages the audience with SSCAN (never all ids in memory), marks each page pending and adds
 * one send job per recipient with addBulk, then moves its checkpoint. A retried or resumed fan-out starts
 * at the checkpoint; re-adding a page is harmless (deterministic job ids, and the pending set counts
 * each chat once). It stops between pages when the delivery is paused or cancelled.
 */
export async function processFanout(job: Job<FanoutJob>, deps: FanoutDeps): Promise<string> {
  const id = job.data.deliveryId;
  // A scheduled delivery starts when its fan-out job comes due.
  await deps.deliveries.transition(id, ['scheduled'], 'running');
  const delivery: Delivery | undefined = await deps.deliveries.get(id);
  if (!delivery) return 'gone';
  if (delivery.status !== 'running') return delivery.status;
  if (delivery.fanoutDone) return 'already done';

  const k = createKeys(deps.prefix);
  const sources = audienceSources(delivery.target, deps.catalog, deps.prefix);
  let { setIndex, cursor } = await deps.deliveries.checkpoint(id);
  let pages = 0;
  while (setIndex < sources.length) {
    const source = sources[setIndex] as Source;
    const [next, scanned] = await scanPage(deps.redis, source, cursor);
    for (let i = 0; i < scanned.length; i += PAGE_SIZE) {
      let ids = scanned.slice(i, i + PAGE_SIZE);
      if (source.type === 'set' && ids.length > 0) {
        // Chats known to be unreachable are left out before any job is made for them.
        const inactive = await deps.redis.smismember(k.inactive, ...ids.map(String));
        ids = ids.filter((_, j) => inactive[j] !== 1);
      }
      if (ids.length === 0) continue;
      await deps.deliveries.markPending(id, ids);
      await deps.sendQueue.addBulk(
        ids.map((c) => ({ name: 'send', data: { d: id, c }, opts: { jobId: sendJobId(id, c) } })),
      );
    }
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
