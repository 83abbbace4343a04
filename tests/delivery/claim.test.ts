import type { Job } from 'bullmq';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { processFanout } from '../../src/delivery/fanout.js';
import { type FanoutJob, fanoutJobId } from '../../src/delivery/queues.js';
import { DeliveryActionError } from '../../src/delivery/service.js';
import type { Target } from '../../src/store/deliveries.js';
import { createDeliveryEnv, type DeliveryEnv, HATHRAS_ID } from '../helpers/delivery-env.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const briefing = { kind: 'briefing', briefingId: HATHRAS_ID } as const;
const target: Target = { kind: 'pcs', pcs: ['UP-16'] };

/** Runs one fan-out job for `id` in the test's process, as the fan-out worker would. */
function fanout(env: DeliveryEnv, id: string): Promise<string> {
  const job = { data: { deliveryId: id }, updateProgress: async () => {} } as unknown as Job<FanoutJob>;
  return processFanout(job, {
    catalog: env.core.catalog,
    subscribers: env.subscribers,
    deliveries: env.deliveries,
    sendQueue: env.queues.send,
    fanoutQueue: env.queues.fanout,
    logger: pino({ level: 'silent' }),
  });
}

describe('one delivery at a time per briefing (real Redis)', () => {
  it('when one briefing is published several times at once, then exactly one delivery starts', async () => {
    e = await createDeliveryEnv();
    const env = e;
    const tries = await Promise.allSettled(
      Array.from({ length: 6 }, () => env.service.start({ content: briefing, target, createdBy: 'test' })),
    );
    const started = tries.filter((t) => t.status === 'fulfilled');
    expect(started).toHaveLength(1);
    for (const t of tries.filter((x) => x.status === 'rejected')) {
      expect(t.reason).toBeInstanceOf(DeliveryActionError);
      expect((t.reason as DeliveryActionError).code).toBe('already-running');
    }
    expect(await env.deliveries.active()).toHaveLength(1);
    // Scheduling it for later is accepted: it takes its turn when it comes due.
    const later = await env.service.start({
      content: briefing,
      target,
      createdBy: 'test',
      scheduledAt: Date.now() + 60_000,
    });
    expect(later.status).toBe('scheduled');
  });

  it('when a scheduled publication comes due while another of the same briefing runs, then it waits, and starts once that one is over', async () => {
    e = await createDeliveryEnv();
    await e.seedReaders('UP-16', 5, 610_000);
    const first = await e.service.start({ content: briefing, target, createdBy: 'test' });
    const later = await e.deliveries.create({
      content: briefing,
      target,
      createdBy: 'test',
      scheduledAt: Date.now() + 60_000,
      sharedKey: e.core.kinds.sharedKey(briefing),
    });
    await e.queues.fanout.remove(fanoutJobId(first.id));

    // Its fan-out job comes due: it does not start, queues no send, and tries again later.
    expect(await fanout(e, later.id)).toBe('waiting');
    expect(await e.deliveries.get(later.id)).toMatchObject({ status: 'scheduled', total: 0 });
    expect(await e.queues.send.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
    const retry = (await e.queues.fanout.getDelayed()).filter((j) => j.data.deliveryId === later.id);
    expect(retry).toHaveLength(1);
    expect(retry[0]?.id).toMatch(new RegExp(`^${fanoutJobId(later.id)}-w`));

    await e.service.cancel(first.id);
    expect(await fanout(e, later.id)).toBe('fanned out');
    expect(await e.deliveries.get(later.id)).toMatchObject({ status: 'running', total: 5 });
  });
});
