import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { seedReaders } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait.js';
import { type FeedServer, fixtureFeed, startFeedServer } from '../ingest/feed-server.js';

/**
 * The built program (role all) with a website feed and the CMS API: an owner adds a feed and makes a
 * token from Telegram (the HTTP double), the worker's job scheduler polls, the card reaches the owner,
 * the API takes a story, and /metrics reports the feed.
 */
const TOKEN = '123456:E2E-token-for-the-ingest-flows';
const OWNER = 730_001;
let double: BotApiDouble;
let program: Program;
let env: TestRedis;
let site: FeedServer;
let base: string;

beforeAll(async () => {
  env = await createTestRedis('e2e-ingest');
  double = createBotApiDouble({ token: TOKEN, seed: 5 });
  const { apiRoot } = await double.listen(0);
  // Its items were published an hour before the feed is added: old news, never drafted.
  site = await startFeedServer({
    '/rss': { kind: 'feed', body: () => fixtureFeed('rss-hindi.xml', Date.now() - 3600_000) },
  });
  await seedReaders(env.redis, env.prefix, 'UP-16', [730_101, 730_102], { quiet: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  program = startProgram('all', {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KEY_PREFIX: env.prefix,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ADMIN_IDS: String(OWNER),
    CONTENT_DIR: standardContent().dir,
    SHUTDOWN_TIMEOUT: '2s',
    // The newsroom's site is this machine here.
    FEED_ALLOW_PRIVATE: 'true',
  });
  await program.waitFor(/long polling started/, 30_000);
}, 40_000);

afterAll(async () => {
  await program?.stop();
  await site?.close();
  await double?.close();
  await env?.cleanup();
});

async function say(text: string): Promise<string> {
  const before = double.messages(OWNER).length;
  double.pushUpdate({ type: 'message', chat_id: OWNER, text });
  const msgs = await double.waitForMessages(OWNER, before + 1, 10_000);
  return msgs[before]?.text ?? '';
}

describe('website feeds and the CMS API (built program, HTTP Bot API double)', () => {
  it('when an owner adds a feed whose items are older than the feed, then it is read, nothing is drafted, and /feeds and /metrics say it is fine', async () => {
    expect(await say(`/feeds add ${site.base}/rss`)).toContain('फीड जुड़ गई');
    // The job scheduler polls at once; the poll is counted once it has finished.
    const metrics = await waitFor(
      async () => {
        const text = await fetch(`${base}/metrics`).then((r) => r.text());
        return /chunav_feed_polls_total\{outcome="ok",role="all"\} 1/.test(text) ? text : undefined;
      },
      { timeoutMs: 15_000, what: 'a counted poll in /metrics' },
    );
    expect(metrics).toMatch(/chunav_feed_up\{feed="[a-z0-9]{8}",role="all"\} 1/);
    expect(metrics).toMatch(/chunav_feed_last_ok_seconds\{feed="[a-z0-9]{8}",role="all"\} \d{10}/);
    expect(metrics).toMatch(/chunav_feed_items_total\{result="drafted",role="all"\} 0/);
    expect(await say('/feeds')).toContain('✅ ठीक है। आखिरी बार');
  });

  it('when the CMS sends a story with a token made in /tokens, then it is a draft with a card for the owner; a wrong token is 401', async () => {
    const made = await say('/tokens new draft वेबसाइट');
    const token = /<code>(cbt_[A-Za-z0-9_-]+)<\/code>/.exec(made)?.[1] ?? '';
    expect(token).not.toBe('');
    const cardsBefore = double.messages(OWNER).length;
    const post = (auth: string) =>
      fetch(`${base}/api/v1/briefings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          external_id: 'e2e-1',
          title: 'परीक्षण: हाथरस में सभा',
          body: '<p>यह परीक्षण की खबर है: हाथरस में सभा।</p>',
        }),
      });
    expect((await post('cbt_aaaaaaaa_wrongwrongwrongwrongwrongwrongwrongwr')).status).toBe(401);
    const r = await post(token);
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ external_id: 'e2e-1', status: 'draft', seats: ['UP-16'] });
    expect((await post(token)).status).toBe(200);
    const msgs = await double.waitForMessages(OWNER, cardsBefore + 1, 10_000);
    expect(msgs.slice(cardsBefore).filter((m) => m.text?.includes('परीक्षण: हाथरस में सभा'))).toHaveLength(1);
    expect(program.output.join('\n')).not.toContain(token);
    const doc = await fetch(`${base}/api/v1/openapi.json`).then(
      (x) => x.json() as Promise<{ openapi: string }>,
    );
    expect(doc.openapi).toBe('3.1.0');
  });
});
