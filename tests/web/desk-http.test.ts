import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { get, startTestApp, type TestApp, TOKEN } from '../http/http-env.js';

let env: TestRedis | undefined;
let double: BotApiDouble | undefined;
let app: TestApp | undefined;

afterEach(async () => {
  await app?.stop();
  await double?.close();
  await env?.cleanup();
  app = double = env = undefined;
});

async function start(extra: Record<string, string>): Promise<TestApp> {
  env = await createTestRedis('desk-http');
  double = createBotApiDouble({ token: TOKEN });
  const { apiRoot } = await double.listen(0);
  app = await startTestApp('bot', {
    REDIS_URL: TEST_REDIS_URL,
    TELEGRAM_API_ROOT: apiRoot,
    KEY_PREFIX: env.prefix,
    ...extra,
  });
  return app;
}

describe("the web desk on the program's HTTP server", () => {
  it('when DESK_URL is not set, then every /desk path is 404', async () => {
    const a = await start({});
    for (const path of ['/desk', '/desk/sign-in', '/desk/login?t=x', '/desk/assets/desk.js', '/desk/charts'])
      expect((await get(`${a.base}${path}`)).status, path).toBe(404);
  });

  it('when DESK_URL is set, then the desk answers on the same server: sign-in open, the rest behind a session', async () => {
    const a = await start({ DESK_URL: 'https://desk.example.com' });
    const signIn = await get(`${a.base}/desk/sign-in`);
    expect(signIn.status).toBe(200);
    expect(signIn.body).toContain('/desk');
    expect(signIn.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await fetch(`${a.base}/desk/charts`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/desk/sign-in');
    expect((await get(`${a.base}/desk/api/deliveries`)).status).toBe(401);
    expect((await get(`${a.base}/healthz`)).status).toBe(200);
  });
});
