import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { createHarness, type Harness } from '../helpers/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 5551;

function lastText(): string {
  const texts = h.texts();
  return texts[texts.length - 1] ?? '';
}

describe('subscriber flows (offline bot, real Redis)', () => {
  it('when a new reader sends /start, then they get the Hindi welcome and are registered', async () => {
    await h.message(READER, '/start');
    expect(lastText()).toContain('चुनाव ब्रीफिंग में आपका स्वागत है');
    expect(h.sent('sendMessage')[0]?.payload.parse_mode).toBe('HTML');
    expect((await h.deps.subscribers.getChat(READER))?.status).toBe('active');
  });

  it('when a reader sends /subscribe हाथरस, then Hathras is followed with a Hindi confirmation naming हाथरस', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe हाथरस');
    expect(lastText()).toMatch(/हाथरस/);
    expect(lastText()).toMatch(/उत्तर प्रदेश/);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    await h.message(READER, '/mysubs');
    expect(lastText()).toContain('हाथरस');
    const markup = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    expect(markup.inline_keyboard[0]?.[0]?.callback_data).toBe(
      encodeCallback({ kind: 'unsub', pc: 'UP-16' }),
    );
  });

  it('when a new chat opens the deep link pc_UP-16, then it is subscribed in one tap', async () => {
    await h.message(READER, '/start pc_UP-16');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    expect(lastText()).toContain('हाथरस');
  });

  it('when a reader sends /unsubscribe हाथरस, then it is removed and the count drops', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.message(READER, '/unsubscribe हाथरस');
    expect(lastText()).toContain('हटा दी गई');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
    expect(await h.deps.subscribers.countForPc('UP-16')).toBe(0);
    await h.message(READER, '/unsubscribe हाथरस');
    expect(lastText()).toContain('सूची में नहीं');
  });

  it('when a reader types an assembly segment name, then they are offered its constituency', async () => {
    await h.message(READER, 'सिकंदराराऊ');
    expect(lastText()).toContain('हाथरस');
    const markup = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    expect(markup.inline_keyboard[0]?.[0]?.callback_data).toBe(encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
  });

  it('when a name exists in two states, then the reader is asked which one', async () => {
    await h.message(READER, 'Aurangabad');
    const markup = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    const codes = markup.inline_keyboard.flat().map((b) => b.callback_data);
    expect(codes.some((c) => c.startsWith('s:BR-'))).toBe(true);
    expect(codes.some((c) => c.startsWith('s:MH-'))).toBe(true);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
  });

  it('when nothing matches, then the reply says so and nothing is written', async () => {
    await h.message(READER, 'zzqqxxyy');
    expect(lastText()).toContain('zzqqxxyy');
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
  });

  it('when the cap is reached, then the next seat is refused with a clear message', async () => {
    await h.close();
    h = await createHarness({ MAX_SUBSCRIPTIONS: '2' });
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe हाथरस');
    await h.message(READER, '/subscribe गाजीपुर');
    await h.message(READER, '/subscribe वाराणसी');
    expect(lastText()).toContain('2');
    expect(lastText()).toContain('/mysubs');
    expect(await h.deps.subscribers.listPcs(READER)).toHaveLength(2);
  });

  it('when /subscribe has no query, then the state keyboard leads to the PC keyboard and a tap follows', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe');
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    expect(kb.inline_keyboard.flat().length).toBeGreaterThan(5);
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    const edit = h.sent('editMessageText').at(-1);
    expect(String(edit?.payload.text)).toContain('उत्तर प्रदेश');
    const markup = edit?.payload.reply_markup as
      | { inline_keyboard: Array<Array<{ text: string }>> }
      | undefined;
    const buttons = markup?.inline_keyboard.flat() ?? [];
    expect(buttons.some((b) => b.text === 'हाथरस')).toBe(true);
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
  });

  it('when the reader taps a page counter or a seat already followed, then the tap is answered silently', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    const markup = h.sent('editMessageText').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const buttons = markup.inline_keyboard.flat();
    const followed = buttons.find((b) => b.text === '✅ हाथरस');
    const counter = buttons.find((b) => /^1\/\d+$/.test(b.text));
    expect(followed?.callback_data).toBe(encodeCallback({ kind: 'noop' }));
    expect(counter?.callback_data).toBe(encodeCallback({ kind: 'noop' }));
    h.clear();
    await h.callback(READER, followed?.callback_data as string);
    await h.callback(READER, counter?.callback_data as string);
    expect(h.calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'answerCallbackQuery']);
    expect(h.calls.every((c) => c.payload.text === undefined)).toBe(true);
    // A button this version did not make still says so.
    await h.callback(READER, 'b:2024-hathras-amar-singh-yadav-bsp');
    expect(String(h.calls.at(-1)?.payload.text)).toContain('बटन');
  });

  it('when replies and edits go out, then Telegram receives them as HTML without each call asking', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe');
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    await h.message(READER, '/mysubs');
    await h.message(READER, '/latest');
    await h.message(READER, '/digest');
    await h.message(READER, '/help');
    const texts = h.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
    expect(texts.length).toBeGreaterThanOrEqual(8);
    for (const c of texts) expect(c.payload.parse_mode, String(c.payload.text)).toBe('HTML');
  });

  it('when the reader switches to English, then replies come in English and the choice is kept', async () => {
    await h.message(READER, '/start');
    await h.callback(READER, encodeCallback({ kind: 'lang', lang: 'en' }));
    expect(lastText()).toContain('English');
    await h.message(READER, '/subscribe Hathras');
    expect(lastText()).toContain('You will now get every briefing on <b>Hathras</b>');
    expect((await h.deps.subscribers.getChat(READER))?.lang).toBe('en');
    expect(
      h.sent('setMyCommands').some((c) => (c.payload.scope as { chat_id?: number })?.chat_id === READER),
    ).toBe(true);
  });

  it('when /stop is confirmed, then the chat is forgotten entirely; when declined, nothing changes', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.message(READER, '/stop');
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: false }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: true }));
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
    expect(await h.deps.subscribers.countForPc('UP-16')).toBe(0);
  });

  it('when the reader blocks the bot, then the chat is inactive at once; /start brings it back with its seats', async () => {
    await h.message(READER, '/start pc_UP-16');
    const member = (status: 'kicked' | 'member') => ({
      my_chat_member: {
        chat: { id: READER, type: 'private' as const, first_name: 'R' },
        from: { id: READER, is_bot: false, first_name: 'R' },
        date: 1,
        old_chat_member: {
          status: 'member' as const,
          user: { id: 7000000001, is_bot: true, first_name: 'B' },
        },
        new_chat_member:
          status === 'kicked'
            ? {
                status: 'kicked' as const,
                until_date: 0,
                user: { id: 7000000001, is_bot: true, first_name: 'B' },
              }
            : { status: 'member' as const, user: { id: 7000000001, is_bot: true, first_name: 'B' } },
      },
    });
    await h.update(member('kicked'));
    expect((await h.deps.subscribers.getChat(READER))?.status).toBe('blocked');
    await h.message(READER, '/start');
    expect((await h.deps.subscribers.getChat(READER))?.status).toBe('active');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
  });

  it('when input is bad, then the reply is short and nothing crashes or is written', async () => {
    await h.message(READER, `/subscribe ${'क'.repeat(500)}`);
    expect(lastText()).toContain('लंबा');
    await h.message(READER, '/frobnicate now');
    expect(lastText()).toContain('/help');
    await h.message(READER, '/start pc_XX-999');
    expect(lastText()).toContain('लिंक');
    await h.callback(READER, 's:ZZ-99');
    await h.callback(READER, 'garbage<>');
    const answers = h.sent('answerCallbackQuery');
    expect(answers.length).toBe(2);
    expect(String(answers[1]?.payload.text)).toContain('बटन');
    await h.message(READER, '\u202e\u0000🙂🙂 ‮');
    await h.message(READER, '');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
  });

  it('when a group or channel writes, then only /start gets a pointer to the private chat; edits are ignored', async () => {
    await h.update({
      message: {
        message_id: 1,
        date: 1,
        chat: { id: -100123, type: 'supergroup', title: 'G' },
        from: { id: 42, is_bot: false, first_name: 'G' },
        text: 'हाथरस',
      },
    } as never);
    expect(h.sent('sendMessage')).toHaveLength(0);
    await h.update({
      message: {
        message_id: 2,
        date: 1,
        chat: { id: -100123, type: 'supergroup', title: 'G' },
        from: { id: 42, is_bot: false, first_name: 'G' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    } as never);
    expect(lastText()).toContain('t.me/chunav_test_bot');
    h.clear();
    await h.update({
      edited_message: {
        message_id: 3,
        date: 1,
        edit_date: 2,
        chat: { id: READER, type: 'private', first_name: 'R' },
        from: { id: READER, is_bot: false, first_name: 'R' },
        text: '/subscribe हाथरस',
      },
    } as never);
    await h.update({
      channel_post: { message_id: 4, date: 1, chat: { id: -1001, type: 'channel', title: 'C' }, text: 'x' },
    } as never);
    expect(h.calls).toHaveLength(0);
    expect(await h.deps.subscribers.getChat(-100123)).toBeUndefined();
  });
});
