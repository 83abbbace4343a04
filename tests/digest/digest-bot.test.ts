import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotContext, BotDeps } from '../../src/bot/context.js';
import { digestFeature } from '../../src/bot/features/digest.js';
import { DEFAULT_LANG } from '../../src/i18n/index.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { htmlByDefault } from '../../src/telegram/html-by-default.js';
import { ADMIN_ID, BOT_INFO, type Call, createHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * The /digest feature on an offline bot: the harness's stores on a real Redis, the Bot API answered by a
 * transformer that records each call. The feature is installed on its own bot here, with the locale
 * middleware create-bot runs before every feature.
 */
function digestBot(deps: BotDeps) {
  const bot = new Bot<BotContext>('123456:TEST-token-for-offline-bot-tests', { botInfo: BOT_INFO });
  const calls: Call[] = [];
  let messageId = 2000;
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    calls.push({ method, payload: p });
    const result =
      method === 'sendMessage' || method === 'editMessageText'
        ? {
            message_id: p.message_id ?? ++messageId,
            date: 0,
            chat: { id: p.chat_id, type: 'private' },
            text: p.text,
          }
        : true;
    return { ok: true, result } as never;
  });
  // As createBot does; installed after the recorder so that it runs first and the recorder sees its result.
  bot.api.config.use(htmlByDefault);
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    const stored = ctx.chat ? await deps.subscribers.getChat(ctx.chat.id) : undefined;
    ctx.lang = stored?.lang ?? DEFAULT_LANG;
    ctx.t = deps.i18n.forLang(ctx.lang);
    await next();
  });
  bot.use(digestFeature());
  let updateId = 1;
  const chat = (id: number) => ({ id, type: 'private' as const, first_name: `Reader${id}` });
  const from = (id: number) => ({ id, is_bot: false, first_name: `Reader${id}` });
  return {
    calls,
    command: (userId: number, text: string) =>
      bot.handleUpdate({
        update_id: updateId++,
        message: {
          message_id: ++messageId,
          date: 0,
          chat: chat(userId),
          from: from(userId),
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.length }],
        },
      } as Update),
    tap: (userId: number, data: string) =>
      bot.handleUpdate({
        update_id: updateId++,
        callback_query: {
          id: String(++messageId),
          from: from(userId),
          chat_instance: 'ci',
          data,
          message: { message_id: 77, date: 0, chat: chat(userId), text: 'old' },
        },
      } as Update),
  };
}

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

let h: Harness;
let b: ReturnType<typeof digestBot>;
beforeEach(async () => {
  h = await createHarness();
  b = digestBot(h.deps);
});
afterEach(async () => {
  await h.close();
});

const READER = 6601;
const last = () => b.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
const keyboard = () => last()?.payload.reply_markup as Keyboard;
const toast = () => b.calls.filter((c) => c.method === 'answerCallbackQuery').at(-1)?.payload.text;

