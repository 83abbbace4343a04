import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const TOKEN = '123456:E2E-token-for-the-reader-flows';
let double: BotApiDouble;
let program: Program;
let env: TestRedis;

beforeAll(async () => {
  env = await createTestRedis('e2e');
  double = createBotApiDouble({ token: TOKEN, seed: 3 });
  const { apiRoot } = await double.listen(0);
  program = startProgram('all', {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KEY_PREFIX: env.prefix,
    HTTP_PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  await program.waitFor(/long polling started/);
}, 30_000);

afterAll(async () => {
  await program?.stop();
  await double?.close();
  await env?.cleanup();
});

/** Sends a private message as `chatId` and returns the bot's next message to that chat. */
async function say(chatId: number, text: string): Promise<string> {
  const before = double.messages(chatId).length;
  double.pushUpdate({ type: 'message', chat_id: chatId, text });
  const msgs = await double.waitForMessages(chatId, before + 1, 10_000);
  return msgs[before]?.text ?? '';
}

describe('reader flows end to end (built program, HTTP Bot API double)', () => {
  it('when a reader sends /subscribe हाथरस, /mysubs and /unsubscribe हाथरस, then each answer is right and Hindi', async () => {
    const chat = 710_001;
    expect(await say(chat, '/start')).toContain('स्वागत');
    const confirm = await say(chat, '/subscribe हाथरस');
    expect(confirm).toContain('हाथरस');
    expect(confirm).toMatch(/ब्रीफिंग मिलेगी/);
    expect(await say(chat, '/mysubs')).toContain('हाथरस');
    expect(await say(chat, '/unsubscribe हाथरस')).toContain('हटा दी गई');
    expect(await say(chat, '/mysubs')).toContain('कोई सीट नहीं');
  });

  it('when a new chat opens /start pc_UP-16, then it is subscribed in one tap', async () => {
    const chat = 710_002;
    const reply = await say(chat, '/start pc_UP-16');
    expect(reply).toContain('हाथरस');
    expect(await say(chat, '/mysubs')).toContain('हाथरस');
  });

  it('when a subscriber of हाथरस sends /latest and taps the "ये भी पढ़ें" link, then the Hathras and then the Ghazipur briefing show', async () => {
    const chat = 710_003;
    await say(chat, '/start pc_UP-16');
    const list = await say(chat, '/latest');
    expect(list).toContain('start=b_2024-hathras-amar-singh-yadav-bsp');
    // Tapping the title opens the briefing in the bot.
    const before = double.messages(chat).length;
    double.pushUpdate({ type: 'message', chat_id: chat, text: '/start b_2024-hathras-amar-singh-yadav-bsp' });
    const [briefing] = (await double.waitForMessages(chat, before + 1, 10_000)).slice(before);
    expect(briefing?.text).toContain('अमर सिंह यादव');
    expect(briefing?.text).toContain('ये भी पढ़ें');
    const link = /start=(b_[a-z0-9-]*ghazipur[a-z0-9-]*)/.exec(briefing?.text ?? '')?.[1];
    expect(link).toBeDefined();
    const ghazipur = await say(chat, `/start ${link}`);
    expect(ghazipur).toContain('अफजाल अंसारी');
  });

  it('when the program gets SIGTERM, then it stops cleanly', async () => {
    const p = startProgram('bot', {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: double.apiRoot as string,
      KEY_PREFIX: env.prefix,
      HTTP_PORT: String(await freePort()),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    await p.waitFor(/http listening/);
    expect(await p.stop()).toBe(0);
    expect(p.output.some((l) => l.includes('"stopped"'))).toBe(true);
  });

  it('when the environment is bad, then the program exits 1 naming each bad variable', async () => {
    const p = startProgram('all', { BOT_TOKEN: 'nope', REDIS_URL: 'http://x', HTTP_PORT: 'abc' });
    const code = await new Promise<number | null>((r) => p.child.once('exit', r));
    expect(code).toBe(1);
    const text = p.output.join('\n');
    for (const v of ['BOT_TOKEN', 'REDIS_URL', 'HTTP_PORT']) expect(text).toContain(v);
    expect(text).not.toMatch(/at .*\.js:\d+/);
  });
});
