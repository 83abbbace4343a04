import { DESCRIPTIONS } from '@chunav/bot-api-double';
import { GrammyError, InputFile } from 'grammy';
import { describe, expect, it } from 'vitest';
import { telegramPhotoUploader } from '../../src/web/photo.js';
import { rejection, startDouble } from './helpers.js';

const CHAT = 4343;
const URL_PHOTO = 'https://example.com/photo.jpg';

async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await rejection(promise);
  if (!(err instanceof GrammyError)) throw err;
  return err;
}

describe('Bot API double: photos, captions and link previews', () => {
  it('when a photo is sent with an HTML caption, then it is recorded with its caption and returned as a photo message', async () => {
    const { bot, double } = await startDouble();
    const markup = { inline_keyboard: [[{ text: 'a', url: 'https://example.com/a' }]] };
    const sent = await bot.api.sendPhoto(CHAT, URL_PHOTO, {
      caption: '<b>शीर्षक</b> और पाठ',
      parse_mode: 'HTML',
      reply_markup: markup,
    });
    expect(sent.photo?.length).toBeGreaterThan(0);
    expect(sent.caption).toBe('शीर्षक और पाठ');
    expect(sent.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 6 }]);
    expect(sent).not.toHaveProperty('text');
    expect(double.messages(CHAT)).toEqual([
      expect.objectContaining({
        method: 'sendPhoto',
        photo: URL_PHOTO,
        text: '<b>शीर्षक</b> और पाठ',
        parse_mode: 'HTML',
        reply_markup: markup,
      }),
    ]);
    // A file id Telegram gave the bot is accepted as well, without a caption.
    const byId = await bot.api.sendPhoto(CHAT, 'AgACAgIAAxkBAAIBdGZ0abcdefghij');
    expect(byId.caption).toBeUndefined();
  });

  it('when a photo is uploaded as a file (multipart), then it gets a file id made from its bytes, which can be sent again', async () => {
    const { bot, double } = await startDouble();
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]);
    const first = await bot.api.sendPhoto(CHAT, new InputFile(bytes, 'a.png'), { caption: 'परीक्षण' });
    const again = await bot.api.sendPhoto(CHAT, new InputFile(bytes, 'b.png'));
    const other = await bot.api.sendPhoto(CHAT, new InputFile(new Uint8Array([9, 9, 9]), 'c.png'));
    const [sentA, sentB, sentC] = [first, again, other].map(
      (m) => double.messages(CHAT).find((r) => r.message_id === m.message_id)?.photo,
    );
    expect(sentA).toMatch(/^upl[A-Za-z0-9_-]{32}$/);
    expect(sentB).toBe(sentA);
    expect(sentC).not.toBe(sentA);
    expect(first.caption).toBe('परीक्षण');
    // The id Telegram answered with is accepted by a strict double when sent again.
    const fileId = first.photo?.at(-1)?.file_id as string;
    await bot.api.sendPhoto(CHAT + 1, fileId);
    // The web desk's uploader gets a file id and removes its message from the editor's chat.
    const kept = await telegramPhotoUploader(bot.api)(CHAT, bytes, 'png');
    expect(typeof kept).toBe('string');
    expect(double.messages(CHAT).filter((m) => m.deleted_time === undefined)).toHaveLength(3);
  });

  it("when a caption is over 1,024 characters, or the photo is missing or malformed, then Telegram's errors come back", async () => {
    const { bot, double } = await startDouble();
    const long = await grammyError(bot.api.sendPhoto(CHAT, URL_PHOTO, { caption: 'क'.repeat(1025) }));
    expect(long.description).toBe(DESCRIPTIONS.captionTooLong);
    // Exactly 1,024 fits.
    await bot.api.sendPhoto(CHAT, URL_PHOTO, { caption: 'क'.repeat(1024) });
    const none = await grammyError(bot.api.sendPhoto(CHAT, ''));
    expect(none.description).toBe(DESCRIPTIONS.noPhoto);
    const bad = await grammyError(bot.api.sendPhoto(CHAT, 'not a file'));
    expect(bad.description).toBe(DESCRIPTIONS.wrongFile);
    expect(double.messages(CHAT)).toHaveLength(1);
  });

  it('when a caption is edited, then the record changes and keeps the old version; text edits of a photo and caption edits of a text are refused', async () => {
    const { bot, double } = await startDouble();
    const photo = await bot.api.sendPhoto(CHAT, URL_PHOTO, { caption: 'पहला', parse_mode: 'HTML' });
    const edited = await bot.api.editMessageCaption(CHAT, photo.message_id, {
      caption: '<i>दूसरा</i>',
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({
      caption: 'दूसरा',
      caption_entities: [{ type: 'italic', offset: 0, length: 5 }],
    });
    const [record] = double.messages(CHAT);
    expect(record).toMatchObject({ text: '<i>दूसरा</i>', photo: URL_PHOTO });
    expect(record?.history?.[0]?.text).toBe('पहला');
    const same = await grammyError(
      bot.api.editMessageCaption(CHAT, photo.message_id, { caption: '<em>दूसरा</em>', parse_mode: 'HTML' }),
    );
    expect(same.description).toBe(DESCRIPTIONS.notModified);
    const asText = await grammyError(bot.api.editMessageText(CHAT, photo.message_id, 'x'));
    expect(asText.description).toBe(DESCRIPTIONS.noText);
    const text = await bot.api.sendMessage(CHAT, 'पाठ');
    const asCaption = await grammyError(bot.api.editMessageCaption(CHAT, text.message_id, { caption: 'x' }));
    expect(asCaption.description).toBe(DESCRIPTIONS.noCaption);
    const tooLong = await grammyError(
      bot.api.editMessageCaption(CHAT, photo.message_id, { caption: 'क'.repeat(1025) }),
    );
    expect(tooLong.description).toBe(DESCRIPTIONS.captionTooLong);
  });

  it('when a text carries link_preview_options, then they are recorded on send and on edit', async () => {
    const { bot, double } = await startDouble();
    const large = { url: URL_PHOTO, prefer_large_media: true, show_above_text: true };
    const sent = await bot.api.sendMessage(CHAT, 'पाठ', { link_preview_options: large });
    expect(sent.link_preview_options).toEqual(large);
    expect(double.messages(CHAT)[0]?.link_preview_options).toEqual(large);
    // The same text with another preview is a change.
    await bot.api.editMessageText(CHAT, sent.message_id, 'पाठ', {
      link_preview_options: { is_disabled: true },
    });
    expect(double.messages(CHAT)[0]?.link_preview_options).toEqual({ is_disabled: true });
    const same = await grammyError(
      bot.api.editMessageText(CHAT, sent.message_id, 'पाठ', { link_preview_options: { is_disabled: true } }),
    );
    expect(same.description).toBe(DESCRIPTIONS.notModified);
  });
});

describe('Bot API double: the deletion window', () => {
  it('when a message is older than the deletion window, then deleting it is refused as Telegram does after 48 hours', async () => {
    const { bot, double } = await startDouble({ deleteWindowMs: 100 });
    const old = await bot.api.sendMessage(CHAT, 'पुराना');
    await new Promise((r) => setTimeout(r, 150));
    const fresh = await bot.api.sendMessage(CHAT, 'नया');
    const err = await grammyError(bot.api.deleteMessage(CHAT, old.message_id));
    expect(err.description).toBe(DESCRIPTIONS.cantDelete);
    expect(await bot.api.deleteMessage(CHAT, fresh.message_id)).toBe(true);
    expect(double.messages(CHAT).map((m) => m.deleted_time === undefined)).toEqual([true, false]);
  });
});
