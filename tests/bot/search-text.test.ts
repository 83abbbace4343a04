import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCallback, encodeCallback } from '../../src/telegram/callback-codec.js';
import { createHarness, type Harness } from '../helpers/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 5661;

function last(): { text: string; parseMode: unknown; seats: string[] } {
  const call = h.sent('sendMessage').at(-1);
  const markup = call?.payload.reply_markup as
    | { inline_keyboard: Array<Array<{ callback_data: string }>> }
    | undefined;
  const seats = (markup?.inline_keyboard ?? []).flat().flatMap((b) => {
    const data = decodeCallback(b.callback_data);
    return data?.kind === 'sub' ? [data.pc] : [];
  });
  return { text: String(call?.payload.text ?? ''), parseMode: call?.payload.parse_mode, seats };
}

describe('plain text search (offline bot, real Redis)', () => {
  it('when a reader greets the bot, then a short help comes back and no seat is offered', async () => {
    await h.message(READER, 'नमस्ते');
    const reply = last();
    expect(reply.text).toContain('नमस्ते!');
    expect(reply.text).toContain('/subscribe');
    expect(reply.text).not.toMatch(/अरुणाचल/);
    expect(reply.seats).toEqual([]);
    expect(reply.parseMode).toBe('HTML');
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
  });

  it('when a reader says thanks or ok, then the bot answers in kind, not with Dhanbad', async () => {
    await h.message(READER, 'धन्यवाद');
    expect(last().text).toContain('शुक्रिया');
    expect(last().text).not.toContain('धनबाद');
    expect(last().seats).toEqual([]);
    await h.message(READER, 'ok');
    expect(last().text).toContain('/help');
    expect(last().seats).toEqual([]);
  });

  it('when the name only sounds like a seat, then the bot asks "did you mean" and follows nothing', async () => {
    // Telegram opens every chat with /start; a follow button from a chat the bot never met is refused.
    await h.message(READER, '/start');
    await h.message(READER, 'Hathra');
    const reply = last();
    expect(reply.text).toContain('क्या आपका मतलब <b>हाथरस</b> (उत्तर प्रदेश) था?');
    expect(reply.text).toContain('“Hathra”');
    expect(reply.seats[0]).toBe('UP-16');
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16']);
  });

  it('when a reader types a city, then all its seats are offered', async () => {
    await h.message(READER, 'पटना');
    const reply = last();
    expect(reply.text).toContain('<b>पटना</b> की लोकसभा सीटें');
    expect(reply.seats.slice(0, 2).sort()).toEqual(['BR-30', 'BR-31']);
    await h.message(READER, 'मुंबई');
    expect(last().seats.slice(0, 6).sort()).toEqual(['MH-26', 'MH-27', 'MH-28', 'MH-29', 'MH-30', 'MH-31']);
  });

  it('when a seat is named exactly, then the usual offer comes, as before', async () => {
    await h.message(READER, 'सिकंदराराऊ');
    expect(last().text).toContain('हाथरस');
    expect(last().text).not.toContain('क्या आपका मतलब');
    expect(last().seats).toEqual(['UP-16']);
  });

  it('when /subscribe is sent with a greeting, a near spelling or a city, then it answers as plain text does and follows nothing', async () => {
    await h.message(READER, '/start');
    const answers = async (text: string) => {
      await h.message(READER, text);
      const plain = last();
      await h.message(READER, `/subscribe ${text}`);
      return { plain, command: last() };
    };
    const greeting = await answers('नमस्ते');
    expect(greeting.command.text).toBe(h.deps.i18n.t('hi', 'search.small-talk-greeting'));
    expect(greeting.command).toEqual(greeting.plain);
    const guess = await answers('Hathra');
    expect(guess.command.text).toContain(
      '“Hathra” नाम की कोई सीट ठीक-ठीक नहीं मिली। क्या आपका मतलब <b>हाथरस</b>',
    );
    expect(guess.command).toEqual(guess.plain);
    expect(guess.command.seats[0]).toBe('UP-16');
    const city = await answers('पटना');
    expect(city.command.text).toContain('<b>पटना</b> की लोकसभा सीटें');
    expect(city.command).toEqual(city.plain);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual([]);
  });

  it('when /subscribe names an assembly seat of the whole catalogue (स्वार), then that seat or its constituency is offered, named in Hindi', async () => {
    const full = await createHarness({ CONTENT_DIR: 'content' });
    try {
      await full.message(READER, '/start');
      await full.message(READER, '/subscribe स्वार');
      expect(full.texts(READER).at(-1)).toMatch(
        /^<b>स्वार<\/b> विधानसभा सीट \(उत्तर प्रदेश\) <b>रामपुर<\/b> लोकसभा सीट का हिस्सा है।\n/,
      );
      const swar = full.deps.catalog.acsOfPc('UP-7').find((a) => a.nameHi === 'स्वार');
      expect(swar?.pc).toBe('UP-7');
      await full.callback(READER, encodeCallback({ kind: 'subAc', ac: swar?.code ?? '' }));
      expect(await full.deps.subscribers.listAcs(READER)).toEqual([swar?.code]);
      await full.message(READER, '/subscribe नमस्ते');
      expect(full.texts(READER).at(-1)).toBe(full.deps.i18n.t('hi', 'search.small-talk-greeting'));
    } finally {
      await full.close();
    }
  });

  it('when the chat reads English, then small talk and guesses are in English', async () => {
    await h.message(READER, '/start');
    await h.deps.subscribers.setLanguage(READER, 'en');
    await h.message(READER, 'hello');
    expect(last().text).toContain('Hello!');
    await h.message(READER, 'Hathra');
    expect(last().text).toContain('Did you mean <b>Hathras</b> (Uttar Pradesh)?');
    await h.message(READER, 'Patna');
    expect(last().text).toContain('The Lok Sabha seats of <b>Patna</b>');
  });
});
