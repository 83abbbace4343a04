import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSample as sample } from '../helpers/metrics.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { eventually, get, startTestApp, startTextDelivery, type TestApp, TOKEN } from './http-env.js';

let env: TestRedis;
let double: BotApiDouble;
let app: TestApp;

beforeAll(async () => {
  env = await createTestRedis('metrics');
  double = createBotApiDouble({ token: TOKEN });
  const { apiRoot } = await double.listen(0);
  app = await startTestApp('all', {
    REDIS_URL: TEST_REDIS_URL,
    TELEGRAM_API_ROOT: apiRoot,
    KEY_PREFIX: env.prefix,
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await double?.close();
  await env?.cleanup();
});

async function scrape(): Promise<string> {
  const r = await get(`${app.base}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/plain');
  return r.body;
}

describe('/metrics', () => {
  it('when scraped, then it is Prometheus text with every chunav metric and the process defaults', async () => {
    const text = await scrape();
    for (const name of [
      'chunav_updates_total',
      'chunav_sends_total',
      'chunav_rate_limit_pauses_total',
      'chunav_queue_jobs',
      'chunav_subscribers',
      'chunav_digest_runs_total',
      'chunav_scrape_collector_ok',
      'chunav_process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    for (const queue of ['fanout', 'send', 'digest-scheduler'])
      expect(sample(text, 'chunav_queue_jobs', { queue, state: 'waiting', role: 'all' })).toBeTypeOf(
        'number',
      );
    expect(sample(text, 'chunav_scrape_collector_ok', { collector: 'subscribers' })).toBe(1);
  });

  it('when a reader writes and a delivery goes out through the workers, then updates, sends and subscribers move', async () => {
    const before = await scrape();
    const sentBefore = sample(before, 'chunav_sends_total', { outcome: 'sent' }) ?? Number.NaN;
    const messagesBefore = sample(before, 'chunav_updates_total', { kind: 'message' }) ?? Number.NaN;
    expect(sentBefore).toBe(0);

    double.pushUpdate({ type: 'message', chat_id: 720_001, text: '/start' });
    await double.waitForMessages(720_001, 1, 10_000);

    const chats = [720_101, 720_102, 720_103];
    const id = await startTextDelivery(env.redis, env.prefix, 'UP-75', chats, 'परीक्षण संदेश (काल्पनिक): मेट्रिक्स');
    await double.waitForMessages(undefined, 4, 15_000);
    let after = '';
    await eventually(
      async () => {
        after = await scrape();
        return sample(after, 'chunav_sends_total', { outcome: 'sent' }) === 3;
      },
      10_000,
      `three sends counted for delivery ${id}`,
    );
    expect(sample(after, 'chunav_updates_total', { kind: 'message' })).toBe(messagesBefore + 1);
    expect(sample(after, 'chunav_sends_total', { outcome: 'failed' })).toBe(0);
    // The /start reader plus the three seeded ones.
    expect(sample(after, 'chunav_subscribers', { status: 'active' })).toBe(4);
  });

  it('when role all polls, then /readyz checks the poller, the worker connection and the queues too', async () => {
    const r = await get(`${app.base}/readyz`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      ok: true,
      checks: {
        redis: 'ok',
        'redis-eviction': 'ok',
        telegram: 'ok',
        polling: 'ok',
        'worker-redis': 'ok',
        queues: 'ok',
      },
    });
  });

  it('when ADMIN_HTTP_TOKEN is unset, then /admin/queues is not there at all', async () => {
    const r = await get(`${app.base}/admin/queues`);
    expect(r.status).toBe(404);
    expect(r.headers.get('www-authenticate')).toBeNull();
  });
});
