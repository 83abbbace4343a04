import { DESCRIPTIONS, maxInSlidingWindow } from '@chunav/bot-api-double';
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { rejection, startDouble } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outcome(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  const err = result.reason as unknown;
  if (err instanceof GrammyError) return String(err.error_code);
  if (err instanceof HttpError) return 'network';
  return 'other';
}

describe('rate limiting (sliding window)', () => {
  it('when 40 sends arrive at once with a limit of 20, then exactly 20 pass and 20 get 429 with retry_after', async () => {
    const { bot, double } = await startDouble({ rateLimit: { global: 20 } });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => bot.api.sendMessage(1000 + i, `संदेश ${i}`)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as GrammyError] : []));
    expect(refused).toHaveLength(20);
    for (const err of refused) {
      expect(err).toBeInstanceOf(GrammyError);
      expect(err.error_code).toBe(429);
      expect(Number.isInteger(err.parameters.retry_after)).toBe(true);
      expect(err.parameters.retry_after).toBeGreaterThanOrEqual(1);
      expect(err.description).toBe(`Too Many Requests: retry after ${err.parameters.retry_after}`);
    }
    const times = double.messages().map((m) => m.time);
    expect(times).toHaveLength(20);
    expect(maxInSlidingWindow(times, 1000)).toBeLessThanOrEqual(20);
    expect(double.stats()).toMatchObject({
      rateLimited: 20,
      tooManyRequests: 20,
      messages: { sent: 20, maxPerSecond: 20 },
    });
  });

  it('when the window slides, then a send is refused until the oldest admission is 1000 ms old', async () => {
    const { bot } = await startDouble({ rateLimit: { global: 5 } });
    const start = Date.now();
    await Promise.all(Array.from({ length: 5 }, (_, i) => bot.api.sendMessage(i + 1, 'x')));
    await sleep(500);
    // A fixed per-second bucket could already admit this; a sliding window must not.
    expect(
      outcome((await Promise.allSettled([bot.api.sendMessage(9, 'y')]))[0] as PromiseSettledResult<unknown>),
    ).toBe('429');
    await sleep(Math.max(0, 1150 - (Date.now() - start)));
    await expect(bot.api.sendMessage(9, 'y')).resolves.toMatchObject({ message_id: 1 });
  });

  it('when a chat is at its own limit, then it gets 429 without using up a global slot', async () => {
    const { bot } = await startDouble({ rateLimit: { global: 2, perChat: 1 } });
    await bot.api.sendMessage(1, 'a');
    const second = await rejection(bot.api.sendMessage(1, 'b'));
    expect((second as GrammyError).error_code).toBe(429);
    await expect(bot.api.sendMessage(2, 'c')).resolves.toBeDefined();
  });

  it('when sends carry allow_paid_broadcast, then they count against the paid limit instead', async () => {
    const { bot } = await startDouble({ rateLimit: { global: 2, paid: 5 } });
    const paid = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => bot.api.sendMessage(i + 1, 'p', { allow_paid_broadcast: true })),
    );
    expect(paid.map(outcome).sort()).toEqual(['429', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const normal = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) => bot.api.sendMessage(i + 1, 'n')),
    );
    expect(normal.map(outcome).sort()).toEqual(['429', 'ok', 'ok']);
  });

  it('when retryAfter is configured, then the limiter announces it', async () => {
    const { bot } = await startDouble({ rateLimit: { global: 1, retryAfter: 7 } });
    await bot.api.sendMessage(1, 'a');
    const err = (await rejection(bot.api.sendMessage(1, 'b'))) as GrammyError;
    expect(err.parameters.retry_after).toBe(7);
  });
});

