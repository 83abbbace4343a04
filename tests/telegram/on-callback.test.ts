import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { type CallbackData, encodeCallback } from '../../src/telegram/callback-codec.js';
import { onCallback } from '../../src/telegram/on-callback.js';
import { BOT_INFO } from '../helpers/bot-harness.js';

/** A bare bot whose handlers write down what they got; no Bot API call is made. */
function testBot() {
  const bot = new Bot<Context>('123456:TEST-token-for-offline-bot-tests', { botInfo: BOT_INFO });
  const got: string[] = [];
  bot.use(
    onCallback('sub', (_ctx, data) => {
      // Typed payload: `data.pc` is a string here without any cast.
      got.push(`sub ${data.pc.toLowerCase()}`);
    }),
  );
  bot.use(
    onCallback(['digest', 'quiet'], async (_ctx, data, next) => {
      if (data.kind === 'quiet' && !data.on) {
        await next();
        return;
      }
      got.push(data.kind === 'digest' ? `digest ${data.slot}` : 'quiet on');
    }),
  );
  bot.use(() => {
    got.push('next');
  });
  let id = 1;
  const press = (data: string) =>
    bot.handleUpdate({
      update_id: id++,
      callback_query: {
        id: String(id),
        from: { id: 7, is_bot: false, first_name: 'R' },
        chat_instance: 'ci',
        data,
      },
    } as Update);
  const text = (t: string) =>
    bot.handleUpdate({
      update_id: id++,
      message: { message_id: id, date: 0, chat: { id: 7, type: 'private', first_name: 'R' }, text: t },
    } as Update);
  return { got, press, text };
}

const enc = (d: CallbackData) => encodeCallback(d);

describe('onCallback', () => {
  it('when a button of the kind is pressed, then the handler gets the decoded payload', async () => {
    const b = testBot();
    await b.press(enc({ kind: 'sub', pc: 'UP-16' }));
    await b.press(enc({ kind: 'digest', slot: '07:00' }));
    await b.press(enc({ kind: 'quiet', on: true }));
    expect(b.got).toEqual(['sub up-16', 'digest 07:00', 'quiet on']);
  });

  it('when the kind is another, the data is junk, or there is no button, then the update goes on', async () => {
    const b = testBot();
    await b.press(enc({ kind: 'unsub', pc: 'UP-16' }));
    await b.press('s:not-a-pc');
    await b.text('हाथरस');
    expect(b.got).toEqual(['next', 'next', 'next']);
  });

  it('when a handler calls next, then the update goes on to the next middleware', async () => {
    const b = testBot();
    await b.press(enc({ kind: 'quiet', on: false }));
    expect(b.got).toEqual(['next']);
  });
});
