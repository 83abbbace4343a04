import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Params } from '../../src/i18n/index.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { BOT_INFO, createHarness, type Harness } from '../helpers/bot-harness.js';
import { SEATS, STATES } from '../helpers/fixtures.js';
import { storeReads } from '../helpers/store-reads.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 5551;
/** Names from the tests' own catalogue slice (tests/helpers/fixtures.ts), never from content/. */
const HATHRAS = SEATS.hathras.nameHi;
const UP = STATES.up.nameHi;

/** A Hindi message exactly as the locale renders it. */
const hi = (key: string, params?: Params) => h.deps.i18n.t('hi', key, params);
const en = (key: string, params?: Params) => h.deps.i18n.t('en', key, params);

function lastText(): string {
  const texts = h.texts();
  return texts[texts.length - 1] ?? '';
}

type Keyboard = Array<Array<{ text: string; callback_data: string }>>;
/** The inline keyboard of the last call of `method`, as Telegram shows it (empty rows dropped). */
function lastKeyboard(method = 'sendMessage'): Keyboard | undefined {
  return (
    h.sent(method).at(-1)?.payload.reply_markup as { inline_keyboard: Keyboard } | undefined
  )?.inline_keyboard.filter((row) => row.length > 0);
}

describe('subscriber flows (offline bot, real Redis)', () => {
  it('when a new reader sends /start, then they get the Hindi welcome and are registered', async () => {
    await h.message(READER, '/start');
    expect(h.texts(READER)).toEqual([hi('start.welcome')]);
    expect(h.sent('sendMessage')[0]?.payload.parse_mode).toBe('HTML');
    expect((await h.deps.subscribers.getChat(READER))?.status).toBe('active');
  });

  it('when a reader sends /subscribe हाथरस, then Hathras is followed with a Hindi confirmation naming हाथरस', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe हाथरस');
    expect(lastText()).toBe(hi('subscribe.added', { pc: HATHRAS, state: UP }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    await h.message(READER, '/mysubs');
    expect(lastText()).toBe(
      `${hi('mysubs.title', { count: 1, max: 20 })}\n\n${hi('mysubs.line', { n: 1, pc: HATHRAS, state: UP })}\n\n${hi('mysubs.hint')}`,
    );
    expect(lastKeyboard()).toEqual([
      [
        {
          text: hi('mysubs.remove', { pc: HATHRAS }),
          callback_data: encodeCallback({ kind: 'unsub', pc: 'UP-16' }),
        },
      ],
      // A PC reader may also ask for the briefings of its assembly seats; off until they do.
      [
        {
          text: `⬜ ${hi('mysubs.pref-pc-acs')}`,
          callback_data: encodeCallback({ kind: 'pref', name: 'pcAcs', on: true }),
        },
      ],
    ]);
  });

  it('when a new chat opens the deep link pc_UP-16, then it is subscribed in one tap', async () => {
    await h.message(READER, '/start pc_UP-16');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    expect(h.texts(READER)).toEqual([
      `${hi('start.welcome-short')}\n\n${hi('subscribe.added', { pc: HATHRAS, state: UP })}`,
    ]);
  });

  it('when a reader sends /unsubscribe हाथरस, then it is removed and the count drops', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.message(READER, '/unsubscribe हाथरस');
    expect(lastText()).toBe(hi('unsubscribe.removed', { pc: HATHRAS, state: UP }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
    expect(await storeReads(h.env).followers('UP-16')).toBe(0);
    await h.message(READER, '/unsubscribe हाथरस');
    expect(lastText()).toBe(hi('unsubscribe.not-following', { pc: HATHRAS }));
  });

  it('when a reader types an assembly seat name, then they are offered that seat or its whole constituency', async () => {
    await h.message(READER, '/start');
    await h.message(READER, 'सिकंदराराऊ');
    expect(lastText()).toBe(hi('search.offer-ac', { ac: 'सिकंदराराऊ', pc: HATHRAS, state: UP }));
    // Uttar Pradesh is in no Vidhan Sabha election yet: the Lok Sabha seat comes first.
    const both = [
      [
        {
          text: hi('subscribe.follow-pc', { pc: HATHRAS }),
          callback_data: encodeCallback({ kind: 'sub', pc: 'UP-16' }),
        },
      ],
      [
        {
          text: hi('subscribe.follow-ac', { ac: 'सिकंदराराऊ' }),
          callback_data: encodeCallback({ kind: 'subAc', ac: 'UP-A80' }),
        },
      ],
    ];
    expect(lastKeyboard()).toEqual(both);
    await h.callback(READER, encodeCallback({ kind: 'subAc', ac: 'UP-A80' }));
    expect(await h.deps.subscribers.listAcs(READER)).toEqual(['UP-A80']);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
    expect(h.sent('editMessageText').at(-1)?.payload.text).toBe(
      hi('subscribe.added-ac', { ac: 'सिकंदराराऊ', pc: HATHRAS, state: UP }),
    );
    // Once the state is in a Vidhan Sabha election, the assembly seat comes first.
    await h.deps.elections.set('UP', 'vs');
    await h.message(READER + 1, 'सिकंदराराऊ');
    expect(lastKeyboard()).toEqual([both[1], both[0]]);
    // Asked again by the one who follows it: they are told so.
    await h.message(READER, 'सिकंदराराऊ');
    expect(lastText()).toBe(hi('subscribe.exists-ac', { ac: 'सिकंदराराऊ', pc: HATHRAS, state: UP }));
  });

  it('when a Hindi reader types a segment in Latin letters, then the offer names it in Hindi', async () => {
    await h.message(READER, 'Sikandra Rao');
    expect(lastText()).toBe(hi('search.offer-ac', { ac: 'सिकंदराराऊ', pc: HATHRAS, state: UP }));
  });

  it('when a name exists in two states, then the reader is asked which one', async () => {
    await h.message(READER, 'Aurangabad');
    expect(lastText()).toBe(hi('search.ambiguous', { query: 'Aurangabad' }));
    const buttons = (lastKeyboard() ?? []).flat();
    expect(buttons.sort((a, b) => a.callback_data.localeCompare(b.callback_data))).toEqual([
      {
        text: `${SEATS.aurangabadBihar.nameHi} (${STATES.br.nameHi})`,
        callback_data: encodeCallback({ kind: 'sub', pc: 'BR-37' }),
      },
      {
        text: `${SEATS.aurangabadMaharashtra.nameHi} (${STATES.mh.nameHi})`,
        callback_data: encodeCallback({ kind: 'sub', pc: 'MH-19' }),
      },
    ]);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
  });

  it('when nothing matches, then the reply says so and nothing is written', async () => {
    await h.message(READER, 'zzqqxxyy');
    expect(h.texts(READER)).toEqual([hi('search.none', { query: 'zzqqxxyy' })]);
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
  });

  it('when the cap is reached, then the next seat is refused with a clear message', async () => {
    await h.close();
    h = await createHarness({ MAX_SUBSCRIPTIONS: '2' });
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe हाथरस');
    await h.message(READER, '/subscribe गाजीपुर');
    await h.message(READER, '/subscribe वाराणसी');
    expect(lastText()).toBe(hi('subscribe.cap', { pc: SEATS.varanasi.nameHi, state: UP, max: 2 }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16', 'UP-75']);
  });

  it('when /subscribe has no query, then the state keyboard leads to the PC keyboard and a tap follows', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/subscribe');
    expect(lastText()).toBe(hi('subscribe.choose-state'));
    // Every state of the slice, in Hindi alphabetical order, two to a row.
    // A state with assembly seats in the slice (Uttar Pradesh) first asks which kind of seat.
    const state = (s: { code: string; nameHi: string }) => ({
      text: s.nameHi,
      callback_data: encodeCallback(
        s.code === 'UP' ? { kind: 'stateKind', state: s.code } : { kind: 'state', state: s.code, page: 0 },
      ),
    });
    expect(lastKeyboard()).toEqual([
      [state(STATES.up), state(STATES.ga)],
      [state(STATES.ch), state(STATES.dl)],
      [state(STATES.br), state(STATES.mh)],
    ]);
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    const edit = h.sent('editMessageText').at(-1);
    expect(edit?.payload.text).toBe(hi('subscribe.choose-pc', { state: UP }));
    // The first page: the first 16 seats in Hindi alphabetical order, then the page row and the way back.
    const keyboard = lastKeyboard('editMessageText') ?? [];
    const seats = keyboard.slice(0, 8).flat();
    const byHindiName = h.deps.catalog
      .pcsOfState('UP')
      .map((pc) => ({ code: pc.code, name: pc.nameHi }))
      .sort((a, b) => a.name.localeCompare(b.name, 'hi'));
    expect(seats.map((b) => b.text)).toEqual(byHindiName.slice(0, 16).map((p) => p.name));
    expect(seats.map((b) => b.callback_data)).toEqual(
      byHindiName.slice(0, 16).map((p) => encodeCallback({ kind: 'sub', pc: p.code })),
    );
    // Read as a Hindi reader reads a list: अ before आ before क, never by seat number.
    expect(seats[0]?.text.startsWith('अ')).toBe(true);
    expect(seats.map((b) => b.text)).toContain(SEATS.aligarh.nameHi);
    expect(seats.map((b) => b.text)).not.toContain(HATHRAS);
    expect(keyboard.slice(8)).toEqual([
      [
        { text: hi('common.page', { page: 1, pages: 5 }), callback_data: encodeCallback({ kind: 'noop' }) },
        { text: hi('common.next'), callback_data: encodeCallback({ kind: 'state', state: 'UP', page: 1 }) },
      ],
      [{ text: hi('subscribe.back-to-states'), callback_data: encodeCallback({ kind: 'states', page: 0 }) }],
    ]);
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    expect(h.sent('answerCallbackQuery').at(-1)?.payload.text).toBe(hi('subscribe.toast', { pc: HATHRAS }));
  });

  it('when an English reader opens a state, then its seats come in English alphabetical order', async () => {
    await h.message(READER, '/start');
    await h.callback(READER, encodeCallback({ kind: 'lang', lang: 'en' }));
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    const seats = (lastKeyboard('editMessageText') ?? []).slice(0, 8).flat();
    const names = h.deps.catalog
      .pcsOfState('UP')
      .map((pc) => pc.nameEn)
      .sort((a, b) => a.localeCompare(b, 'en'));
    expect(seats.map((b) => b.text)).toEqual(names.slice(0, 16));
  });

  it('when the reader taps a page counter or a seat already followed, then the tap is answered silently', async () => {
    // Aligarh is on the first page in Hindi order.
    await h.message(READER, '/start pc_UP-15');
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    const markup = h.sent('editMessageText').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const buttons = markup.inline_keyboard.flat();
    const followed = buttons.find((b) => b.text === `✅ ${SEATS.aligarh.nameHi}`);
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
    expect(lastText()).toBe(en('language.set'));
    await h.message(READER, '/subscribe Hathras');
    expect(lastText()).toBe(en('subscribe.added', { pc: SEATS.hathras.nameEn, state: STATES.up.nameEn }));
    expect((await h.deps.subscribers.getChat(READER))?.lang).toBe('en');
    // The chat gets an English menu of its own; switching back removes it, leaving the Hindi default.
    const menu = h
      .sent('setMyCommands')
      .filter((c) => (c.payload.scope as { chat_id?: number })?.chat_id === READER);
    expect(menu).toHaveLength(1);
    expect((menu[0]?.payload.commands as Array<{ description: string }> | undefined)?.[0]?.description).toBe(
      en('commands.subscribe'),
    );
    await h.callback(READER, encodeCallback({ kind: 'lang', lang: 'hi' }));
    const removed = h
      .sent('deleteMyCommands')
      .filter((c) => (c.payload.scope as { chat_id?: number })?.chat_id === READER);
    expect(removed).toHaveLength(1);
    expect(
      h.sent('setMyCommands').filter((c) => (c.payload.scope as { chat_id?: number })?.chat_id === READER),
    ).toHaveLength(1);
  });

  it('when /stop is confirmed, then the chat is forgotten entirely; when declined, nothing changes', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.message(READER, '/stop');
    expect(lastText()).toBe(hi('stop.confirm'));
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: false }));
    expect(lastText()).toBe(hi('stop.kept'));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: true }));
    expect(lastText()).toBe(hi('stop.done'));
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
    expect(await storeReads(h.env).followers('UP-16')).toBe(0);
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
    expect(lastText()).toBe(hi('search.too-long'));
    await h.message(READER, '/frobnicate now');
    expect(lastText()).toBe(hi('errors.unknown-command'));
    await h.message(READER, '/start pc_XX-999');
    expect(lastText()).toBe(hi('start.bad-link'));
    await h.callback(READER, 's:ZZ-99');
    await h.callback(READER, 'garbage<>');
    const answers = h.sent('answerCallbackQuery');
    expect(answers.map((a) => a.payload.text)).toEqual([
      hi('errors.stale-button'),
      hi('errors.stale-button'),
    ]);
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
    expect(h.texts(-100123)).toEqual([hi('errors.private-only', { username: BOT_INFO.username })]);
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