describe('injected faults', () => {
  it('when p429 is 1, then every send gets 429 with retry_after from the range and nothing is recorded', async () => {
    const { bot, double } = await startDouble({ faults: { p429: 1, retryAfter: { min: 3, max: 3 } } });
    const err = (await rejection(bot.api.sendMessage(1, 'x'))) as GrammyError;
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBe(3);
    expect(double.messages()).toHaveLength(0);
    expect(double.stats()).toMatchObject({ injected429: 1, tooManyRequests: 1 });
    // Faults hit send methods only, unless configured otherwise.
    await expect(bot.api.getMe()).resolves.toBeDefined();
  });

  it('when p5xx is 1, then sends get 500 Internal Server Error or 502 Bad Gateway', async () => {
    const { bot, double } = await startDouble({ faults: { p5xx: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => bot.api.sendMessage(1, 'x')));
    const seen = new Set(
      results.map(
        (r) =>
          `${(r as PromiseRejectedResult).reason.error_code} ${(r as PromiseRejectedResult).reason.description}`,
      ),
    );
    expect(seen).toEqual(new Set(['500 Internal Server Error', '502 Bad Gateway']));
    expect(double.stats().serverErrors).toBe(30);
    expect(double.messages()).toHaveLength(0);
  });

  it('when the socket is dropped before recording, then the client sees a network error and nothing is recorded', async () => {
    const { bot, double } = await startDouble({ faults: { pDropBeforeRecord: 1 } });
    const err = await rejection(bot.api.sendMessage(1, 'x'));
    expect(err).toBeInstanceOf(HttpError);
    expect(double.messages()).toHaveLength(0);
    expect(double.stats().drops).toEqual({ beforeRecord: 1, afterRecord: 0, total: 1 });
    expect(double.calls('sendMessage')[0]).toMatchObject({ status: 0, dropped: 'before-record' });
  });

  it('when the answer is dropped after recording, then the message exists and a retry duplicates it', async () => {
    const { bot, double } = await startDouble({ faults: { pDropAfterRecord: 1 } });
    const err = await rejection(bot.api.sendMessage(1, 'ब्रेकिंग'));
    expect(err).toBeInstanceOf(HttpError);
    expect(double.messages(1)).toMatchObject([{ text: 'ब्रेकिंग', message_id: 1 }]);
    double.configure({ faults: null });
    await bot.api.sendMessage(1, 'ब्रेकिंग');
    expect(double.stats().messages).toMatchObject({ sent: 2, duplicates: 1, duplicateChats: 1 });
    expect(double.stats().drops.afterRecord).toBe(1);
  });

  it('when the same seed is used, then the same fault sequence comes out', async () => {
    const run = async () => {
      const { bot } = await startDouble({ seed: 42, faults: { p429: 0.3, p5xx: 0.2 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++)
        outcomes.push(
          outcome(
            (await Promise.allSettled([bot.api.sendMessage(1, `${i}`)]))[0] as PromiseSettledResult<unknown>,
          ),
        );
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', '429', '500', '502']));
  });

  it('when latency is set, then calls take at least that long', async () => {
    const { bot, double } = await startDouble({ latencyMs: 120 });
    const start = performance.now();
    await bot.api.getMe();
    expect(performance.now() - start).toBeGreaterThanOrEqual(115);
    double.configure({ latencyMs: { min: 0, max: 5 } });
    const quick = performance.now();
    await bot.api.getMe();
    expect(performance.now() - quick).toBeLessThan(100);
  });
});

describe('chats that cannot receive', () => {
  it('when a chat is dead, deactivated or missing, then Telegram’s 403 / 400 comes back', async () => {
    const { bot, double } = await startDouble({ deadChats: [1], deactivatedChats: [2], missingChats: [3] });
    const code = async (chat: number) => {
      const err = (await rejection(bot.api.sendMessage(chat, 'x'))) as GrammyError;
      return `${err.error_code} ${err.description}`;
    };
    expect(await code(1)).toBe(`403 ${DESCRIPTIONS.blocked}`);
    expect(await code(2)).toBe(`403 ${DESCRIPTIONS.deactivated}`);
    expect(await code(3)).toBe(`400 ${DESCRIPTIONS.chatNotFound}`);
    expect(double.messages()).toHaveLength(0);
  });

  it('when a user blocks and unblocks the bot (my_chat_member), then sends follow', async () => {
    const { bot, double } = await startDouble();
    const update = double.pushUpdate({ type: 'my_chat_member', chat_id: 5, status: 'kicked' });
    expect(update.my_chat_member?.new_chat_member.status).toBe('kicked');
    expect(((await rejection(bot.api.sendMessage(5, 'x'))) as GrammyError).error_code).toBe(403);
    double.pushUpdate({ type: 'my_chat_member', chat_id: 5, status: 'member' });
    await expect(bot.api.sendMessage(5, 'x')).resolves.toBeDefined();
  });

  it('when a block came in as an update, then reset with restoreConfig brings back the configured chats only', async () => {
    const { bot, double } = await startDouble({ deadChats: [1] });
    double.pushUpdate({ type: 'my_chat_member', chat_id: 5, status: 'kicked' });
    expect(double.config().deadChats.sort()).toEqual([1, 5]);
    double.reset({ restoreConfig: true });
    expect(double.config().deadChats).toEqual([1]);
    await expect(bot.api.sendMessage(5, 'x')).resolves.toBeDefined();
  });

  it('when knownChatsOnly is on, then the bot cannot start a conversation before the user writes', async () => {
    const { bot, double } = await startDouble({ knownChatsOnly: true });
    const err = (await rejection(bot.api.sendMessage(6, 'x'))) as GrammyError;
    expect(err.description).toBe(DESCRIPTIONS.cantInitiate);
    double.pushUpdate({ type: 'message', chat_id: 6, text: '/start' });
    const sent = await bot.api.sendMessage(6, 'x');
    expect(sent.message_id).toBe(2); // the user's /start took id 1
  });

  it('when faults are changed at run time, then the next call follows the new settings', async () => {
    const { bot, double } = await startDouble();
    await bot.api.sendMessage(1, 'a');
    double.configure({ deadChats: [1] });
    expect(((await rejection(bot.api.sendMessage(1, 'b'))) as GrammyError).error_code).toBe(403);
    double.configure({ deadChats: [] });
    await expect(bot.api.sendMessage(1, 'c')).resolves.toBeDefined();
    expect(() => double.configure({ faults: { p429: 0.8, p5xx: 0.5 } })).toThrow(RangeError);
  });
});
