import { afterEach, describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/briefings/parse.js';
import type { Briefing } from '../../src/briefings/types.js';
import { createKeys } from '../../src/store/keys.js';
import { publishBriefing } from '../../src/usecases/deliveries.js';
import { createDeliveryEnv, type DeliveryEnv, HATHRAS_ID } from '../helpers/delivery-env.js';
import { briefingText } from '../helpers/fixtures.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const SIKANDRA_RAO = 'UP-A80';
const SADABAD = 'UP-A79';

/** A made-up briefing for the AC सिकंदराराऊ only, stored in the env's briefing store. */
async function storeAcBriefing(env: DeliveryEnv): Promise<Briefing> {
  const parsed = parseBriefing(
    briefingText({
      id: 'test-sikandra-rao-sabha',
      title: 'सिकंदराराऊ: विधानसभा सीट की काल्पनिक सभा (परीक्षण)',
      summary: 'परीक्षण ब्रीफिंग का सार: सिकंदराराऊ की यह सभा काल्पनिक है।',
      acs: [SIKANDRA_RAO],
      tags: ['परीक्षण'],
    }),
    { file: 'test-sikandra-rao-sabha.md', catalog: env.core.catalog },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  await env.core.briefings.upsert(parsed.briefing);
  return parsed.briefing;
}

/** Chat id → messages it received. */
function perChat(env: DeliveryEnv): Map<number, number> {
  const m = new Map<number, number>();
  for (const msg of env.double.messages()) m.set(msg.chat_id, (m.get(msg.chat_id) ?? 0) + 1);
  return m;
}

describe('assembly seats (ACs) through the delivery engine (real Redis, HTTP Bot API double)', () => {
  it('when a briefing is published to सिकंदराराऊ and then to all of Hathras, then each reader gets what their seats and choices say, once', async () => {
    e = await createDeliveryEnv();
    const s = e.subscribers;
    const reader = {
      sikandraRao: 300_001,
      sadabad: 300_002,
      /** Follows the AC and its PC: one copy of each briefing. */
      acAndPc: 300_003,
      /** Follows Hathras PC and asked for the briefings of its ACs. */
      pcWithAcs: 300_004,
      /** Follows Hathras PC with the default (no AC briefings). */
      pcOnly: 300_005,
      /** Follows सिकंदराराऊ and turned off the briefings of its PC and state. */
      acNarrow: 300_006,
      /** Follows two ACs of Hathras: one copy of the PC's briefing. */
      twoAcs: 300_007,
    };
    for (const id of Object.values(reader)) await s.ensureChat(id, 'hi');
    expect(await s.subscribeAc(reader.sikandraRao, SIKANDRA_RAO, 20)).toBe('added');
    expect(await s.subscribeAc(reader.sadabad, SADABAD, 20)).toBe('added');
    expect(await s.subscribeAc(reader.acAndPc, SIKANDRA_RAO, 20)).toBe('added');
    expect(await s.subscribe(reader.acAndPc, 'UP-16', 20)).toBe('added');
    expect(await s.subscribe(reader.pcWithAcs, 'UP-16', 20)).toBe('added');
    expect(await s.setPref(reader.pcWithAcs, 'pcAcs', true)).toBe(true);
    expect(await s.subscribe(reader.pcOnly, 'UP-16', 20)).toBe('added');
    expect(await s.subscribeAc(reader.acNarrow, SIKANDRA_RAO, 20)).toBe('added');
    expect(await s.setPref(reader.acNarrow, 'wide', false)).toBe(true);
    expect(await s.subscribeAc(reader.twoAcs, SIKANDRA_RAO, 20)).toBe('added');
    expect(await s.subscribeAc(reader.twoAcs, SADABAD, 20)).toBe('added');
    await e.startWorkers(1, { sendRate: 1000, paid: true });

    // An editor (here the CLI's use case) publishes to the AC.
    const ac = await storeAcBriefing(e);
    const first = await publishBriefing(e.core, { briefingId: ac.id, by: { id: 'cli' } });
    expect(first.target).toEqual({ kind: 'pcs', pcs: [], acs: [SIKANDRA_RAO] });
    const forAc = [reader.sikandraRao, reader.acAndPc, reader.pcWithAcs, reader.acNarrow, reader.twoAcs];
    expect(first.audience).toBe(forAc.length);
    await e.waitForDone(first.delivery?.id ?? '');
    let got = perChat(e);
    expect([...got.keys()].sort()).toEqual([...forAc].sort());
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(got.has(reader.sadabad)).toBe(false);
    expect(e.double.messages(reader.sikandraRao)[0]?.text).toContain('विधानसभा सीट: सिकंदराराऊ');
    expect((await e.deliveries.get(first.delivery?.id ?? ''))?.total).toBe(forAc.length);

    // Then a briefing for the whole Hathras PC: every reader of it and of its ACs who keeps the wider
    // briefings, once each.
    const before = e.double.messages().length;
    const second = await publishBriefing(e.core, { briefingId: HATHRAS_ID, by: { id: 'cli' } });
    const forPc = [
      reader.sikandraRao,
      reader.sadabad,
      reader.acAndPc,
      reader.pcWithAcs,
      reader.pcOnly,
      reader.twoAcs,
    ];
    expect(second.audience).toBe(forPc.length);
    await e.waitForDone(second.delivery?.id ?? '');
    expect((await e.deliveries.get(second.delivery?.id ?? ''))?.total).toBe(forPc.length);
    got = new Map();
    for (const msg of e.double.messages().slice(before))
      got.set(msg.chat_id, (got.get(msg.chat_id) ?? 0) + 1);
    expect([...got.keys()].sort()).toEqual([...forPc].sort());
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(got.has(reader.acNarrow)).toBe(false);
  });

  it('when a state briefing goes out, then AC readers who keep the wider briefings get it once and the audience scan never yields a reader twice', async () => {
    e = await createDeliveryEnv();
    const s = e.subscribers;
    await s.ensureChat(400_001, 'hi');
    await s.subscribeAc(400_001, SIKANDRA_RAO, 20);
    await s.subscribe(400_001, 'UP-16', 20);
    await s.subscribe(400_001, 'UP-75', 20);
    await s.ensureChat(400_002, 'en');
    await s.subscribeAc(400_002, SADABAD, 20);
    await s.setPref(400_002, 'wide', false);
    const readers = await e.seedReaders('UP-17', 30, 410_000);
    const target = { kind: 'state', state: 'UP' } as const;
    const { audienceSources } = await import('../../src/delivery/fanout.js');
    const sets = audienceSources(target, e.core.catalog).flatMap((x) => (x.type === 'set' ? [x.set] : []));
    const seen: number[] = [];
    for (let i = 0; i < sets.length; i++) {
      let cursor = '0';
      do {
        const [next, ids] = await s.scanSource(sets, i, cursor, 7);
        seen.push(...ids);
        cursor = next;
      } while (cursor !== '0');
    }
    expect(seen.sort()).toEqual([400_001, ...readers].sort());
    expect(await e.service.countAudience(target)).toBe(1 + readers.length);
    // Forgetting a reader drops their preferences with everything else.
    const k = createKeys(e.env.prefix);
    expect(await e.env.redis.sismember(k.chatsNarrow, '400002')).toBe(1);
    expect(await s.forget(400_002)).toBe(1);
    expect(await e.env.redis.sismember(k.chatsNarrow, '400002')).toBe(0);
    expect(await e.env.redis.exists(k.chatAcs(400_002), k.acChats(SADABAD))).toBe(0);
    expect(await e.env.redis.zscore(k.acCounts, SADABAD)).toBeNull();
  });

  it('when records were written before assembly seats existed, then they keep working: old chats, targets and briefings', async () => {
    e = await createDeliveryEnv();
    const k = createKeys(e.env.prefix);
    // A chat exactly as the earlier version wrote it: no preference fields, no AC set.
    const readers = await e.seedReaders('UP-16', 5, 500_000);
    expect(await e.subscribers.getPrefs(500_000)).toEqual({ wide: true, pcAcs: false });
    expect(await e.subscribers.describe(500_001)).toMatchObject({
      pcs: ['UP-16'],
      acs: [],
      chat: { prefs: { wide: true, pcAcs: false } },
    });
    // A delivery created by the earlier version (target without `acs`) and checkpointed at its one PC:
    // it resumes at the same source.
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    const d = await e.service.start({
      content: { kind: 'briefing', briefingId: HATHRAS_ID },
      target: JSON.parse('{"kind":"pcs","pcs":["UP-16"]}'),
      createdBy: 'test',
    });
    await e.waitForDone(d.id);
    expect(new Set(e.double.messages().map((m) => m.chat_id))).toEqual(new Set(readers));
    // The stored briefing JSON without `acs` reads as a PC briefing.
    const stored = JSON.parse((await e.env.redis.hget(k.briefing(HATHRAS_ID), 'json')) ?? '{}');
    expect(stored.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    // Forgetting an old chat (no AC set) removes it from its PC as before.
    expect(await e.subscribers.forget(500_002)).toBe(1);
    expect(await e.env.redis.sismember(k.pcChats('UP-16'), '500002')).toBe(0);
    expect(await e.env.redis.zscore(k.pcCounts, 'UP-16')).toBe('4');
  });
});
