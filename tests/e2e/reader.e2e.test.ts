import { type BotApiDouble, createBotApiDouble, DEFAULT_BOT_INFO } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n, type Params } from '../../src/i18n/index.js';
import { SEATS, STATES, standardContent, TEST_BRIEFINGS } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const TOKEN = '123456:E2E-token-for-the-reader-flows';
let double: BotApiDouble;
let program: Program;
let env: TestRedis;
/** The program reads the tests' own slice and briefings (tests/helpers/fixtures.ts). */
const CONTENT_DIR = standardContent().dir;
const i18n = createI18n('locales');
/** A Hindi reply exactly as the locale renders it. */
const hi = (key: string, params?: Params) => i18n.t('hi', key, params);
const HATHRAS = { pc: SEATS.hathras.nameHi, state: STATES.up.nameHi };
/** The double answers getMe with its default bot. */
const BOT_USERNAME = DEFAULT_BOT_INFO.username;

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
    CONTENT_DIR,
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
    // The double records each text exactly as the bot sent it (HTML).
    expect(await say(chat, '/start')).toBe(hi('start.welcome'));
    expect(await say(chat, '/subscribe हाथरस')).toBe(hi('subscribe.added', HATHRAS));
    expect(await say(chat, '/mysubs')).toBe(
      `${hi('mysubs.title', { count: 1, max: 20 })}\n\n${hi('mysubs.line', { n: 1, ...HATHRAS })}\n\n${hi('mysubs.hint')}`,
    );
    expect(await say(chat, '/unsubscribe हाथरस')).toBe(hi('unsubscribe.removed', HATHRAS));
    expect(await say(chat, '/mysubs')).toBe(hi('mysubs.empty'));
  });

  it('when a new chat opens /start pc_UP-16, then it is subscribed in one tap', async () => {
    const chat = 710_002;
    const reply = await say(chat, '/start pc_UP-16');
    expect(reply).toBe(`${hi('start.welcome-short')}\n\n${hi('subscribe.added', HATHRAS)}`);
    expect(await say(chat, '/mysubs')).toContain(hi('mysubs.line', { n: 1, ...HATHRAS }));
  });

  it('when a subscriber of हाथरस sends /latest and taps the "ये भी पढ़ें" link, then the Hathras and then the Ghazipur briefing show', async () => {
    const chat = 710_003;
    await say(chat, '/start pc_UP-16');
    const { hathras, ghazipur } = TEST_BRIEFINGS;
    const list = await say(chat, '/latest');
    expect(list).toContain(`start=b_${hathras.id}`);
    // Tapping the title opens the briefing in the bot.
    const before = double.messages(chat).length;
    double.pushUpdate({ type: 'message', chat_id: chat, text: `/start b_${hathras.id}` });
    const [briefing] = (await double.waitForMessages(chat, before + 1, 10_000)).slice(before);
    expect(briefing?.text?.startsWith(`<b>${hathras.title}</b>\n`)).toBe(true);
    // Its "ये भी पढ़ें" link is the Ghazipur briefing's deep link; following it opens that briefing.
    expect(briefing?.text).toContain(
      `<b>ये भी पढ़ें</b>\n• <a href="https://t.me/${BOT_USERNAME}?start=b_${ghazipur.id}">${ghazipur.title}</a>`,
    );
    const opened = await say(chat, `/start b_${ghazipur.id}`);
    expect(opened.startsWith(`<b>${ghazipur.title}</b>\n`)).toBe(true);
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
      CONTENT_DIR,
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
