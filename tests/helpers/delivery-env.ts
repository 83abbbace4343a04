import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Core } from '../../src/core.js';
import type { DeliveryQueues } from '../../src/delivery/queues.js';
import type { DeliveryService } from '../../src/delivery/service.js';
import { createDeliveryWorkers, type DeliveryWorkers } from '../../src/delivery/workers.js';
import type { DeliveryStore } from '../../src/store/deliveries.js';
import type { SubscriberStore } from '../../src/store/subscribers.js';
import { syncContent } from '../../src/usecases/import-briefings.js';
import { testCore } from './core.js';
import { standardContent, TEST_BRIEFINGS } from './fixtures.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from './redis.js';
import { seedReaders } from './seed.js';
import { waitFor } from './wait.js';

export const TOKEN = '123456:TEST-token-for-delivery-tests';
/** The standard test content's हाथरस briefing (tests/helpers/fixtures.ts). */
export const HATHRAS_ID = TEST_BRIEFINGS.hathras.id;

export interface DeliveryEnv {
  env: TestRedis;
  double: BotApiDouble;
  apiRoot: string;
  subscribers: SubscriberStore;
  deliveries: DeliveryStore;
  queues: DeliveryQueues;
  service: DeliveryService;
  /** The program's core on this env's Redis (stores, kinds, use case deps). */
  core: Core;
  /** Starts `n` in-process worker sets (each its own BullMQ workers and connection). */
  startWorkers(
    n?: number,
    opts?: { sendRate?: number; paid?: boolean; deliveries?: DeliveryStore },
  ): Promise<DeliveryWorkers[]>;
  /** Seeds `count` active readers following `pc`, chat ids from `firstId`. */
  seedReaders(pc: string, count: number, firstId: number): Promise<number[]>;
  waitForDone(id: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createDeliveryEnv(
  doubleSettings: Parameters<typeof createBotApiDouble>[0] = {},
): Promise<DeliveryEnv> {
  const env = await createTestRedis('dlv');
  const { redis, prefix } = env;
  const double = createBotApiDouble({ seed: 7, ...doubleSettings });
  const { apiRoot } = await double.listen(0);
  // The tests' own slice and briefings; programs a test starts get the same as CONTENT_DIR.
  const content = standardContent();
  const catalog = content.catalog();
  const logger = pino({ level: 'silent' });
  const core = testCore({ redis, prefix, catalog });
  const { subscribers, briefings, deliveries, queues, delivery: service, kinds } = core;
  await syncContent(content.briefingsDir, { store: briefings, catalog });
  const running: Array<{ workers: DeliveryWorkers; connection: Redis }> = [];

  return {
    env,
    double,
    apiRoot,
    subscribers,
    deliveries,
    queues,
    service,
    core,
    async startWorkers(n = 1, opts = {}) {
      const out: DeliveryWorkers[] = [];
      for (let i = 0; i < n; i++) {
        const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
        const api = new Api(TOKEN, { apiRoot, timeoutSeconds: 10 });
        const workers = createDeliveryWorkers({
          connection,
          redis,
          keyPrefix: prefix,
          api,
          catalog,
          deliveries: opts.deliveries ?? deliveries,
          subscribers,
          kinds,
          queues,
          logger,
          sendRate: opts.sendRate ?? 25,
          paidBroadcast: opts.paid ?? false,
          quietNow: () => false,
        });
        running.push({ workers, connection });
        out.push(workers);
      }
      return out;
    },
    async seedReaders(pc, count, firstId) {
      const ids = Array.from({ length: count }, (_, i) => firstId + i);
      await seedReaders(redis, prefix, pc, ids, { quiet: true });
      return ids;
    },
    async waitForDone(id, timeoutMs = 20_000) {
      await waitFor(async () => (await deliveries.get(id))?.status === 'done', {
        timeoutMs,
        intervalMs: 50,
        what: `delivery ${id} done`,
      }).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(await deliveries.get(id))}`);
      });
    },
    async close() {
      for (const r of running) {
        await r.workers.close();
        r.connection.disconnect();
      }
      await queues.close();
      await double.close();
      await env.cleanup();
    },
  };
}

/** Chat id → how many messages the double recorded for it. */
export function messagesPerChat(env: DeliveryEnv): Map<number, number> {
  const m = new Map<number, number>();
  for (const msg of env.double.messages()) m.set(msg.chat_id, (m.get(msg.chat_id) ?? 0) + 1);
  return m;
}
