import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import { createI18n } from '../../src/i18n/index.js';
import { type BriefingStore, createBriefingStore } from '../../src/store/briefings.js';
import { createSubscriberStore, type SubscriberStore } from '../../src/store/subscribers.js';
import { testCatalog } from '../helpers/fixtures.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { fictional, HOUR, ist } from './digest-env.js';

const i18n = createI18n('locales');
const catalog = testCatalog();
const AT = ist('2024-05-20', '07:00');

let env: TestRedis;
let store: BriefingStore;
let subscribers: SubscriberStore;
beforeEach(async () => {
  env = await createTestRedis('acdg');
  store = createBriefingStore({
    redis: env.redis,
    prefix: env.prefix,
    acPc: (ac) => catalog.acByCode(ac)?.pc,
  });
  subscribers = createSubscriberStore({ redis: env.redis, prefix: env.prefix, defaultDigest: '07:00' });
  // Made up for the test: one briefing for सिकंदराराऊ, one for सादाबाद, one for all of Hathras, one
  // state-wide, one for Ghazipur.
  for (const b of [
    fictional('t-ac80', { kind: 'pcs', pcs: [], acs: ['UP-A80'] }, AT - 1 * HOUR, 'AC80'),
    fictional('t-ac79', { kind: 'pcs', pcs: [], acs: ['UP-A79'] }, AT - 2 * HOUR, 'AC79'),
    fictional('t-pc16', { kind: 'pcs', pcs: ['UP-16'] }, AT - 3 * HOUR, 'PC16'),
    fictional('t-up', { kind: 'state', state: 'UP' }, AT - 4 * HOUR, 'UPS'),
    fictional('t-pc75', { kind: 'pcs', pcs: ['UP-75'] }, AT - 5 * HOUR, 'PC75'),
  ])
    await store.upsert(b);
});
afterEach(async () => {
  await env.cleanup();
});

const ids = (r: { briefings: { id: string }[] }) => r.briefings.map((b) => b.id);
const pageIds = (r: { items: { id: string }[] }) => r.items.map((b) => b.id);
const tokens = (text: string | undefined) =>
  [...(text ?? '').matchAll(/परीक्षण ब्रीफिंग (\w+) \(/g)].map((m) => m[1] as string);

/** The 07:00 Hindi digest of what `forReader` found for a reader. */
const hindiDigest = (r: Awaited<ReturnType<typeof store.forReader>>) =>
  composeDigest({
    briefings: r.briefings,
    reader: { lang: 'hi', pcs: r.pcs, acs: r.acs ?? [] },
    i18n,
    catalog,
    botUsername: 'chunav_test_bot',
    slot: '07:00',
    at: AT,
  });

describe('digests and /latest for assembly seats (real Redis)', () => {
  it('when a reader follows सिकंदराराऊ, then their digest has its briefings, its PC’s and its state’s, and not Sadabad’s', async () => {
    await subscribers.ensureChat(1, 'hi');
    await subscribers.subscribeAc(1, 'UP-A80', 20);
    const r = await store.forReader(1, AT - 24 * HOUR, 50);
    expect(r.acs).toEqual(['UP-A80']);
    expect(ids(r)).toEqual(['t-ac80', 't-pc16', 't-up']);
    // Grouped by the seat they follow: the AC's own, then the PC's briefing under their AC, then the state.
    const text = hindiDigest(r);
    expect(tokens(text)).toEqual(['AC80', 'PC16', 'UPS']);
    expect(text?.match(/📍 सिकंदराराऊ विधानसभा सीट/g)).toHaveLength(1);
    expect(text).toContain('📍 उत्तर प्रदेश: पूरे राज्य से');
    // Turned off: only the AC's own, and national ones.
    await subscribers.setPref(1, 'wide', false);
    expect(ids(await store.forReader(1, AT - 24 * HOUR, 50))).toEqual(['t-ac80']);
    expect(pageIds(await store.listNewestForPcs(['UP-A80'], { limit: 10, wide: false }))).toEqual(['t-ac80']);
  });

  it('when a PC reader asks for its ACs, then AC briefings join their digest under their PC; otherwise not', async () => {
    await subscribers.ensureChat(2, 'hi');
    await subscribers.subscribe(2, 'UP-16', 20);
    expect(ids(await store.forReader(2, AT - 24 * HOUR, 50))).toEqual(['t-pc16', 't-up']);
    await subscribers.setPref(2, 'pcAcs', true);
    const r = await store.forReader(2, AT - 24 * HOUR, 50);
    expect(ids(r)).toEqual(['t-ac80', 't-ac79', 't-pc16', 't-up']);
    const text = hindiDigest(r);
    expect(tokens(text)).toEqual(['AC80', 'AC79', 'PC16', 'UPS']);
    expect(text?.match(/📍 हाथरस/g)).toHaveLength(1);
    expect(pageIds(await store.listNewestForPcs(['UP-16'], { limit: 10, pcAcs: true }))).toEqual([
      't-ac80',
      't-ac79',
      't-pc16',
      't-up',
    ]);
  });
});