describe('/digest (offline bot, real Redis)', () => {
  it('when a new reader sends /digest, then they see their slot (the first), quiet hours on, and a button per slot, off and quiet', async () => {
    await b.command(READER, '/digest');
    const text = String(last()?.payload.text);
    expect(text).toContain('<b>🗞 रोज का सार</b>');
    expect(text).toContain('अभी आपको सार हर दिन <b>सुबह 7 बजे</b> मिलता है।');
    expect(text).toContain('रात 10 बजे से सुबह 7 बजे तक आने वाली ताजा ब्रीफिंग बिना आवाज के आएगी।');
    expect(last()?.payload.parse_mode).toBe('HTML');
    expect(keyboard().inline_keyboard).toEqual([
      [
        { text: '✅ सुबह 7 बजे', callback_data: encodeCallback({ kind: 'digest', slot: '07:00' }) },
        { text: 'दोपहर 1 बजे', callback_data: encodeCallback({ kind: 'digest', slot: '13:00' }) },
        { text: 'शाम 7 बजे', callback_data: encodeCallback({ kind: 'digest', slot: '19:00' }) },
      ],
      [{ text: '🔕 सार बंद करें', callback_data: encodeCallback({ kind: 'digest', slot: 'off' }) }],
      [{ text: '🔔 रात में आवाज चालू करें', callback_data: encodeCallback({ kind: 'quiet', on: false }) }],
    ]);
    expect(await h.deps.subscribers.countForSlot('07:00')).toBe(1);
  });

  it('when the reader taps the 19:00 button, then the slot moves, the screen is edited in place and a toast confirms', async () => {
    await b.command(READER, '/digest');
    await b.tap(READER, encodeCallback({ kind: 'digest', slot: '19:00' }));
    expect((await h.deps.subscribers.getChat(READER))?.digest).toBe('19:00');
    expect(await h.deps.subscribers.countForSlot('07:00')).toBe(0);
    expect(await h.deps.subscribers.countForSlot('19:00')).toBe(1);
    expect(toast()).toBe('ठीक है, अब सार शाम 7 बजे आएगा।');
    expect(last()?.method).toBe('editMessageText');
    expect(last()?.payload.message_id).toBe(77);
    expect(String(last()?.payload.text)).toContain('<b>शाम 7 बजे</b>');
    expect(keyboard().inline_keyboard[0]?.map((k) => k.text)).toEqual([
      'सुबह 7 बजे',
      'दोपहर 1 बजे',
      '✅ शाम 7 बजे',
    ]);
  });

  it('when the reader turns the digest off and on again, then the slot sets follow', async () => {
    await b.command(READER, '/digest');
    await b.tap(READER, encodeCallback({ kind: 'digest', slot: 'off' }));
    expect((await h.deps.subscribers.getChat(READER))?.digest).toBe('off');
    expect(await h.deps.subscribers.countForSlot('07:00')).toBe(0);
    expect(toast()).toBe('रोज का सार बंद कर दिया गया।');
    expect(String(last()?.payload.text)).toContain('रोज का सार अभी बंद है।');
    expect(keyboard().inline_keyboard[1]?.[0]?.text).toBe('✅ सार बंद है');
    await b.tap(READER, encodeCallback({ kind: 'digest', slot: '13:00' }));
    expect(await h.deps.subscribers.countForSlot('13:00')).toBe(1);
  });

  it('when the reader toggles quiet hours, then breaking briefings at night are set to come with sound, then silently again', async () => {
    await b.command(READER, '/digest');
    await b.tap(READER, encodeCallback({ kind: 'quiet', on: false }));
    expect((await h.deps.subscribers.getChat(READER))?.quiet).toBe(false);
    expect(toast()).toBe('अब रात में भी ताजा ब्रीफिंग आवाज के साथ आएगी।');
    expect(String(last()?.payload.text)).toContain('रात में आवाज: <b>चालू</b>');
    expect(keyboard().inline_keyboard[2]?.[0]).toEqual({
      text: '🌙 रात में आवाज बंद करें',
      callback_data: encodeCallback({ kind: 'quiet', on: true }),
    });
    await b.tap(READER, encodeCallback({ kind: 'quiet', on: true }));
    expect((await h.deps.subscribers.getChat(READER))?.quiet).toBe(true);
  });

  it('when a button names a slot no longer offered, then nothing changes and the reader is told to choose again', async () => {
    await b.command(READER, '/digest');
    await b.tap(READER, encodeCallback({ kind: 'digest', slot: '08:30' }));
    expect((await h.deps.subscribers.getChat(READER))?.digest).toBe('07:00');
    expect(toast()).toBe('यह समय अब उपलब्ध नहीं है। नीचे दिए समयों में से कोई चुनिए।');
  });

  it('when the reader reads English, then the screen is English', async () => {
    await h.deps.subscribers.ensureChat(READER, 'en');
    await b.command(READER, '/digest');
    const text = String(last()?.payload.text);
    expect(text).toContain('Your digest now comes every day at <b>7 am</b>.');
    expect(text).toContain('between 10 pm and 7 am arrive without sound');
    expect(keyboard().inline_keyboard[0]?.map((k) => k.text)).toEqual(['✅ 7 am', '1 pm', '7 pm']);
  });
});

describe('/digest in the whole bot (createBot, offline)', () => {
  it('when a reader sends /digest and taps a slot, then the installed feature answers before the catch-all', async () => {
    await h.message(READER, '/digest');
    expect(h.texts(READER).at(-1)).toContain('<b>🗞 रोज का सार</b>');
    await h.callback(READER, encodeCallback({ kind: 'digest', slot: '13:00' }));
    expect((await h.deps.subscribers.getChat(READER))?.digest).toBe('13:00');
    expect(h.sent('answerCallbackQuery').at(-1)?.payload.text).toBe('ठीक है, अब सार दोपहर 1 बजे आएगा।');
  });
});

describe('/stats digest lines (offline bot, real Redis)', () => {
  it('when an admin sends /stats, then readers per slot and the last run of each slot are shown', async () => {
    await h.deps.subscribers.ensureChat(9101, 'hi');
    await h.deps.subscribers.ensureChat(9102, 'hi');
    await h.deps.subscribers.ensureChat(9103, 'hi');
    await h.deps.subscribers.setDigest(9103, '19:00');
    // A finished 07:00 run: one sent, one skipped as empty.
    const run = await h.deps.deliveries.create({
      content: { kind: 'digest', slot: '07:00', date: '2024-05-20' },
      target: { kind: 'slot', slot: '07:00' },
      createdBy: 'digest',
    });
    await h.deps.deliveries.markPending(run.id, [9101, 9102]);
    await h.deps.deliveries.fanoutFinished(run.id);
    await h.deps.deliveries.finish(run.id, 9101, 'sent');
    await h.deps.deliveries.finish(run.id, 9102, 'skipped', 'empty digest');
    await h.message(ADMIN_ID, '/stats');
    const text = h.texts(ADMIN_ID).at(-1) ?? '';
    expect(text).toContain('<b>रोज का सार</b>');
    expect(text).toContain('सुबह 7 बजे का सार · पाठक: 2');
    expect(text).toContain(
      '  आखिरी सार: 20 मई 2024, सुबह 7 बजे\n  भेजे गए: 1 · कुछ नया न होने से नहीं भेजे: 1 · विफल: 0',
    );
    expect(text).toContain('दोपहर 1 बजे का सार · पाठक: 0\n  अभी तक कोई सार नहीं गया');
    expect(text).toContain('शाम 7 बजे का सार · पाठक: 1');
  });
});
