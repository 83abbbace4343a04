import type { RecordedMessage } from '@chunav/bot-api-double';
import { afterEach, describe, expect, it } from 'vitest';
import { addGroupJobs } from '../../src/delivery/queues.js';
import { storeReads } from '../helpers/store-reads.js';
import { createDigestEnv, type DigestEnv, fictional, HOUR, ist } from './digest-env.js';

let e: DigestEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const DAY = '2024-05-20';
const NEXT = '2024-05-21';

/** A made-up day of briefings (all say they are fictional) across several seats, a state and the country. */
async function seedDay(env: DigestEnv): Promise<void> {
  const items = [
    fictional('t-hathras-evening', { kind: 'pcs', pcs: ['UP-16'] }, ist('2024-05-19', '20:00'), 'H1'),
    fictional('t-ghazipur-dawn', { kind: 'pcs', pcs: ['UP-75'] }, ist(DAY, '06:30'), 'G1'),
    fictional('t-bihar-morning', { kind: 'pcs', pcs: ['BR-1'] }, ist(DAY, '09:00'), 'B1'),
    fictional('t-up-statewide', { kind: 'state', state: 'UP' }, ist(DAY, '11:00'), 'S1'),
    fictional('t-national-afternoon', { kind: 'national' }, ist(DAY, '15:00'), 'N1'),
    // Older than a day before the first digest: never in one.
    fictional('t-hathras-old', { kind: 'pcs', pcs: ['UP-16'] }, ist('2024-05-18', '10:00'), 'H0'),
    // Nobody here follows Nandurbar.
    fictional('t-nandurbar', { kind: 'pcs', pcs: ['MH-1'] }, ist(DAY, '10:00'), 'M1'),
  ];
  for (const b of items) await env.briefings.upsert(b);
}

