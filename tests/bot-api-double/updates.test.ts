import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clockUpdateId, DESCRIPTIONS } from '@chunav/bot-api-double';
import { GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { rawCall, rejection, startDouble, TOKEN } from './helpers.js';

interface Received {
  update: Update;
  secret: string | undefined;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
});

/** A local webhook receiver; `answer` decides the status per delivery. */
async function webhookServer(
  answer: (update: Update, n: number) => number | { status: number; body: string },
) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const update = JSON.parse(body) as Update;
      const header = req.headers['x-telegram-bot-api-secret-token'];
      received.push({ update, secret: typeof header === 'string' ? header : undefined });
      const reply = answer(update, received.length);
      if (typeof reply === 'number') {
        res.writeHead(reply).end();
      } else {
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('getUpdates (long polling)', () => {
  it('when a long poll is waiting, then pushUpdate wakes it at once with the update', async () => {
    const { bot, double } = await startDouble();
    const started = Date.now();
    const poll = bot.api.getUpdates({ timeout: 20 });
    await new Promise((r) => setTimeout(r, 50));
    const pushed = double.pushUpdate({ type: 'message', chat_id: 11, text: '/start pc_UP-16' });
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(updates).toEqual([pushed]);
    expect(updates[0]?.message).toMatchObject({
      chat: { id: 11, type: 'private' },
      from: { id: 11, is_bot: false },
      text: '/start pc_UP-16',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
  });

  it('when an offset is passed, then earlier updates are confirmed and not returned again', async () => {
    const { bot, double } = await startDouble();
    const a = double.pushUpdate({ type: 'message', chat_id: 1, text: 'a' });
    const b = double.pushUpdate({ type: 'message', chat_id: 1, text: 'b' });
    expect(b.update_id).toBe(a.update_id + 1);
    expect((await bot.api.getUpdates()).map((u) => u.update_id)).toEqual([a.update_id, b.update_id]);
    expect((await bot.api.getUpdates()).length).toBe(2); // not confirmed yet
    expect((await bot.api.getUpdates({ offset: b.update_id })).map((u) => u.update_id)).toEqual([
      b.update_id,
    ]);
    expect(await bot.api.getUpdates({ offset: b.update_id + 1, timeout: 0 })).toEqual([]);
    const c = double.pushUpdate({ type: 'message', chat_id: 1, text: 'c' });
    expect(await bot.api.getUpdates({ limit: 1 })).toEqual([c]);
  });

  it('when the timeout passes with nothing pushed, then an empty list comes back', async () => {
    const { bot } = await startDouble();
    const started = Date.now();
    expect(await bot.api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('when a second poller arrives, then the first gets 409 terminated by other getUpdates request', async () => {
    const { bot, apiRoot } = await startDouble();
    const first = rawCall(apiRoot, `/bot${TOKEN}/getUpdates?timeout=10`);
    await new Promise((r) => setTimeout(r, 50));
    const second = bot.api.getUpdates({ timeout: 0 });
    expect(await first).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: DESCRIPTIONS.otherPoller },
    });
    expect(await second).toEqual([]);
  });

  it('when allowed_updates is given, then later updates of other types are not queued', async () => {
    const { bot, double } = await startDouble();
    await bot.api.getUpdates({ allowed_updates: ['callback_query'] });
    double.pushUpdate({ type: 'message', chat_id: 1, text: 'ignored' });
    const cb = double.pushUpdate({ type: 'callback', chat_id: 1, message_id: 1, data: 'x' });
    expect(await bot.api.getUpdates()).toEqual([cb]);
    expect(double.stats().updates.filtered).toBe(1);
  });

  it('when a grammY bot polls, then its handlers see pushed messages and callbacks and reply', async () => {
    const { bot, double } = await startDouble();
    bot.command('start', (ctx) =>
      ctx.reply(`स्वागत ${ctx.match}`, {
        reply_markup: { inline_keyboard: [[{ text: 'हाँ', callback_data: 'yes' }]] },
      }),
    );
    bot.callbackQuery('yes', async (ctx) => {
      await ctx.answerCallbackQuery('ठीक है');
      await ctx.editMessageText('सदस्यता ली');
    });
    void bot.start({ timeout: 1 });
    try {
      double.pushUpdate({ type: 'message', chat_id: 21, text: '/start pc_UP-16' });
      const [welcome] = await double.waitForMessages(21, 1, 5000);
      expect(welcome?.text).toBe('स्वागत pc_UP-16');
      double.pushUpdate({ type: 'callback', chat_id: 21, message_id: welcome?.message_id ?? 0, data: 'yes' });
      await until(() => double.messages(21)[0]?.text === 'सदस्यता ली');
      expect(double.calls('answerCallbackQuery')).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });
});

describe('webhook', () => {
  it('when a webhook is set, then updates are POSTed with the secret header and getUpdates is refused', async () => {
    const { bot, double } = await startDouble();
    const hook = await webhookServer(() => 200);
    await bot.api.setWebhook(hook.url, { secret_token: 'chunav_Secret-1' });
    const pushed = double.pushUpdate({ type: 'message', chat_id: 3, text: 'नमस्ते' });
    await until(() => hook.received.length === 1);
    expect(hook.received[0]).toEqual({ update: pushed, secret: 'chunav_Secret-1' });

    const err = await rejection(bot.api.getUpdates());
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(409);
    expect((err as GrammyError).description).toBe(DESCRIPTIONS.webhookActive);
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: hook.url, pending_update_count: 0 });
  });

  it('when the webhook fails, then delivery is retried with backoff and per-chat order is kept', async () => {
    const { bot, double } = await startDouble({ webhook: { attempts: 4, backoffMs: 20 } });
    // The first attempt of every update fails.
    const seen = new Set<number>();
    const hook = await webhookServer((update) => {
      if (seen.has(update.update_id)) return 200;
      seen.add(update.update_id);
      return 500;
    });
    await bot.api.setWebhook(hook.url);
    const pushed = [1, 2, 3].map((n) => double.pushUpdate({ type: 'message', chat_id: 8, text: `m${n}` }));
    await until(() => double.stats().updates.webhookDelivered === 3);
    const ids = pushed.map((u) => u.update_id);
    // Each update: one failed attempt, then success, before the next update of the chat is tried.
    expect(hook.received.map((r) => r.update.update_id)).toEqual([
      ids[0],
      ids[0],
      ids[1],
      ids[1],
      ids[2],
      ids[2],
    ]);
    const info = await bot.api.getWebhookInfo();
    expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    expect(double.stats().updates.webhookFailedAttempts).toBe(3);
  });

  it('when every attempt fails, then the update is dropped and counted', async () => {
    const { bot, double } = await startDouble({ webhook: { attempts: 2, backoffMs: 10 } });
    const hook = await webhookServer(() => 503);
    await bot.api.setWebhook(hook.url);
    double.pushUpdate({ type: 'message', chat_id: 9, text: 'x' });
    await until(() => double.stats().updates.webhookGaveUp === 1);
    expect(hook.received).toHaveLength(2);
  });

  it('when the webhook answers with a method call, then the double runs it (webhook reply)', async () => {
    const { bot, double } = await startDouble();
    const hook = await webhookServer((update) => ({
      status: 200,
      body: JSON.stringify({ method: 'sendMessage', chat_id: update.message?.chat.id, text: 'उत्तर' }),
    }));
    await bot.api.setWebhook(hook.url);
    double.pushUpdate({ type: 'message', chat_id: 31, text: 'प्रश्न' });
    const [reply] = await double.waitForMessages(31, 1, 5000);
    expect(reply?.text).toBe('उत्तर');
    expect(double.calls('sendMessage')[0]?.source).toBe('webhook-reply');
  });

  it('when the webhook is deleted, then undelivered updates go back to getUpdates; drop_pending_updates drops them', async () => {
    const { bot, double } = await startDouble();
    await bot.api.setWebhook('http://127.0.0.1:9/unreachable');
    await bot.api.deleteWebhook();
    const kept = double.pushUpdate({ type: 'message', chat_id: 1, text: 'kept' });
    expect(await bot.api.getUpdates()).toEqual([kept]);
    await bot.api.deleteWebhook({ drop_pending_updates: true });
    expect(await bot.api.getUpdates()).toEqual([]);
    const bad = await rejection(bot.api.setWebhook('http://127.0.0.1:9/x', { secret_token: 'not allowed!' }));
    expect((bad as GrammyError).description).toBe('Bad Request: secret token contains unallowed characters');
  });
});

describe('update ids', () => {
  const push = (double: Awaited<ReturnType<typeof startDouble>>['double'], text: string) =>
    double.pushUpdate({ type: 'message', chat_id: 5, text }).update_id;

  it('when the double is restarted, then its update ids carry on above the ones it handed out before', async () => {
    // A bot remembers handled update ids for a day and drops repeats: a restarted sandbox that numbered
    // from the start again would go silent.
    const first = await startDouble();
    const before = ['a', 'b', 'c'].map((text) => push(first.double, text));
    await first.double.close();
    await new Promise((r) => setTimeout(r, 20)); // a restart takes at least this long
    const second = await startDouble();
    const after = [push(second.double, 'd'), push(second.double, 'e')];
    expect(after[0]).toBeGreaterThan(Math.max(...before));
    expect(after[1]).toBe((after[0] as number) + 1);
    expect(await second.bot.api.getUpdates()).toHaveLength(2);
  });

  it('when a first update id is given, then numbering starts there (fixed ids for a test)', async () => {
    const { double } = await startDouble({ firstUpdateId: 42 });
    expect([push(double, 'a'), push(double, 'b')]).toEqual([42, 43]);
    await expect(startDouble({ firstUpdateId: 0 })).rejects.toThrow(RangeError);
  });

  it('when ids come from the clock, then they count milliseconds since 2024 and never fall below the old start', () => {
    const t = Date.UTC(2026, 4, 1);
    expect(clockUpdateId(t + 1000) - clockUpdateId(t)).toBe(1000);
    expect(clockUpdateId(t)).toBe(t - Date.UTC(2024, 0, 1));
    expect(Number.isSafeInteger(clockUpdateId(Date.UTC(2100, 0, 1)))).toBe(true);
    expect(clockUpdateId(Date.UTC(2023, 0, 1))).toBe(500_000_001);
  });
});
