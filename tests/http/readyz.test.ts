import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrivateRedis,
  eventually,
  get,
  type PrivateRedis,
  startTestApp,
  type TestApp,
  TOKEN,
} from './http-env.js';

// A Redis of this test's own: it is stopped and started again, which the shared one must never be.
let redis: PrivateRedis;
let double: BotApiDouble;
let app: TestApp;

beforeAll(async () => {
  redis = await createPrivateRedis();
  await redis.start();
  double = createBotApiDouble({ token: TOKEN });
  const { apiRoot } = await double.listen(0);
  app = await startTestApp('worker', {
    REDIS_URL: redis.url,
    TELEGRAM_API_ROOT: apiRoot,
    KEY_PREFIX: 'readyz',
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await double?.close();
  await redis?.stop();
});

describe('/healthz and /readyz', () => {
  it('when the worker runs and Redis answers, then /healthz and /readyz are 200 with every check ok', async () => {
    const health = await get(`${app.base}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    const ready = await get(`${app.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      ok: true,
      checks: { redis: 'ok', 'redis-eviction': 'ok', telegram: 'ok', 'worker-redis': 'ok', queues: 'ok' },
    });
  });

  it('when Redis stops, then /readyz turns 503 naming the check within seconds; when it returns, 200 again', async () => {
    await redis.stop();
    let down: { status: number; body: string; ms: number } | undefined;
    await eventually(
      async () => {
        down = await get(`${app.base}/readyz`);
        return down.status === 503;
      },
      5000,
      '/readyz 503 after Redis stopped',
    );
    const report = JSON.parse(down?.body ?? '{}') as { ok: boolean; checks: Record<string, string> };
    expect(report.ok).toBe(false);
    expect(report.checks.redis).not.toBe('ok');
    // Each probe answers in bounded time even while Redis is gone (ioredis would queue a PING forever).
    const again = await get(`${app.base}/readyz`, {}, 4000);
    expect(again.status).toBe(503);
    expect(again.ms).toBeLessThan(3000);
    // /healthz says the process is alive all the same; /metrics answers too, reporting the failed collectors.
    expect((await get(`${app.base}/healthz`)).status).toBe(200);
    const metrics = await get(`${app.base}/metrics`, {}, 4000);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/chunav_scrape_collector_ok\{collector="queues"[^}]*\} 0/);

    await redis.start();
    await eventually(
      async () => (await get(`${app.base}/readyz`)).status === 200,
      15_000,
      '/readyz 200 after Redis came back',
    );
    const back = await get(`${app.base}/metrics`);
    expect(back.body).toMatch(/chunav_scrape_collector_ok\{collector="queues"[^}]*\} 1/);
  }, 40_000);
});
