import { afterEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/index.js';
import { createDigestRuns } from '../../src/digest/runs.js';
import { waitFor } from '../helpers/wait.js';
import { createDigestEnv, type DigestEnv, fictional, HOUR, ist, TZ } from './digest-env.js';

let e: DigestEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const DAY = '2024-05-20';

async function schedulers(digest: Digest) {
  const list = await digest.queue.getJobSchedulers(0, -1, true);
  return list
    .map((s) => ({ id: s.key, pattern: s.pattern, tz: s.tz }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('digest schedulers and catch-up (real Redis, BullMQ)', () => {
  it('when two workers start at the same moment, then exactly one job scheduler per slot exists, with its cron and zone', async () => {
    e = await createDigestEnv();
    const [a, b] = await Promise.all([e.startDigest(), e.startDigest()]);
    expect(await schedulers(a)).toEqual([
      { id: 'digest-0700', pattern: '0 7 * * *', tz: TZ },
      { id: 'digest-1300', pattern: '0 13 * * *', tz: TZ },
      { id: 'digest-1900', pattern: '0 19 * * *', tz: TZ },
    ]);
    // One process set them up; the other found them in place.
    const changes = [a.setup?.schedulers, b.setup?.schedulers];
    expect(changes.map((c) => c?.added.length).sort()).toEqual([0, 3]);
    expect(changes.map((c) => c?.kept.length).sort()).toEqual([0, 3]);
    // And exactly one waiting job per scheduler.
    const delayed = await a.queue.getDelayed();
    expect(delayed.map((j) => j.repeatJobKey).sort()).toEqual(['digest-0700', 'digest-1300', 'digest-1900']);
    // Each waits for its slot's next time in IST.
    for (const j of delayed) {
      const next = j.timestamp + (j.delay ?? 0);
      const hhmm = new Intl.DateTimeFormat('en-GB', {
        timeZone: TZ,
        hour: '2-digit',
        minute: '2-digit',
      }).format(next);
      expect(`digest-${hhmm.replace(':', '')}`).toBe(j.repeatJobKey);
    }
  });

  it('when a slot leaves the config, then its scheduler and its waiting job are removed; a new one is added', async () => {
    e = await createDigestEnv();
    const first = await e.startDigest();
    await first.close();
    const second = await e.startDigest({ slots: ['07:00', '19:00', '21:30'] });
    expect((await schedulers(second)).map((s) => s.id)).toEqual([
      'digest-0700',
      'digest-1900',
      'digest-2130',
    ]);
    expect(second.setup?.schedulers).toMatchObject({ removed: ['digest-1300'], added: ['digest-2130'] });
    const delayed = await second.queue.getDelayed();
    expect(delayed.map((j) => j.repeatJobKey).sort()).toEqual(['digest-0700', 'digest-1900', 'digest-2130']);
  });

  it('when DIGEST_TZ changes, then the schedulers are corrected to the new zone', async () => {
    e = await createDigestEnv();
    await (await e.startDigest({ tz: 'UTC' })).close();
    const again = await e.startDigest();
    expect((await schedulers(again)).every((s) => s.tz === TZ)).toBe(true);
    expect(again.setup?.schedulers.updated).toHaveLength(3);
  });

  it('when workers come back 90 minutes after a slot nobody ran, then that slot is caught up and its readers get their digest', async () => {
    e = await createDigestEnv();
    await e.briefings.upsert(fictional('t-h1', { kind: 'pcs', pcs: ['UP-16'] }, ist(DAY, '05:00'), 'H1'));
    await e.addReader(7001, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    // Workers ran two days earlier, then none ran until now.
    await e.ranBefore(ist('2024-05-18', '20:00'));
    e.clock.now = ist(DAY, '08:30');
    const digest = await e.startDigest();
    expect(digest.setup?.catchUp).toEqual([
      { slot: '07:00', date: DAY, at: ist(DAY, '07:00'), action: 'run' },
      // Yesterday's 13:00 and 19:00 are far past the window.
      { slot: '13:00', date: '2024-05-19', at: ist('2024-05-19', '13:00'), action: 'missed' },
      { slot: '19:00', date: '2024-05-19', at: ist('2024-05-19', '19:00'), action: 'missed' },
    ]);
    const got = await e.double.waitForMessages(7001, 1, 10_000);
    expect(got[0]?.text).toContain('परीक्षण ब्रीफिंग H1');
    expect(got[0]?.text).toContain('सुबह का सार · 20 मई');
    const [run] = await e.deliveries.recent(10);
    await e.waitForDone(run?.id as string);

    // Another worker starting a minute later finds the slot done and queues nothing: no second run, no
    // digest job waiting to run (the schedulers' own next jobs are delayed to their times).
    e.clock.now = ist(DAY, '08:31');
    const later = await e.startDigest();
    expect(later.setup?.catchUp?.[0]).toMatchObject({ slot: '07:00', action: 'done' });
    expect((await e.deliveries.recent(10)).map((d) => d.id)).toEqual([run?.id]);
    expect(await later.queue.getJobCounts('waiting', 'active', 'prioritized')).toEqual({
      waiting: 0,
      active: 0,
      prioritized: 0,
    });
    expect(e.double.messages(7001)).toHaveLength(1);
  });

  it('when workers come back later than DIGEST_CATCHUP, then the slot is skipped, marked and nothing is sent', async () => {
    e = await createDigestEnv();
    await e.briefings.upsert(fictional('t-h1', { kind: 'pcs', pcs: ['UP-16'] }, ist(DAY, '05:00'), 'H1'));
    await e.addReader(7002, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    await e.ranBefore(ist('2024-05-18', '20:00'));
    e.clock.now = ist(DAY, '07:00') + 2 * HOUR + 60_000;
    const digest = await e.startDigest();
    expect(digest.setup?.catchUp?.[0]).toEqual({
      slot: '07:00',
      date: DAY,
      at: ist(DAY, '07:00'),
      action: 'missed',
    });
    const runs = createDigestRuns({ redis: e.env.redis, prefix: e.env.prefix });
    expect(await runs.get(DAY, '07:00')).toEqual({ kind: 'missed' });
    // The slot's own job arriving that late (its scheduler fired while workers were away) sends nothing either.
    await digest.queue.add(
      'digest',
      { slot: '07:00', at: ist(DAY, '07:00') },
      { jobId: 'late-scheduler-job' },
    );
    // Completed jobs are removed at once: gone means done.
    await waitFor(async () => !(await digest.queue.getJob('late-scheduler-job')), {
      timeoutMs: 10_000,
      what: 'the late job to be processed',
    });
    // No delivery was made, so nothing can be sent later either.
    expect(await e.deliveries.recent(10)).toHaveLength(0);
    expect(e.double.messages()).toHaveLength(0);
  });

  it('when the program starts for the first time, then no slot counts as missed and none is caught up', async () => {
    e = await createDigestEnv();
    await e.addReader(7004, { lang: 'hi', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    e.clock.now = ist(DAY, '08:30');
    const digest = await e.startDigest();
    expect(digest.setup?.catchUp?.map((c) => c.action)).toEqual(['new', 'new', 'new']);
    // Marked, so that a restart a minute later does not take them for missed either.
    e.clock.now = ist(DAY, '08:31');
    const again = await e.startDigest();
    expect(again.setup?.catchUp?.map((c) => c.action)).toEqual(['done', 'done', 'done']);
    expect(await digest.queue.getJobCounts('waiting', 'prioritized')).toEqual({ waiting: 0, prioritized: 0 });
    expect(e.double.messages()).toHaveLength(0);
  });

  it('when the catch-up window is 3 hours, then a slot 2½ hours late is still sent', async () => {
    e = await createDigestEnv();
    await e.briefings.upsert(fictional('t-h1', { kind: 'pcs', pcs: ['UP-16'] }, ist(DAY, '05:00'), 'H1'));
    await e.addReader(7003, { lang: 'en', slot: '07:00', pcs: ['UP-16'] });
    await e.startWorkers();
    await e.ranBefore(ist('2024-05-18', '20:00'));
    e.clock.now = ist(DAY, '09:30');
    const digest = await e.startDigest({ catchUpMs: 3 * HOUR });
    expect(digest.setup?.catchUp?.[0]).toMatchObject({ slot: '07:00', action: 'run' });
    const got = await e.double.waitForMessages(7003, 1, 10_000);
    expect(got[0]?.text).toContain('Morning digest · 20 May');
  });
});
