import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { rawCall, startDouble } from './helpers.js';

async function control(
  apiRoot: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { ok: boolean; result?: unknown; error?: string; received?: number } }> {
  const init: RequestInit =
    body === undefined
      ? { headers }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        };
  return (await rawCall(apiRoot, `/control/${path}`, init)) as never;
}

describe('control side over HTTP', () => {
  it('when updates are pushed over HTTP, then the double fills ids, chat and sender', async () => {
    const { apiRoot, bot } = await startDouble();
    const one = await control(apiRoot, 'updates', {
      type: 'message',
      chat_id: -1001234,
      text: 'hi',
      chat_type: 'supergroup',
    });
    expect(one.body.result).toMatchObject({
      update_id: expect.any(Number),
      message: {
        message_id: 1,
        chat: { id: -1001234, type: 'supergroup' },
        from: { is_bot: false },
        text: 'hi',
      },
    });
    const many = await control(apiRoot, 'updates', [
      { type: 'edited_message', chat_id: -1001234, text: 'hi!' },
      { message: { message_id: 9, date: 1, chat: { id: 5, type: 'private', first_name: 'R' }, text: 'raw' } },
    ]);
    expect(many.body.result).toMatchObject([
      { edited_message: { message_id: 1, text: 'hi!', edit_date: expect.any(Number) } },
      { message: { message_id: 9, text: 'raw' } },
    ]);
    expect((await bot.api.getUpdates()).length).toBe(3);
    const bad = await control(apiRoot, 'updates', { type: 'carrier_pigeon', chat_id: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown update type 'carrier_pigeon'/);
  });

  it('when messages, calls and stats are read, then they show what the bot did', async () => {
    const { apiRoot, bot } = await startDouble();
    await bot.api.sendMessage(1, 'a');
    const mark = ((await control(apiRoot, 'messages')).body.result as Array<{ time: number }>)[0]?.time;
    await bot.api.sendMessage(1, 'b');
    await bot.api.sendMessage(2, 'c');
    expect((await control(apiRoot, 'messages?chat_id=1')).body.result).toMatchObject([
      { text: 'a' },
      { text: 'b' },
    ]);
    expect((await control(apiRoot, `messages?since=${mark}`)).body.result).toMatchObject([
      { text: 'b' },
      { text: 'c' },
    ]);
    const calls = (await control(apiRoot, 'calls?method=sendMessage')).body.result as unknown[];
    expect(calls).toHaveLength(3);
    expect((await control(apiRoot, 'stats')).body.result).toMatchObject({
      calls: { total: 3, byMethod: { sendMessage: 3 } },
      responses: { '200': 3 },
      messages: { sent: 3, chats: 2, duplicates: 0 },
    });
  });

  it('when config is posted, then faults change at run time; reset forgets state', async () => {
    const { apiRoot, bot } = await startDouble();
    const changed = await control(apiRoot, 'config', { rateLimit: { global: 1 }, missingChats: [7] });
    expect(changed.body.result).toMatchObject({
      rateLimit: { global: 1 },
      missingChats: [7],
      tokenRequired: false,
    });
    await bot.api.sendMessage(1, 'a');
    await expect(bot.api.sendMessage(1, 'b')).rejects.toMatchObject({ error_code: 429 });
    const invalid = await control(apiRoot, 'config', { faults: { p5xx: 2 } });
    expect(invalid.status).toBe(400);
    await control(apiRoot, 'reset', {});
    expect((await control(apiRoot, 'messages')).body.result).toEqual([]);
    expect((await control(apiRoot, 'stats')).body.result).toMatchObject({ calls: { total: 0 } });
    expect((await control(apiRoot, 'config')).body.result).toMatchObject({ rateLimit: { global: 1 } });
    await control(apiRoot, 'reset', { restoreConfig: true });
    expect((await control(apiRoot, 'config')).body.result).toMatchObject({
      rateLimit: { global: 0 },
      missingChats: [],
    });
  });

  it('when a test waits for messages, then it returns as soon as they exist, or 408 on timeout', async () => {
    const { apiRoot, bot } = await startDouble();
    const waiting = control(apiRoot, 'wait?chat_id=3&count=2&timeout_ms=5000');
    await bot.api.sendMessage(3, 'one');
    await bot.api.sendMessage(3, 'two');
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body.result).toMatchObject([{ text: 'one' }, { text: 'two' }]);
    const timedOut = await control(apiRoot, 'wait?chat_id=3&count=3&timeout_ms=50');
    expect(timedOut.status).toBe(408);
    expect(timedOut.body.received).toBe(2);
    expect((await control(apiRoot, 'wait?count=2&timeout_ms=50')).body.result).toEqual({ count: 2 });
  });

  it('when a client listens on the stream, then it receives messages, edits and deletes as SSE', async () => {
    const { apiRoot, bot } = await startDouble();
    const res = await fetch(`${apiRoot}/control/stream?chat_id=4`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const sent = await bot.api.sendMessage(4, '<b>x</b>', { parse_mode: 'HTML' });
    await bot.api.sendMessage(99, 'other chat: filtered out');
    await bot.api.editMessageText(4, sent.message_id, 'y');
    await bot.api.deleteMessage(4, sent.message_id);
    let text = '';
    const decoder = new TextDecoder();
    while ((text.match(/^event: /gm) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await reader.cancel();
    const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => [
      m[1],
      JSON.parse(m[2] ?? '{}'),
    ]);
    expect(events.map((e) => e[0])).toEqual(['message', 'edit', 'delete']);
    expect(events[0]?.[1]).toMatchObject({
      record: { text: '<b>x</b>' },
      message: { text: 'x', entities: [{ type: 'bold' }] },
    });
    expect(events[1]?.[1]).toMatchObject({ message_id: sent.message_id, message: { text: 'y' } });
  });

  it('when a control token is set, then control requests need it and the API does not', async () => {
    const { apiRoot, bot } = await startDouble({ controlToken: 's3cret' });
    expect((await control(apiRoot, 'stats')).status).toBe(401);
    expect((await control(apiRoot, 'stats', undefined, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await control(apiRoot, 'stats?token=s3cret')).status).toBe(200);
    await expect(bot.api.getMe()).resolves.toBeDefined();
  });

  it('when recordText is off, then only chat, id and time are kept but counts and duplicates still work', async () => {
    const { double, bot } = await startDouble({ recordText: false });
    await bot.api.sendMessage(1, 'same');
    await bot.api.sendMessage(1, 'same');
    await bot.api.sendMessage(2, 'same');
    const messages = double.messages();
    expect(messages.map((m) => Object.keys(m).sort())).toEqual(
      Array(3).fill(['chat_id', 'message_id', 'time']),
    );
    expect(messages.map((m) => [m.chat_id, m.message_id])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
    expect(double.stats().messages).toMatchObject({ sent: 3, duplicates: 1, duplicateChats: 1 });
    await expect(bot.api.editMessageText(1, 2, 'edited')).resolves.toMatchObject({ text: 'edited' });
  });
});

describe('CLI', () => {
  it('when started with flags, then it prints its apiRoot and serves with those settings and update ids', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'packages/bot-api-double/src/cli.ts',
        '--port',
        '0',
        '--rate',
        '1',
        '--missing',
        '13',
        '--first-update-id',
        '900',
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [apiRoot] = (await once(lines, 'line')) as [string];
      expect(apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const config = (await rawCall(apiRoot, '/control/config')).body.result as Record<string, unknown>;
      expect(config).toMatchObject({ rateLimit: { global: 1 }, missingChats: [13] });
      const pushed = await rawCall(apiRoot, '/control/updates', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', chat_id: 5, text: 'hi' }),
      });
      expect(pushed.body.result).toMatchObject({ update_id: 900 });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
