import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { get, startTestApp, type TestApp, TOKEN } from './http-env.js';

const ADMIN_TOKEN = 'admin-http-token-for-tests-0123456789';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

let env: TestRedis;
let double: BotApiDouble;
let app: TestApp;

beforeAll(async () => {
  env = await createTestRedis('admin');
  double = createBotApiDouble({ token: TOKEN });
  const { apiRoot } = await double.listen(0);
  // Role bot: the dashboard is there without workers too, with the digest queue as well.
  app = await startTestApp('bot', {
    REDIS_URL: TEST_REDIS_URL,
    TELEGRAM_API_ROOT: apiRoot,
    KEY_PREFIX: env.prefix,
    ADMIN_HTTP_TOKEN: ADMIN_TOKEN,
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await double?.close();
  await env?.cleanup();
});

describe('/admin/queues (bull-board behind ADMIN_HTTP_TOKEN)', () => {
  it('when no token or a wrong one is sent, then 401 with a Basic challenge, on pages, API and static files', async () => {
    const wrong: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer nope-nope-nope-nope' },
      { authorization: `Bearer ${ADMIN_TOKEN}x` },
      { authorization: basic('admin', 'wrong-password-0000') },
      { authorization: basic(ADMIN_TOKEN, '') },
      { authorization: `Token ${ADMIN_TOKEN}` },
      { authorization: 'Basic !!!not-base64' },
    ];
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      '/admin/queues/api/queues',
      '/admin/queues/static/favicon-32x32.png',
    ]) {
      for (const headers of wrong) {
        const r = await get(`${app.base}${path}`, headers);
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
        expect(r.body).not.toContain(ADMIN_TOKEN);
      }
    }
  });

  it('when the token comes as Bearer, then the dashboard page is served', async () => {
    const r = await get(`${app.base}/admin/queues`, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.body).toContain('<div id="root">');
    // Its relative asset paths resolve under the mount point.
    expect(r.body).toContain('<base href="/admin/queues/"');
  });

  it('when the token is the Basic password (any user), then the page, its static files and the API answer', async () => {
    const auth = { authorization: basic('anyone', ADMIN_TOKEN) };
    const page = await get(`${app.base}/admin/queues`, auth);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    // A script the page loads (relative to its <base href>), served from @bull-board/ui.
    const baseHref = /<base href="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const script = /<script defer src="([^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toMatch(/^static\//);
    const url = new URL(script as string, new URL(baseHref, app.base));
    expect(url.pathname.startsWith('/admin/queues/static/')).toBe(true);
    const js = await get(url.href, auth);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const api = await get(`${app.base}/admin/queues/api/queues`, auth);
    expect(api.status).toBe(200);
    const names = (JSON.parse(api.body) as { queues: Array<{ name: string }> }).queues
      .map((q) => q.name)
      .sort();
    expect(names).toEqual(['digest-scheduler', 'fanout', 'feed-poll', 'send']);
  });
});
