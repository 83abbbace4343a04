import { DESCRIPTIONS } from '@chunav/bot-api-double';
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { rawCall, rejection, startDouble, TOKEN } from './helpers.js';

const CHAT = 4242;

async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe('Bot API double: methods through grammY', () => {
  it('when grammY calls getMe, then it gets the configured bot', async () => {
    const { bot } = await startDouble();
    const me = await bot.api.getMe();
    expect(me).toMatchObject({ id: 7000000001, is_bot: true, username: 'chunav_test_bot' });

    const custom = await startDouble({ botInfo: { username: 'other_bot', id: 99 } });
    expect(await custom.bot.api.getMe()).toMatchObject({ id: 99, username: 'other_bot' });
  });

  it('when a valid HTML message is sent, then Telegram’s Message comes back and the raw message is recorded', async () => {
    const { bot, double } = await startDouble();
    const html = '<b>हाथरस</b> में मतदान &amp; गिनती';
    const markup = { inline_keyboard: [[{ text: 'और पढ़ें', callback_data: 'b:UP-16' }]] };
    const sent = await bot.api.sendMessage(CHAT, html, {
      parse_mode: 'HTML',
      reply_markup: markup,
      disable_notification: true,
      link_preview_options: { is_disabled: true },
    });
    expect(sent).toMatchObject({
      message_id: 1,
      chat: { id: CHAT, type: 'private' },
      from: { id: 7000000001, is_bot: true },
      text: 'हाथरस में मतदान & गिनती',
      entities: [{ type: 'bold', offset: 0, length: 5 }],
      reply_markup: markup,
    });
    const [record] = double.messages(CHAT);
    expect(record).toMatchObject({
      chat_id: CHAT,
      message_id: 1,
      text: html,
      parse_mode: 'HTML',
      reply_markup: markup,
      disable_notification: true,
      link_preview_options: { is_disabled: true },
    });
    expect(record?.time).toBeGreaterThan(Date.now() - 60_000);
  });

  it('when message ids are taken, then they increase per chat', async () => {
    const { bot } = await startDouble();
    const a1 = await bot.api.sendMessage(1, 'x');
    const b1 = await bot.api.sendMessage(2, 'x');
    const a2 = await bot.api.sendMessage(1, 'y');
    expect([a1.message_id, b1.message_id, a2.message_id]).toEqual([1, 1, 2]);
  });

  it('when HTML is invalid, then grammY throws a GrammyError with 400 and Telegram’s description', async () => {
    const { bot, double } = await startDouble();
    const err = await grammyError(bot.api.sendMessage(CHAT, '<b>खुला टैग', { parse_mode: 'HTML' }));
    expect(err.error_code).toBe(400);
    expect(err.description).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    const lt = await grammyError(bot.api.sendMessage(CHAT, 'वोट < 5', { parse_mode: 'HTML' }));
    expect(lt.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 10',
    );
    expect(double.messages(CHAT)).toHaveLength(0);
  });

  it('when text is empty or too long after parsing, then 400 with Telegram’s words', async () => {
    const { bot } = await startDouble();
    expect((await grammyError(bot.api.sendMessage(CHAT, ''))).description).toBe(DESCRIPTIONS.textEmpty);
    expect((await grammyError(bot.api.sendMessage(CHAT, 'क'.repeat(4097)))).description).toBe(
      DESCRIPTIONS.tooLong,
    );
    const fits = await bot.api.sendMessage(CHAT, `<i>${'क'.repeat(4096)}</i>`, { parse_mode: 'HTML' });
    expect(fits.text).toHaveLength(4096);
  });

  it('when callback_data is over 64 bytes, then BUTTON_DATA_INVALID', async () => {
    const { bot } = await startDouble();
    const button = (data: string) => ({
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: data }]] },
    });
    await bot.api.sendMessage(CHAT, 'ok', button('x'.repeat(64)));
    const err = await grammyError(bot.api.sendMessage(CHAT, 'no', button('x'.repeat(65))));
    expect(err.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('when an unknown parse_mode is used, then "unsupported parse_mode"', async () => {
    const { bot } = await startDouble();
    const err = await grammyError(bot.api.sendMessage(CHAT, 'x', { parse_mode: 'html5' as 'HTML' }));
    expect(err.description).toBe('Bad Request: unsupported parse_mode');
  });

  it('when a message is edited, then the record has the new text and the old version in history', async () => {
    const { bot, double } = await startDouble();
    const markup = { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] };
    const sent = await bot.api.sendMessage(CHAT, '<b>v1</b>', { parse_mode: 'HTML', reply_markup: markup });
    const edited = await bot.api.editMessageText(CHAT, sent.message_id, 'v2');
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'v2' });
    expect(edited).not.toHaveProperty('reply_markup'); // Telegram drops the keyboard when none is passed
    const [record] = double.messages(CHAT);
    expect(record).toMatchObject({ text: 'v2', message_id: sent.message_id });
    expect(record?.parse_mode).toBeUndefined();
    expect(record?.history).toEqual([
      { text: '<b>v1</b>', parse_mode: 'HTML', reply_markup: markup, time: record?.time },
    ]);
    expect(record?.edited_time).toBeGreaterThanOrEqual(record?.time ?? 0);

    await bot.api.editMessageReplyMarkup(CHAT, sent.message_id, { reply_markup: markup });
    expect(double.messages(CHAT)[0]?.reply_markup).toEqual(markup);
    expect(double.stats().messages.edits).toBe(2);
  });

  it('when an edit changes nothing, then "message is not modified"; an unknown message is "not found"', async () => {
    const { bot } = await startDouble();
    const sent = await bot.api.sendMessage(CHAT, '<b>x</b>', { parse_mode: 'HTML' });
    // Same parsed text and entities, written differently: still not modified.
    const same = await grammyError(
      bot.api.editMessageText(CHAT, sent.message_id, '<strong>x</strong>', { parse_mode: 'HTML' }),
    );
    expect(same.description).toBe(DESCRIPTIONS.notModified);
    // Same text, different entities: modified.
    await bot.api.editMessageText(CHAT, sent.message_id, 'x');
    const missing = await grammyError(bot.api.editMessageText(CHAT, 999, 'y'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
  });

  it('when a message is deleted, then it is marked and a second delete is "not found"', async () => {
    const { bot, double } = await startDouble();
    const sent = await bot.api.sendMessage(CHAT, 'x');
    expect(await bot.api.deleteMessage(CHAT, sent.message_id)).toBe(true);
    expect(double.messages(CHAT)[0]?.deleted_time).toBeDefined();
    const again = await grammyError(bot.api.deleteMessage(CHAT, sent.message_id));
    expect(again.description).toBe('Bad Request: message to delete not found');
    const edit = await grammyError(bot.api.editMessageText(CHAT, sent.message_id, 'y'));
    expect(edit.description).toBe(DESCRIPTIONS.editNotFound);
  });

  it('when messages are copied or forwarded, then they are recorded as messages of the target chat', async () => {
    const { bot, double } = await startDouble();
    const user = double.pushUpdate({ type: 'message', chat_id: 77, text: 'मेरी शिकायत' });
    const userMessageId = (user.message as { message_id: number }).message_id;
    const copy = await bot.api.copyMessage(-1001, 77, userMessageId);
    const forward = await bot.api.forwardMessage(-1001, 77, userMessageId);
    expect(copy).toEqual({ message_id: 1 });
    expect(forward).toMatchObject({ message_id: 2, text: 'मेरी शिकायत', forward_origin: { type: 'user' } });
    expect(double.messages(-1001).map((m) => [m.method, m.text, m.from_chat_id])).toEqual([
      ['copyMessage', 'मेरी शिकायत', 77],
      ['forwardMessage', 'मेरी शिकायत', 77],
    ]);
    const gone = await grammyError(bot.api.copyMessage(-1001, 77, 50));
    expect(gone.description).toBe('Bad Request: message to copy not found');
  });

  it('when a callback query is answered, then once is fine and a second time is refused', async () => {
    const { bot, double } = await startDouble();
    const sent = await bot.api.sendMessage(CHAT, 'x', {
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'c:1' }]] },
    });
    const update = double.pushUpdate({
      type: 'callback',
      chat_id: CHAT,
      message_id: sent.message_id,
      data: 'c:1',
    });
    const query = update.callback_query;
    expect(query?.message).toMatchObject({ message_id: sent.message_id, text: 'x' });
    const answers: unknown[] = [];
    double.events.on('callback_answer', (e) => answers.push(e));
    expect(await bot.api.answerCallbackQuery(query?.id ?? '', { text: 'सदस्यता ली' })).toBe(true);
    expect(answers).toEqual([
      expect.objectContaining({ callback_query_id: query?.id, chat_id: CHAT, text: 'सदस्यता ली' }),
    ]);
    const again = await grammyError(bot.api.answerCallbackQuery(query?.id ?? ''));
    expect(again.description).toBe(DESCRIPTIONS.queryInvalid);
  });

  it('when commands are set per language and scope, then get returns exactly that list', async () => {
    const { bot } = await startDouble();
    const hi = [{ command: 'start', description: 'शुरू करें' }];
    const en = [{ command: 'start', description: 'Start' }];
    await bot.api.setMyCommands(hi, { language_code: 'hi' });
    await bot.api.setMyCommands(en, { scope: { type: 'all_private_chats' } });
    expect(await bot.api.getMyCommands({ language_code: 'hi' })).toEqual(hi);
    expect(await bot.api.getMyCommands({ scope: { type: 'all_private_chats' } })).toEqual(en);
    expect(await bot.api.getMyCommands()).toEqual([]);
    await bot.api.deleteMyCommands({ language_code: 'hi' });
    expect(await bot.api.getMyCommands({ language_code: 'hi' })).toEqual([]);
    const bad = await grammyError(bot.api.setMyCommands([{ command: 'Start', description: 'x' }]));
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });

  it('when chat actions, menu button, close and logOut are called, then they answer true', async () => {
    const { bot, double } = await startDouble();
    const actions: unknown[] = [];
    double.events.on('chat_action', (e) => actions.push(e.action));
    expect(await bot.api.sendChatAction(CHAT, 'typing')).toBe(true);
    expect(actions).toEqual(['typing']);
    expect(await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } })).toBe(true);
    expect(await bot.api.getChatMenuButton()).toEqual({ type: 'commands' });
    expect(await bot.api.close()).toBe(true);
    expect(await bot.api.logOut()).toBe(true);
    const bad = await grammyError(bot.api.sendChatAction(CHAT, 'dancing' as 'typing'));
    expect(bad.error_code).toBe(400);
  });
});

