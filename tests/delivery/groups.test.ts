import { DelayedError, type Job } from 'bullmq';
import { Api } from 'grammy';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SWEEP_JOB } from '../../src/delivery/fanout.js';
import type { Pacer } from '../../src/delivery/pacer.js';
import { addGroupJobs, groupJobId, legacySendJobId, type SendJob } from '../../src/delivery/queues.js';
import { PAUSED_RERUN_MS, processSend, type SendDeps } from '../../src/delivery/send.js';
import type { Delivery } from '../../src/store/deliveries.js';
import { createKeys } from '../../src/store/keys.js';
import { createDeliveryEnv, type DeliveryEnv, messagesPerChat, TOKEN } from '../helpers/delivery-env.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const perChat = messagesPerChat;

async function textDelivery(env: DeliveryEnv): Promise<Delivery> {
  return env.deliveries.create({
    content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): समूह' },
    target: { kind: 'pcs', pcs: ['UP-16'] },
    createdBy: 'test',
  });
}

describe('send jobs by groups of recipients (real Redis, HTTP Bot API double)', () => {
  it('when a delivery from before groups has per-chat jobs and grouped recipients, then pausing and resuming it serves everyone once', async () => {
    e = await createDeliveryEnv();
    const env = e;
    const readers = await e.seedReaders('UP-16', 60, 940_000);
    const d = await textDelivery(e);
    const k = createKeys(e.env.prefix);
    // Made before groups: no `grouped` mark, half its recipients marked pending the old way, each with
    // its own per-chat job (as a rolling upgrade leaves them) …
    await e.env.redis.hdel(k.delivery(d.id), 'grouped');
    const old = readers.slice(0, 30);
    await e.env.redis.sadd(k.deliveryPending(d.id), ...old);
    await e.env.redis.hincrby(k.delivery(d.id), 'total', old.length);
    await e.queues.send.addBulk(
      old.map((c) => ({ name: 'send', data: { d: d.id, c }, opts: { jobId: legacySendJobId(d.id, c) } })),
    );
    // … and the rest by the fan-out of the new version, in groups.
    for (let i = 30; i < 60; i += 10) {
      const { group } = await e.deliveries.markPending(d.id, readers.slice(i, i + 10));
      await addGroupJobs(e.queues.send, d.id, [group as number]);
    }
    await e.deliveries.fanoutFinished(d.id);
    expect(await e.queues.send.count()).toBe(33);

    // Pausing withdraws both kinds of job; resuming queues each recipient again, in one job only.
    await e.service.pause(d.id);
    expect(await e.queues.send.count()).toBe(0);
    await e.service.resume(d.id);
    expect(await e.queues.send.count()).toBe(33);
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    await e.waitForDone(d.id);
    const got = perChat(env);
    expect(readers.filter((c) => got.get(c) !== 1)).toEqual([]);
    expect(got.size).toBe(60);
    expect(await e.deliveries.get(d.id)).toMatchObject({ status: 'done', total: 60, sent: 60 });
    expect(await e.deliveries.liveGroups(d.id)).toEqual([]);
  });

  it('when a resume comes while a group job still runs, then the sweep it queues gives that group its job once the job has ended', async () => {
    e = await createDeliveryEnv();
    const readers = await e.seedReaders('UP-16', 10, 945_000);
    const d = await textDelivery(e);
    const { group } = await e.deliveries.markPending(d.id, readers);
    await e.deliveries.fanoutFinished(d.id);
    await e.service.pause(d.id);
    // The resume queues the group's job and a sweep for later. Say that job was the one still running
    // (so the add changed nothing) and then ended having sent nobody: the group is left without a job.
    await e.service.resume(d.id);
    const sweeps = (await e.queues.fanout.getDelayed()).filter((j) => j.name === SWEEP_JOB);
    expect(sweeps).toHaveLength(1);
    await e.queues.send.remove(groupJobId(d.id, group as number));
    expect(await e.queues.send.count()).toBe(0);
    // The sweep comes due: the group gets its job again, and the workers serve everyone once.
    await (sweeps[0] as Job).promote();
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    await e.waitForDone(d.id, 20_000);
    const got = perChat(e);
    expect(readers.every((c) => got.get(c) === 1)).toBe(true);
  });

  it('when a group job finds its delivery paused, then its recipients stay in the group, unless it is running again: then the job runs again soon', async () => {
    e = await createDeliveryEnv();
    const d = await textDelivery(e);
    const { group } = await e.deliveries.markPending(d.id, [950_001, 950_002]);
    let delayedTo: number | undefined;
    const job = {
      data: { d: d.id, g: group },
      opts: {},
      attemptsMade: 0,
      moveToDelayed: async (ts: number) => {
        delayedTo = ts;
      },
    } as unknown as Job<SendJob>;
    const deps: SendDeps = {
      api: new Api(TOKEN, { apiRoot: e.apiRoot }),
      deliveries: e.deliveries,
      subscribers: e.subscribers,
      kinds: e.core.kinds,
      sendQueue: e.queues.send,
      logger: pino({ level: 'silent' }),
      quietNow: () => false,
      paidBroadcast: false,
      // Never reached: nothing is sent in this test.
      pace: {} as Pacer,
    };
    // The delivery is running, but this worker read it paused just before a resume (the resume could
    // not queue the job again while it ran): the job is put back to run shortly, without an attempt.
    const stale = { ...(await e.deliveries.get(d.id)), status: 'paused' } as Delivery;
    const before = Date.now();
    await expect(processSend(job, { ...deps, getDelivery: async () => stale })).rejects.toBeInstanceOf(
      DelayedError,
    );
    expect(delayedTo).toBeGreaterThanOrEqual(before + PAUSED_RERUN_MS);
    // Really paused: the job ends and the recipients wait in their group for the resume.
    delayedTo = undefined;
    expect(await e.deliveries.transition(d.id, ['running'], 'paused')).toBe(true);
    expect(await processSend(job, deps)).toBe('paused');
    expect(delayedTo).toBeUndefined();
    expect((await e.deliveries.groupMembers(d.id, group as number)).sort()).toEqual([950_001, 950_002]);
    expect(e.double.messages()).toHaveLength(0);
  });

  it('when groups meet 429s, 5xx answers and a dead chat, then each recipient ends once and only the rest are sent again', async () => {
    e = await createDeliveryEnv({
      deadChats: [960_003],
      rateLimit: { global: 25, retryAfter: 1 },
      faults: { p5xx: 0.15 },
    });
    const env = e;
    const readers = await e.seedReaders('UP-16', 100, 960_000);
    // Above the double's limit, so that 429s happen inside groups.
    await e.startWorkers(1, { sendRate: 200, paid: true });
    const d = await e.service.start({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): समूह में गलतियां' },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'test',
    });
    await e.waitForDone(d.id, 60_000);
    const got = perChat(env);
    const live = readers.filter((c) => c !== 960_003);
    expect(live.filter((c) => got.get(c) !== 1)).toEqual([]);
    expect(got.has(960_003)).toBe(false);
    expect(e.double.calls('sendMessage').filter((c) => c.status === 429).length).toBeGreaterThan(0);
    expect(e.double.stats().serverErrors).toBeGreaterThan(0);
    expect(await e.deliveries.get(d.id)).toMatchObject({ status: 'done', total: 100, sent: 99, blocked: 1 });
    // The dead chat answered 403 once: its group's re-runs did not try it again.
    const dead = e.double.calls('sendMessage').filter((c) => Number(c.params.chat_id) === 960_003);
    expect(dead.filter((c) => c.status === 403)).toHaveLength(1);
    expect(dead.at(-1)?.status).toBe(403);
  });
});
