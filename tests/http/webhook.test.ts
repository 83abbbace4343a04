import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { eventually, startTestApp, type TestApp, TOKEN } from './http-env.js';

const SECRET = 'webhook-secret-for-shutdown-tests';
let env: TestRedis;
let double: BotApiDouble;
let app: TestApp;
let nextUpdateId = 9_000_001;

beforeAll(async () => {
  env = await createTestRedis('webhook');
  double = createBotApiDouble({ token: TOKEN });
  const { apiRoot } = await double.listen(0);
  app = await startTestApp('bot', {
    REDIS_URL: TEST_REDIS_URL,
    TELEGRAM_API_ROOT: apiRoot,
    KEY_PREFIX: env.prefix,
    BOT_MODE: 'webhook',
    // Never called: updates are posted by the test, as Telegram would.
    WEBHOOK_URL: 'https://bot.example.invalid/telegram/webhook',
    WEBHOOK_SECRET: SECRET,
  });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await double?.close();
  await env?.cleanup();
});

/** Posts a /start from `chatId` to the webhook as Telegram does; resolves with the HTTP status. */
async function postStart(chatId: number): Promise<number> {
  const update = {
    update_id: nextUpdateId++,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Test' },
      from: { id: chatId, is_bot: false, first_name: 'Test' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
  const res = await fetch(`${app.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('webhook during shutdown', () => {
  it('when stopping with an update in flight, then new updates get 503 and the one in flight is answered first', async () => {
    expect(await postStart(740_001)).toBe(200);
    expect(double.messages(740_001).length).toBeGreaterThan(0);

    // The reply to this update takes 1.5 s to reach "Telegram": it is in flight when stopping begins.
    double.configure({ latencyMs: 1500 });
    const calls = double.stats().calls.total;
    const inFlight = postStart(740_002);
    await eventually(
      async () => double.stats().calls.total > calls,
      5000,
      'the reply call reached the double',
    );
    const stopped = app.stop();

    // Telegram keeps an update answered with an error and sends it again later (to another process).
    expect(await postStart(740_003)).toBe(503);
    expect(await inFlight).toBe(200);
    await stopped;
    expect(double.messages(740_002).length).toBeGreaterThan(0);
    expect(double.messages(740_003)).toHaveLength(0);
  });
});