describe('Bot API double: the HTTP surface', () => {
  it('when the token is configured, then any other token gets 401 Unauthorized', async () => {
    const { apiRoot } = await startDouble({ token: TOKEN });
    expect((await rawCall(apiRoot, `/bot${TOKEN}/getMe`)).status).toBe(200);
    const wrong = await rawCall(apiRoot, '/bot999:zzz/getMe');
    expect(wrong).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
  });

  it('when a method does not exist, then 404 Not Found; method names are case-insensitive', async () => {
    const { apiRoot } = await startDouble();
    expect(await rawCall(apiRoot, `/bot${TOKEN}/sendTelepathy`)).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found' },
    });
    expect((await rawCall(apiRoot, `/bot${TOKEN}/GETME`)).body.ok).toBe(true);
  });

  it('when params come as a query string or a urlencoded form, then they are read like JSON', async () => {
    const { apiRoot, double } = await startDouble();
    const query = await rawCall(
      apiRoot,
      `/bot${TOKEN}/sendMessage?chat_id=5&text=${encodeURIComponent('<b>क</b>')}&parse_mode=HTML`,
    );
    expect(query.body).toMatchObject({ ok: true, result: { text: 'क', entities: [{ type: 'bold' }] } });
    const form = await rawCall(apiRoot, `/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '5',
        text: 'y',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] }),
      }).toString(),
    });
    expect(form.body).toMatchObject({
      ok: true,
      result: { message_id: 2, reply_markup: { inline_keyboard: [[{ text: 'a' }]] } },
    });
    expect(double.messages(5)).toHaveLength(2);
  });

  it('when calls are logged, then the token is never stored and setWebhook’s secret is redacted', async () => {
    const { bot, double } = await startDouble();
    await bot.api.sendMessage(CHAT, 'x');
    await bot.api.setWebhook('http://127.0.0.1:9/hook', { secret_token: 'very-secret' });
    const serialized = JSON.stringify(double.calls());
    expect(serialized).not.toContain(TOKEN);
    expect(serialized).not.toContain('very-secret');
    expect(double.calls('sendMessage')).toEqual([
      expect.objectContaining({
        method: 'sendMessage',
        status: 200,
        ok: true,
        params: { chat_id: CHAT, text: 'x' },
      }),
    ]);
    await bot.api.deleteWebhook();
  });
});
