import { afterEach, describe, expect, it } from 'vitest';
import { dateInTz } from '../../src/digest/slots.js';
import { HATHRAS_ID } from '../helpers/delivery-env.js';
import { TEST_BRIEFINGS } from '../helpers/fixtures.js';
import { storeReads } from '../helpers/store-reads.js';
import { waitFor } from '../helpers/wait.js';
import { createDigestEnv, type DigestEnv, fictional, ist, TZ } from './digest-env.js';

let e: DigestEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const READER = 8001;
/** The standard test content's हाथरस briefing, synced by `loadContent`. */
const hathras = TEST_BRIEFINGS.hathras;

describe('digest end to end (startDigest, job scheduler, delivery workers, HTTP Bot API double)', () => {
  it('when the 07:00 slot runs, then a reader of हाथरस at 07:00 receives one digest holding the Hathras briefing', async () => {
    e = await createDigestEnv({ loadContent: true });
    // The reader follows Hathras, takes the 07:00 digest, and last had one before the briefing came out.
    await e.addReader(READER, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await storeReads(e.env).setLastDigest(READER, ist('2024-05-01', '07:00'));
    // A reader of another slot gets nothing at 07:00.
    await e.addReader(READER + 1, { lang: 'hi', slot: '19:00', pcs: ['UP-16'] });
    await e.startWorkers();
    // Workers start for the first time at 06:00 today: nothing could have been missed, nothing is caught up.
    e.clock.now = ist(dateInTz(Date.now(), TZ), '06:00');
    const digest = await e.startDigest();
    expect(digest.setup?.catchUp.map((c) => c.action)).toEqual(['new', 'new', 'new']);

    // The 07:00 scheduler's own job, waiting for its next time: bring its time forward and let it run.
    const job = (await digest.queue.getDelayed()).find((j) => j.repeatJobKey === 'digest-0700');
    if (!job) throw new Error('no job waiting in the 07:00 scheduler');
    const at = job.timestamp + (job.delay ?? 0);
    e.clock.now = at + 2_000;
    await job.promote();

    const got = await e.double.waitForMessages(READER, 1, 15_000);
    // The slot's run is one delivery; once it is done, every message it will ever send has been sent.
    const env = e;
    await waitFor(
      async () =>
        (await env.deliveries.recent(10)).find((d) => d.content.kind === 'digest' && d.status === 'done'),
      { timeoutMs: 15_000, what: "the 07:00 run's delivery to finish" },
    );
    expect(e.double.messages(READER)).toHaveLength(1);
    expect(e.double.messages(READER + 1)).toHaveLength(0);
    const text = got[0]?.text ?? '';
    expect(text).toContain('🗞 सुबह का सार');
    expect(text).toContain('🗞 सुबह का सार · ');
    expect(text).not.toContain('IST');
    expect(text).toContain('📍 हाथरस');
    expect(text).toContain(
      `• <b><a href="https://t.me/chunav_test_bot?start=b_${HATHRAS_ID}">${hathras.title}</a></b>\n${hathras.summary}`,
    );
    // Ghazipur's briefing is for a seat this reader does not follow.
    expect(text).not.toContain(`start=b_${TEST_BRIEFINGS.ghazipur.id}`);
    expect(text).not.toContain(TEST_BRIEFINGS.ghazipur.title);
    // The reader's next digest starts from this one.
    expect(await storeReads(e.env).lastDigest(READER)).toBe(at + 2_000);
    // The run is one delivery to the slot, recorded once for the day.
    const runs = (await e.deliveries.recent(10)).filter((d) => d.content.kind === 'digest');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ target: { kind: 'slot', slot: '07:00' }, sent: 1, total: 1 });
  });

  it('when it is quiet hours, then a breaking briefing arrives silently for readers who keep them, with sound for others, and a digest is never silent', async () => {
    e = await createDigestEnv();
    const b = fictional('t-night', { kind: 'pcs', pcs: ['UP-16'] }, ist('2024-05-20', '23:00'), 'Q1');
    await e.briefings.upsert(b);
    await e.addReader(8101, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.addReader(8102, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.subscribers.setQuiet(8102, false);
    await e.startWorkers({ quietNow: true });
    const d = await e.service.start({
      content: { kind: 'briefing', briefingId: b.id },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'test',
    });
    await e.waitForDone(d.id);
    expect(e.double.messages(8101)[0]?.disable_notification).toBe(true);
    expect(e.double.messages(8102)[0]?.disable_notification).toBeFalsy();

    e.clock.now = ist('2024-05-21', '07:00') + 1000;
    const r = await e.runSlot('07:00', '2024-05-21');
    if (r.kind !== 'started') throw new Error(r.kind);
    await e.waitForDone(r.deliveryId);
    const digests = e.double.messages().filter((m) => m.text?.includes('सुबह का सार'));
    expect(digests).toHaveLength(2);
    expect(digests.every((m) => !m.disable_notification)).toBe(true);
  });
});
