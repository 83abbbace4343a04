import { afterEach, describe, expect, it } from 'vitest';
import { fanoutJobId } from '../../src/delivery/queues.js';
import { publishBriefing, UseCaseError, withdrawBriefing } from '../../src/usecases/deliveries.js';
import { createDeliveryEnv, type DeliveryEnv, HATHRAS_ID } from '../helpers/delivery-env.js';
import { holdsFor, waitFor } from '../helpers/wait.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const editor = { id: '900001' };

describe('withdrawing a briefing (use case, real Redis, HTTP Bot API double)', () => {
  it('when a sent briefing is withdrawn with its copies, then it is gone from reading and every copy is deleted once', async () => {
    e = await createDeliveryEnv();
    const readers = await e.seedReaders('UP-16', 30, 300_000);
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    const plan = await publishBriefing(e.core, { briefingId: HATHRAS_ID, by: editor });
    await e.waitForDone(plan.delivery?.id as string);
    const sent = e.double.messages();
    expect(sent).toHaveLength(readers.length);

    const w = await withdrawBriefing(e.core, { briefingId: HATHRAS_ID, by: editor, deleteCopies: true });
    expect(w.copies).toBe(readers.length);
    // Gone for readers at once: by id (deep links) and from the PC's newest list (/latest, digests).
    expect(await e.core.briefings.get(HATHRAS_ID)).toBeUndefined();
    const latest = await e.core.briefings.listNewestForPcs(['UP-16'], { limit: 50 });
    expect(latest.items.map((b) => b.id)).not.toContain(HATHRAS_ID);

    await e.waitForDone(w.deletion?.id as string);
    const deletes = e.double.calls('deleteMessage').filter((c) => c.status === 200);
    expect(deletes.map((c) => `${c.params.chat_id}:${c.params.message_id}`).sort()).toEqual(
      sent.map((m) => `${m.chat_id}:${m.message_id}`).sort(),
    );
    expect(await e.deliveries.get(w.deletion?.id as string)).toMatchObject({
      status: 'done',
      sent: readers.length,
      failed: 0,
    });
    const audit = await e.core.audit.recent(5);
    expect(audit[0]).toMatchObject({ who: editor.id, action: 'withdraw' });

    // A second withdrawal finds nothing to withdraw, and publishing it again is refused.
    await expect(
      withdrawBriefing(e.core, { briefingId: HATHRAS_ID, by: editor, deleteCopies: false }),
    ).rejects.toBeInstanceOf(UseCaseError);
    await expect(publishBriefing(e.core, { briefingId: HATHRAS_ID, by: editor })).rejects.toBeInstanceOf(
      UseCaseError,
    );
  });

  it('when a briefing is withdrawn while its publication is sending, then copies sent after the cancel are deleted too', async () => {
    // Every call takes 300 ms at the double: when the publication is cancelled, sends are in flight and
    // their records land after the withdrawal.
    e = await createDeliveryEnv({ latencyMs: 300 });
    const env = e;
    await e.seedReaders('UP-16', 60, 320_000);
    await e.startWorkers(1, { sendRate: 50, paid: true });
    const plan = await publishBriefing(e.core, { briefingId: HATHRAS_ID, by: editor });
    await e.double.waitForMessages(undefined, 5, 10_000);

    const w = await withdrawBriefing(e.core, { briefingId: HATHRAS_ID, by: editor, deleteCopies: true });
    expect(w.cancelled).toEqual([plan.delivery?.id]);
    await e.waitForDone(w.deletion?.id as string, 30_000);
    // Nothing can send any more: every message that reached a reader has been deleted.
    await waitFor(
      async () => {
        const counts = await env.queues.send.getJobCounts('waiting', 'active', 'delayed');
        return Object.values(counts).every((n) => n === 0);
      },
      { timeoutMs: 10_000, what: 'no send job left' },
    );
    const sent = e.double.messages();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((m) => m.deleted_time === undefined).map((m) => m.chat_id)).toEqual([]);
    expect(await e.deliveries.get(w.deletion?.id as string)).toMatchObject({ sent: sent.length, failed: 0 });
  });

  it('when a scheduled publication is withdrawn, then the delivery is cancelled and nothing reaches readers', async () => {
    e = await createDeliveryEnv();
    await e.seedReaders('UP-16', 5, 310_000);
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    // Far enough ahead that a stalled machine cannot reach it before the withdrawal.
    const at = Date.now() + 5000;
    const plan = await publishBriefing(e.core, { briefingId: HATHRAS_ID, by: editor, at });
    expect(plan.delivery?.status).toBe('scheduled');
    const id = plan.delivery?.id as string;
    expect(await e.queues.fanout.getJob(fanoutJobId(id))).toBeDefined();
    const w = await withdrawBriefing(e.core, { briefingId: HATHRAS_ID, by: editor, deleteCopies: true });
    expect(w.cancelled).toEqual([id]);
    expect(w.copies).toBe(0);
    // A cancelled publication might still have had sends in flight: the deletion runs after it anyway,
    // and here finds nothing to delete.
    if (!w.deletion) throw new Error('expected a deletion after the cancelled publication');
    await e.waitForDone(w.deletion.id);
    expect(await e.deliveries.get(w.deletion.id)).toMatchObject({ status: 'done', total: 0 });
    expect(e.double.calls('deleteMessage')).toHaveLength(0);
    expect((await e.deliveries.get(id))?.status).toBe('cancelled');
    // The delayed fan-out is gone, so nothing is left to run when it was due; and until just past that
    // time no message arrives (a slow machine can hide a send here, never invent one).
    expect(await e.queues.fanout.getJob(fanoutJobId(id))).toBeUndefined();
    const env = e;
    await holdsFor(() => env.double.messages().length === 0, {
      forMs: Math.max(0, at + 500 - Date.now()),
      what: 'no message from the withdrawn scheduled publication',
    });
    expect((await e.deliveries.get(id))?.status).toBe('cancelled');
  });
});
