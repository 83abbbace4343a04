import { createHash } from 'node:crypto';
import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Audience, Briefing } from '../../src/briefings/types.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { DeliveryQueues } from '../../src/delivery/queues.js';
import type { DeliveryService } from '../../src/delivery/service.js';
import { createDeliveryWorkers, type DeliveryWorkers } from '../../src/delivery/workers.js';
import { type Digest, type DigestDeps, startDigest } from '../../src/digest/index.js';
import { type RunSlotOutcome, runDigestSlot } from '../../src/digest/run-slot.js';
import { createDigestRuns } from '../../src/digest/runs.js';
import { slotInstant } from '../../src/digest/slots.js';
import { createI18n, type I18n, type Lang } from '../../src/i18n/index.js';
import type { BriefingStore } from '../../src/store/briefings.js';
import type { DeliveryStore } from '../../src/store/deliveries.js';
import type { SubscriberStore } from '../../src/store/subscribers.js';
import { syncContent } from '../../src/usecases/import-briefings.js';
import { testCore } from '../helpers/core.js';
import { standardContent } from '../helpers/fixtures.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

export const TOKEN = '123456:TEST-token-for-digest-tests';
export const BOT_USERNAME = 'chunav_test_bot';
export const TZ = 'Asia/Kolkata';
export const SLOTS = ['07:00', '13:00', '19:00'] as const;
export const HOUR = 3600_000;

/** An instant given as IST wall time: `ist('2024-05-20', '06:30')`. */
export function ist(date: string, hhmm: string): number {
  return slotInstant(date, hhmm, TZ);
}

/**
 * A made-up briefing for tests; its title, summary and body say it is fictional. `n` makes each text
 * unique so that tests can find it in a message.
 */
export function fictional(id: string, audience: Audience, publishedMs: number, n: string): Briefing {
  const title = `परीक्षण ब्रीफिंग ${n} (परीक्षण हेतु काल्पनिक)`;
  const summary = `सार ${n}: यह ब्रीफिंग परीक्षण हेतु काल्पनिक है।`;
  return {
    id,
    title,
    summary,
    audience,
    publishedAt: new Date(publishedMs).toISOString(),
    publishedMs,
    alsoRead: [],
    tags: ['परीक्षण'],
    body: 'यह खबर परीक्षण हेतु काल्पनिक है। (परीक्षण हेतु काल्पनिक)',
    contentHash: createHash('sha256').update(`${id}|${title}|${publishedMs}`).digest('hex'),
    revision: 1,
  };
}

export interface DigestEnv {
  env: TestRedis;
  double: BotApiDouble;
  catalog: Catalog;
  i18n: I18n;
  subscribers: SubscriberStore;
  briefings: BriefingStore;
  deliveries: DeliveryStore;
  queues: DeliveryQueues;
  service: DeliveryService;
  /** The injectable clock every digest component here reads. */
  clock: { now: number };
  /**
   * Delivery workers (fan-out and send) against the HTTP double, rendering digests by `clock`; `quietNow`
   * says whether it is quiet hours now (default: no).
   */
  startWorkers(opts?: { quietNow?: boolean }): Promise<DeliveryWorkers>;
  /** `startDigest` on this prefix, with the test clock and the given overrides. */
  startDigest(over?: Partial<DigestDeps>): Promise<Digest>;
  /** A digest worker that started at `at` (test clock) and stopped: the slots' schedulers exist. */
  ranBefore(at: number): Promise<void>;
  /** A reader: language, digest slot (or `off`) and PCs. */
  addReader(chatId: number, r: { lang: Lang; slot: string; pcs: string[] }): Promise<void>;
  /** What the slot's job does at its time on `date`, with `clock` as now. */
  runSlot(slot: string, date: string): Promise<RunSlotOutcome>;
  waitForDone(id: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `loadContent`: sync the standard test briefings (tests/helpers/fixtures.ts) into the store first. */
export async function createDigestEnv(opts: { loadContent?: boolean } = {}): Promise<DigestEnv> {
  const env = await createTestRedis('dg');
  const { redis, prefix } = env;
  const double = createBotApiDouble({ seed: 11 });
  const { apiRoot } = await double.listen(0);
  const content = standardContent();
  const catalog = content.catalog();
  const logger = pino({ level: 'silent' });
  const i18n = createI18n('locales');
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const core = testCore({
    redis,
    prefix,
    now,
    catalog,
    botUsername: BOT_USERNAME,
    env: { DIGEST_SLOTS: '07:00' },
  });
  const { subscribers, briefings, deliveries, queues, delivery: service, kinds } = core;
  if (opts.loadContent) await syncContent(content.briefingsDir, { store: briefings, catalog });
  const runs = createDigestRuns({ redis, prefix });
  const closers: Array<() => Promise<unknown>> = [];

  const self: DigestEnv = {
    env,
    double,
    catalog,
    i18n,
    subscribers,
    briefings,
    deliveries,
    queues,
    service,
    clock,
    async startWorkers(opts = {}) {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const workers = createDeliveryWorkers({
        connection,
        redis,
        keyPrefix: prefix,
        api: new Api(TOKEN, { apiRoot, timeoutSeconds: 10 }),
        catalog,
        deliveries,
        subscribers,
        kinds,
        queues,
        logger,
        sendRate: 1000,
        paidBroadcast: true,
        quietNow: () => opts.quietNow ?? false,
      });
      closers.push(async () => {
        await workers.close();
        connection.disconnect();
      });
      return workers;
    },
    async ranBefore(at) {
      // A worker that ran at `at` and stopped: the slots' job schedulers exist from then on.
      const was = clock.now;
      clock.now = at;
      const earlier = await self.startDigest();
      await earlier.close();
      clock.now = was;
    },
    async startDigest(over = {}) {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const digest = await startDigest({
        connection,
        redis,
        keyPrefix: prefix,
        slots: SLOTS,
        tz: TZ,
        catchUpMs: 2 * HOUR,
        delivery: service,
        deliveries,
        queues,
        logger,
        now,
        ...over,
      });
      closers.push(async () => {
        await digest.close();
        connection.disconnect();
      });
      return digest;
    },
    async addReader(chatId, r) {
      await subscribers.ensureChat(chatId, r.lang);
      await subscribers.setDigest(chatId, r.slot);
      for (const pc of r.pcs) await subscribers.subscribe(chatId, pc, 20);
    },
    runSlot(slot, date) {
      return runDigestSlot(
        {
          runs,
          delivery: service,
          deliveries,
          fanoutQueue: queues.fanout,
          tz: TZ,
          catchUpMs: 2 * HOUR,
          now,
          logger,
        },
        slot,
        ist(date, slot),
      );
    },
    async waitForDone(id, timeoutMs = 15_000) {
      await waitFor(async () => (await deliveries.get(id))?.status === 'done', {
        timeoutMs,
        intervalMs: 50,
        what: `delivery ${id} done`,
      }).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(await deliveries.get(id))}`);
      });
    },
    async close() {
      for (const c of closers.reverse()) await c().catch(() => undefined);
      await queues.close();
      await double.close();
      await env.cleanup();
    },
  };
  return self;
}
