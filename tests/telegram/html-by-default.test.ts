import type { ApiCallFn } from 'grammy';
import { describe, expect, it } from 'vitest';
import { htmlByDefault } from '../../src/telegram/html-by-default.js';

/** Runs one call through the transformer and returns the payload that reached the next step. */
async function passThrough(
  method: string,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let seen: Record<string, unknown> | undefined;
  const prev = (async (_method: string, p: Record<string, unknown>) => {
    seen = p;
    return { ok: true, result: true };
  }) as unknown as ApiCallFn;
  await htmlByDefault(prev, method as 'sendMessage', payload as never);
  if (!seen) throw new Error('the transformer did not call on');
  return seen;
}

describe('htmlByDefault', () => {
  it.each([
    ['sendMessage', { chat_id: 1, text: '<b>x</b>' }],
    ['editMessageText', { chat_id: 1, message_id: 2, text: '<b>x</b>' }],
    ['sendPhoto', { chat_id: 1, photo: 'file-id', caption: '<i>x</i>' }],
    ['copyMessage', { chat_id: 1, from_chat_id: 2, message_id: 3, caption: 'x' }],
    ['editMessageCaption', { chat_id: 1, message_id: 2, caption: 'x' }],
  ])('when %s says nothing about formatting, then it goes out as HTML', async (method, payload) => {
    expect(await passThrough(method, payload)).toEqual({ ...payload, parse_mode: 'HTML' });
  });

  it('when a call names its own parse mode, then it is kept', async () => {
    const p = { chat_id: 1, text: '*x*', parse_mode: 'MarkdownV2' };
    expect(await passThrough('sendMessage', p)).toEqual(p);
  });

  it('when a text carries entities, or names them even as undefined, then no parse mode is added', async () => {
    const withEntities = { chat_id: 1, text: 'x <y>', entities: [{ type: 'bold', offset: 0, length: 1 }] };
    expect(await passThrough('sendMessage', withEntities)).toEqual(withEntities);
    const named = { chat_id: 1, text: 'a < b', entities: undefined };
    expect(await passThrough('sendMessage', named)).not.toHaveProperty('parse_mode');
    const namedMode = { chat_id: 1, text: 'a < b', parse_mode: undefined };
    expect((await passThrough('editMessageText', namedMode)).parse_mode).toBeUndefined();
    const caption = { chat_id: 1, photo: 'f', caption: 'a < b', caption_entities: [] };
    expect(await passThrough('sendPhoto', caption)).not.toHaveProperty('parse_mode');
  });

  it('when a copy keeps the original caption or the method has no text, then the payload is untouched', async () => {
    const copy = { chat_id: 1, from_chat_id: 2, message_id: 3 };
    expect(await passThrough('copyMessage', copy)).toEqual(copy);
    const answer = { callback_query_id: '7', text: 'toast' };
    expect(await passThrough('answerCallbackQuery', answer)).toEqual(answer);
  });

  it('when it adds the parse mode, then the caller’s object is not changed (a retry sends it again)', async () => {
    const p = { chat_id: 1, text: 'x' };
    const sent = await passThrough('sendMessage', p);
    expect(sent).not.toBe(p);
    expect(p).toEqual({ chat_id: 1, text: 'x' });
  });
});
