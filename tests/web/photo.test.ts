import { Api, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, telegramPhotoUploader } from '../../src/web/photo.js';
import { createDeskEnv, type DeskEnvT, EDITOR } from './desk-env.js';

/** The Bot API calls the uploader made, answered as Telegram answers them (no network). */
const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
function offlineApi(): Api {
  const api = new Api('123456:TEST-token-for-desk-photo-uploads', { apiRoot: 'http://127.0.0.1:9' });
  api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    const result =
      method === 'sendPhoto'
        ? {
            message_id: 41,
            date: 0,
            chat: { id: EDITOR, type: 'private', first_name: 'x' },
            photo: [
              { file_id: 'AgACAgSmallSizeFileId', file_unique_id: 'a', width: 90, height: 60 },
              { file_id: 'AgACAgLargestSizeFileId', file_unique_id: 'b', width: 1280, height: 853 },
            ],
          }
        : true;
    return { ok: true, result } as never;
  });
  return api;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]);

let d: DeskEnvT;
beforeEach(async () => {
  calls.length = 0;
  d = await createDeskEnv('https://desk.example.com', { uploadPhoto: telegramPhotoUploader(offlineApi()) });
});
afterEach(async () => {
  await d.cleanup();
});

async function upload(cookie: string, bytes: Uint8Array, name = 'x.png') {
  const body = new FormData();
  body.append('photo', new File([bytes], name));
  const res = await d.app.request('/desk/api/photo', { method: 'POST', headers: d.headers(cookie), body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('web desk photo upload', () => {
  it('when an editor uploads a PNG, then it goes to Telegram in their own chat, silently, is deleted there, and its file id is kept in the draft', async () => {
    const cookie = await d.signIn(EDITOR);
    const r = await upload(cookie, PNG);
    expect(r).toEqual({ status: 200, json: { ok: true, fileId: 'AgACAgLargestSizeFileId' } });
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'deleteMessage']);
    expect(calls[0]?.payload.chat_id).toBe(EDITOR);
    expect(calls[0]?.payload.disable_notification).toBe(true);
    expect(calls[0]?.payload.photo).toBeInstanceOf(InputFile);
    expect(calls[1]?.payload).toEqual({ chat_id: EDITOR, message_id: 41 });
    const saved = await d.app.request('/desk/api/draft', {
      method: 'POST',
      headers: d.headers(cookie, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        title: 'तस्वीर वाली परीक्षण ब्रीफिंग',
        summary: 'परीक्षण हेतु काल्पनिक।',
        body: 'परीक्षण हेतु काल्पनिक खबर।',
        scope: 'seats',
        seats: ['UP-16'],
        photoFileId: 'AgACAgLargestSizeFileId',
      }),
    });
    const answer = (await saved.json()) as { draftId: string };
    expect(answer).toMatchObject({ ok: true });
    const { draftId } = answer;
    expect((await d.core.drafts.get(draftId))?.photo).toEqual({
      kind: 'telegram',
      fileId: 'AgACAgLargestSizeFileId',
    });
  });

  it('when the file is not an image, or too large, or comes without the CSRF header, then it is refused and nothing reaches Telegram', async () => {
    const cookie = await d.signIn(EDITOR);
    const text = await upload(cookie, new TextEncoder().encode('<svg onload=alert(1)>'), 'x.png');
    expect(text.status).toBe(415);
    expect(text.json.error).toBe(d.core.i18n.t('hi', 'web.err-photo-type'));
    const big = new Uint8Array(MAX_PHOTO_BYTES + 100_000);
    big.set(PNG);
    const large = await upload(cookie, big);
    expect(large.status).toBe(413);
    const { 'x-csrf-token': _, ...noToken } = d.headers(cookie);
    const body = new FormData();
    body.append('photo', new File([PNG], 'x.png'));
    body.append('_csrf', d.headers(cookie)['x-csrf-token'] as string);
    expect((await d.app.request('/desk/api/photo', { method: 'POST', headers: noToken, body })).status).toBe(
      403,
    );
    expect(calls).toEqual([]);
  });
});