/** The tokens (H1, G1…) of the briefings a digest holds, in order. */
function tokens(text: string | undefined): string[] {
  return [...(text ?? '').matchAll(/परीक्षण ब्रीफिंग (\w+) \(/g)].map((m) => m[1] as string);
}

async function runAndWait(env: DigestEnv, slot: string, date: string): Promise<string> {
  env.clock.now = ist(date, slot) + 5_000;
  const r = await env.runSlot(slot, date);
  if (r.kind !== 'started' && r.kind !== 'exists') throw new Error(`slot ${slot} ${date}: ${r.kind}`);
  await env.waitForDone(r.deliveryId);
  return r.deliveryId;
}

function only(env: DigestEnv, chatId: number): RecordedMessage[] {
  return env.double.messages(chatId);
}

describe('digest runs (real Redis, HTTP Bot API double, injectable clock)', () => {
  it('when each slot of a day runs, then each reader gets one digest with the new briefings for their seats, grouped, newest first, in their language', async () => {
    e = await createDigestEnv();
    await seedDay(e);
    await e.addReader(1001, { lang: 'hi', slot: '07:00', pcs: ['UP-16', 'UP-75'] });
    await e.addReader(1002, { lang: 'en', slot: '07:00', pcs: ['BR-1'] });
    await e.addReader(1003, { lang: 'en', slot: '13:00', pcs: ['UP-16'] });
    await e.addReader(1004, { lang: 'hi', slot: '19:00', pcs: ['BR-1', 'UP-16'] });
    await e.addReader(1005, { lang: 'hi', slot: 'off', pcs: ['UP-16'] });
    await e.startWorkers();

    const morning = await runAndWait(e, '07:00', DAY);
    // 1001: Ghazipur (06:30) then Hathras (last evening); nothing published after 07:00, nothing older than a day.
    const m1 = only(e, 1001);
    expect(m1).toHaveLength(1);
    expect(tokens(m1[0]?.text)).toEqual(['G1', 'H1']);
    expect(m1[0]?.text).toContain('🗞 सुबह का सार · 20 मई');
    expect(m1[0]?.text).toMatch(/📍 गाजीपुर[\s\S]*📍 हाथरस/);
    expect(m1[0]?.text).toContain('href="https://t.me/chunav_test_bot?start=b_t-ghazipur-dawn"');
    expect(m1[0]?.text).toContain('सार G1: यह ब्रीफिंग परीक्षण हेतु काल्पनिक है।');
    expect(m1[0]?.text).not.toContain('और पढ़ें');
    // 1002 follows Bihar only: nothing new by 07:00, so no message at all.
    expect(only(e, 1002)).toHaveLength(0);
    expect(await e.deliveries.get(morning)).toMatchObject({ total: 2, sent: 1, skipped: 1, failed: 0 });
    expect(await e.deliveries.reasons(morning)).toEqual([{ reason: 'empty digest', count: 1 }]);

    await runAndWait(e, '13:00', DAY);
    // 1003 (English): the statewide UP briefing (11:00) and Hathras; not Bihar, not Nandurbar.
    const m3 = only(e, 1003);
    expect(m3).toHaveLength(1);
    expect(tokens(m3[0]?.text)).toEqual(['S1', 'H1']);
    expect(m3[0]?.text).toContain('🗞 Afternoon digest · 20 May');
    expect(m3[0]?.text).toMatch(/📍 Uttar Pradesh: statewide[\s\S]*📍 Hathras/);

    await runAndWait(e, '19:00', DAY);
    const m4 = only(e, 1004);
    expect(m4).toHaveLength(1);
    expect(tokens(m4[0]?.text)).toEqual(['N1', 'S1', 'B1', 'H1']);
    expect(m4[0]?.text).toMatch(
      /📍 देश भर से[\s\S]*📍 उत्तर प्रदेश: पूरे राज्य से[\s\S]*📍 वाल्मीकि नगर[\s\S]*📍 हाथरस/,
    );

    // Digests off: never a message. And nobody got a second message all day.
    expect(only(e, 1005)).toHaveLength(0);
    expect(e.double.messages()).toHaveLength(3);
    expect(e.double.messages().every((m) => m.parse_mode === 'HTML' && !m.disable_notification)).toBe(true);
  });

  it('when the next day comes, then a digest starts where the last one ended', async () => {
    e = await createDigestEnv();
    await seedDay(e);
    await e.addReader(2001, { lang: 'hi', slot: '07:00', pcs: ['UP-16', 'UP-75'] });
    await e.startWorkers();
    await runAndWait(e, '07:00', DAY);
    expect(await storeReads(e.env).lastDigest(2001)).toBe(ist(DAY, '07:00') + 5_000);
    await runAndWait(e, '07:00', NEXT);
    const got = only(e, 2001);
    expect(got).toHaveLength(2);
    // The second holds only what came after the first: the UP statewide and the national briefing.
    expect(tokens(got[1]?.text)).toEqual(['N1', 'S1']);
    expect(got[1]?.text).toContain('सुबह का सार · 21 मई');
  });

  it('when a slot runs again the same day (a re-run, a retried job, a second scheduler), then nothing is sent twice', async () => {
    e = await createDigestEnv();
    await seedDay(e);
    await e.addReader(3001, { lang: 'en', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    const first = await runAndWait(e, '07:00', DAY);
    expect(only(e, 3001)).toHaveLength(1);

    // The same slot fires again later that morning: it finds the day's run.
    e.clock.now = ist(DAY, '07:40');
    const again = await e.runSlot('07:00', DAY);
    expect(again).toEqual({ kind: 'exists', date: DAY, deliveryId: first });

    // Even a second run delivery for that slot and day (the index lost) sends nothing to who has it.
    const second = await e.service.start({
      content: { kind: 'digest', slot: '07:00', date: DAY },
      target: { kind: 'slot', slot: '07:00' },
      createdBy: 'test',
    });
    // Done means every send job of the second run has finished: what the double holds is final.
    await e.waitForDone(second.id);
    expect(only(e, 3001)).toHaveLength(1);
    expect(await e.deliveries.reasons(second.id)).toEqual([{ reason: 'already received', count: 1 }]);
  });

  it('when a reader changed slot after the run listed them, then that run skips them', async () => {
    e = await createDigestEnv();
    await seedDay(e);
    await e.addReader(4001, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    // The run's fan-out lists the reader (as processFanout does, by hand so that it stops there)…
    const d = await e.deliveries.create({
      content: { kind: 'digest', slot: '07:00', date: DAY },
      target: { kind: 'slot', slot: '07:00' },
      createdBy: 'test',
    });
    const { group } = await e.deliveries.markPending(d.id, [4001]);
    expect(group).toBe(0);
    await e.deliveries.fanoutFinished(d.id);
    await addGroupJobs(e.queues.send, d.id, [group as number]);
    // …then the reader moves to 19:00 before the send runs.
    await e.subscribers.setDigest(4001, '19:00');
    e.clock.now = ist(DAY, '07:00') + 1000;
    await e.startWorkers();
    await e.waitForDone(d.id);
    expect(only(e, 4001)).toHaveLength(0);
    expect(await e.deliveries.reasons(d.id)).toEqual([{ reason: 'slot changed', count: 1 }]);
  });

  it('when a run is found hours too late, then it is skipped and marked, and never sent later', async () => {
    e = await createDigestEnv();
    await seedDay(e);
    await e.addReader(5001, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    e.clock.now = ist(DAY, '07:00') + 3 * HOUR;
    const late = await e.runSlot('07:00', DAY);
    expect(late).toMatchObject({ kind: 'missed', date: DAY });
    // Even if the clock were wrong later on, the day's slot stays skipped.
    e.clock.now = ist(DAY, '07:01');
    expect(await e.runSlot('07:00', DAY)).toMatchObject({ kind: 'missed' });
    // No delivery and no job was made, so nothing can be sent later either.
    expect(await e.deliveries.recent(10)).toEqual([]);
    expect(await e.queues.fanout.count()).toBe(0);
    expect(await e.queues.send.count()).toBe(0);
    expect(e.double.messages()).toHaveLength(0);
  });
});
