import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import {
  type Conversations,
  createConversations,
  createWebChat,
  SANDBOX_BOT,
  SANDBOX_BOT_TOKEN,
  SANDBOX_USERS,
  type WebChat,
} from '@chunav/sandbox';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

const READER = 700_001;
let double: BotApiDouble;
let conversations: Conversations;
let web: WebChat;
let base: string;

beforeAll(async () => {
  double = createBotApiDouble({ token: SANDBOX_BOT_TOKEN, botInfo: SANDBOX_BOT });
  await double.listen(0);
  conversations = createConversations(
    double,
    SANDBOX_USERS.map((u) => u.id),
  );
  web = createWebChat({
    double,
    conversations,
    users: SANDBOX_USERS,
    botUsername: SANDBOX_BOT.username,
    botName: SANDBOX_BOT.first_name,
    localesDir: 'locales',
    logger: createLogger('silent'),
  });
  base = `http://127.0.0.1:${await web.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await web?.close();
  conversations?.close();
  await double?.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Updates the bot would get from getUpdates, confirmed so that the next call sees only new ones. */
async function takeUpdates(): Promise<Update[]> {
  const res = (await double.invoke('getUpdates', { timeout: 0 })) as { ok: true; result: Update[] };
  const last = res.result.at(-1);
  if (last) await double.invoke('getUpdates', { offset: last.update_id + 1, timeout: 0 });
  return res.result;
}

/** Opens /api/stream and collects its events. */
async function openStream(): Promise<{ events: Array<{ event: string; data: unknown }>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/stream`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  await expect.poll(() => events.some((e) => e.event === 'ready')).toBe(true);
  return { events, close: () => controller.abort() };
}

describe('sandbox web chat', () => {
  it('when the page is asked for, then it comes with a strict content security policy', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('/sandbox.js');
    expect((await fetch(`${base}/sandbox.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('when /api/info is asked for in English, then it lists three readers and the admin with English page text', async () => {
    const res = (await (await fetch(`${base}/api/info?lang=en`)).json()) as {
      result: { lang: string; strings: Record<string, string>; users: Array<{ role: string; name: string }> };
    };
    expect(res.result.lang).toBe('en');
    expect(res.result.strings.banner).toMatch(/not the real Telegram/);
    expect(res.result.users.map((u) => u.role)).toEqual(['reader', 'reader', 'reader', 'admin']);
    expect(res.result.users[0]?.name).toBe('Anita Sharma');
    const hi = (await (await fetch(`${base}/api/info`)).json()) as {
      result: { strings: Record<string, string> };
    };
    expect(hi.result.strings.banner).toMatch(/सैंडबॉक्स/);
  });

  it('when a reader sends text over HTTP, then the bot gets it as a message update and the chat shows it', async () => {
    const sent = await post(`/api/chats/${READER}/messages`, { text: 'हाथरस' });
    expect(sent.status).toBe(200);
    const updates = await takeUpdates();
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message?.text).toBe('हाथरस');
    expect(updates[0]?.message?.chat.id).toBe(READER);
    expect(updates[0]?.message?.from?.first_name).toBe('अनीता');
    const history = (await (await fetch(`${base}/api/chats/${READER}/messages`)).json()) as {
      result: Array<{ from: string; text: string }>;
    };
    expect(history.result.at(-1)).toMatchObject({ from: 'user', text: 'हाथरस' });
  });

  it('when the bot sends, edits and answers, then the stream carries the formatted message, the edit in place and a toast', async () => {
    const stream = await openStream();
    try {
      const sent = (await double.invoke('sendMessage', {
        chat_id: READER,
        text: '<b>हाथरस</b> <a href="https://t.me/chunav_sandbox_bot?start=b_x">ये भी पढ़ें</a>',
        parse_mode: 'HTML',
        reply_markup: JSON.stringify({
          inline_keyboard: [[{ text: 'फॉलो करें', callback_data: 'sub:UP-16' }]],
        }),
      })) as { ok: true; result: { message_id: number } };
      const messageId = sent.result.message_id;
      await expect
        .poll(() =>
          stream.events.find(
            (e) =>
              e.event === 'entry' &&
              (e.data as { entry: { message_id: number } }).entry.message_id === messageId,
          ),
        )
        .toBeDefined();
      const entry = (
        stream.events.find((e) => e.event === 'entry') as {
          data: { chat_id: number; entry: Record<string, unknown> };
        }
      ).data;
      expect(entry.chat_id).toBe(READER);
      expect(entry.entry).toMatchObject({
        from: 'bot',
        text: 'हाथरस ये भी पढ़ें',
        buttons: [[{ text: 'फॉलो करें', callback_data: 'sub:UP-16' }]],
      });
      expect(entry.entry.entities).toEqual([
        { type: 'bold', offset: 0, length: 5 },
        { type: 'text_link', offset: 6, length: 11, url: 'https://t.me/chunav_sandbox_bot?start=b_x' },
      ]);

      // A press on a button the bot showed becomes a callback query; one it never showed is refused.
      expect(
        (await post(`/api/chats/${READER}/callback`, { message_id: messageId, data: 'sub:UP-16' })).status,
      ).toBe(200);
      const [press] = await takeUpdates();
      expect(press?.callback_query?.data).toBe('sub:UP-16');
      expect(press?.callback_query?.message?.message_id).toBe(messageId);
      const forged = await post(`/api/chats/${READER}/callback`, {
        message_id: messageId,
        data: 'admin:anything',
      });
      expect(forged.status).toBe(409);
      expect(await takeUpdates()).toEqual([]);

      await double.invoke('answerCallbackQuery', {
        callback_query_id: press?.callback_query?.id ?? '',
        text: 'हाथरस जोड़ी गई',
      });
      await double.invoke('editMessageText', { chat_id: READER, message_id: messageId, text: 'भेजे गए: 1' });
      await expect.poll(() => stream.events.some((e) => e.event === 'toast')).toBe(true);
      expect(stream.events.find((e) => e.event === 'toast')?.data).toEqual({
        chat_id: READER,
        toast: { text: 'हाथरस जोड़ी गई', alert: false },
      });
      await expect
        .poll(() =>
          stream.events.some(
            (e) => e.event === 'entry' && (e.data as { entry: { edited: boolean } }).entry.edited,
          ),
        )
        .toBe(true);
      const history = (await (await fetch(`${base}/api/chats/${READER}/messages`)).json()) as {
        result: Array<{ message_id: number; text: string; edited: boolean; buttons: unknown[] }>;
      };
      const edited = history.result.filter((m) => m.message_id === messageId);
      expect(edited).toEqual([expect.objectContaining({ text: 'भेजे गए: 1', edited: true, buttons: [] })]);
    } finally {
      stream.close();
    }
  });

  it("when the bot sends a photo or a text under a large preview, then the chat shows the photo's address above the text, also after an edit", async () => {
    const token = SANDBOX_BOT_TOKEN;
    const api = `${double.apiRoot}/bot${token}`;
    const call = async (method: string, body: Record<string, unknown>) =>
      (await (
        await fetch(`${api}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { result: { message_id: number } };
    const photo = await call('sendPhoto', {
      chat_id: READER,
      photo: 'https://example.com/p.jpg',
      caption: '<b>परीक्षण</b> फोटो',
      parse_mode: 'HTML',
    });
    await call('editMessageCaption', {
      chat_id: READER,
      message_id: photo.result.message_id,
      caption: 'बदला',
    });
    await call('sendPhoto', { chat_id: READER, photo: 'AgACAgIAAxkBAAIBdGZ0sandbox' });
    await call('sendMessage', {
      chat_id: READER,
      text: 'लंबा परीक्षण पाठ',
      link_preview_options: {
        url: 'https://example.com/q.jpg',
        prefer_large_media: true,
        show_above_text: true,
      },
    });
    const history = (await (await fetch(`${base}/api/chats/${READER}/messages`)).json()) as {
      result: Array<{ text: string; photo?: { url?: string }; edited: boolean }>;
    };
    const last = history.result.slice(-3);
    expect(last[0]).toMatchObject({
      text: 'बदला',
      photo: { url: 'https://example.com/p.jpg' },
      edited: true,
    });
    expect(last[1]).toMatchObject({ text: '', photo: {} });
    expect(last[1]?.photo?.url).toBeUndefined();
    expect(last[2]).toMatchObject({ text: 'लंबा परीक्षण पाठ', photo: { url: 'https://example.com/q.jpg' } });
  });

  it('when a request is wrong, then it gets a clear 4xx and nothing reaches the bot', async () => {
    expect((await post('/api/chats/12345/messages', { text: 'hi' })).status).toBe(404);
    expect((await post(`/api/chats/${READER}/messages`, { text: '   ' })).json.error).toMatch(/text/);
    expect((await post(`/api/chats/${READER}/messages`, '{not json')).status).toBe(400);
    expect((await post(`/api/chats/${READER}/messages`, { text: 'x'.repeat(4097) })).status).toBe(400);
    expect((await post(`/api/chats/${READER}/callback`, { data: 'x' })).status).toBe(400);
    expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
    expect(await takeUpdates()).toEqual([]);
  });

  it("when another site's page posts plain text or a rebound host name asks, then it is refused and nothing reaches the bot", async () => {
    // A cross-site form or fetch without a preflight can only send text/plain.
    const plain = await fetch(`${base}/api/chats/${READER}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ text: '/broadcast' }),
    });
    expect(plain.status).toBe(415);
    // DNS rebinding: the request reaches 127.0.0.1 but names another host.
    const { request } = await import('node:http');
    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/api/chats/${READER}/messages`);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.setHeader('host', 'attacker.example:8080');
      req.setHeader('content-type', 'application/json');
      req.on('error', reject);
      req.end(JSON.stringify({ text: 'hi' }));
    });
    expect(rebound).toBe(403);
    expect(await takeUpdates()).toEqual([]);
  });
});
