import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClockSync, createPacer, createSendPacers } from '../../src/delivery/pacer.js';
import { isPacedMethod } from '../../src/delivery/reply-budget.js';
import { createKeys } from '../../src/store/keys.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let env: TestRedis;
beforeEach(async () => {
  env = await createTestRedis('pacer');
});
afterEach(async () => {
  await env.cleanup();
});

describe('send pacer on the shared Redis budget', () => {
  it('when two processes send under one limit, then no window of 1000 ms + the spread holds more than the limit', async () => {
    const keys = createKeys(env.prefix);
    // Two pacers on the same budget stand for two worker processes.
    const make = () => createPacer({ redis: env.redis, state: keys.pace, log: keys.paceLog, rate: 5 });
    const a = make();
    const b = make();
    const times: number[] = [];
    const one = async (p: ReturnType<typeof make>) => {
      await p.wait();
      times.push(performance.now());
    };
    await Promise.all([
      ...Array.from({ length: 7 }, () => one(a)),
      ...Array.from({ length: 6 }, () => one(b)),
    ]);
    times.sort((x, y) => x - y);
    // 13 sends at 5 per window: the 6th comes a window after the 1st, the 11th after the 6th. A grant
    // may be used up to the lateness allowance after Redis made it (the window is widened for that), so
    // seen here no second holds more than 5.
    expect(a.windowMs()).toBeGreaterThanOrEqual(1000 + a.lateAllowanceMs() + 1);
    for (let i = 0; i + 5 < times.length; i++) {
      expect((times[i + 5] as number) - (times[i] as number)).toBeGreaterThanOrEqual(1000);
    }
    expect(a.stats().sends + b.stats().sends).toBe(13);
  });

  it('when a reader writes during a broadcast, then the reply goes before the broadcast sends still waiting', async () => {
    const keys = createKeys(env.prefix);
    const pacers = createSendPacers({ redis: env.redis, keys, sendRate: 4, paidBroadcast: false });
    const order: string[] = [];
    const broadcast = Array.from({ length: 6 }, (_, i) =>
      pacers.broadcast.wait().then(() => order.push(`b${i}`)),
    );
    // Let the broadcast take what the window gives it (3 of 4: one stays spare for replies).
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['b0', 'b1', 'b2']);
    await pacers.replies.wait();
    order.push('reply');
    await Promise.all(broadcast);
    expect(order.indexOf('reply')).toBe(3);
  });

  it('when the broadcast is paid, then replies keep the free budget to themselves', async () => {
    const keys = createKeys(env.prefix);
    const pacers = createSendPacers({ redis: env.redis, keys, sendRate: 1000, paidBroadcast: true });
    expect(pacers.broadcast).not.toBe(pacers.edits);
    // The free budget's window is widened for 30 a second, the paid one for 1000.
    expect(pacers.replies.intervalMs).toBeCloseTo(1025 / 30, 3);
    expect(pacers.broadcast.intervalMs).toBeCloseTo(1025 / 1000, 3);
  });

  it('when the budget is paused after a 429, then nothing is let through until the pause ends', async () => {
    const keys = createKeys(env.prefix);
    const p = createPacer({ redis: env.redis, state: keys.pace, log: keys.paceLog, rate: 30 });
    await p.pauseFor(300);
    const t0 = performance.now();
    await p.wait();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });
});

describe('pacer helpers', () => {
  it("when Redis's clock is carried over, then the fastest answer sets the offset and a late one does not move it", () => {
    const sync = createClockSync();
    sync.observe(1_000_000, 100); // offset −999,900
    sync.observe(1_000_050, 170); // read 20 ms late: offset −999,880, ignored
    expect(sync.toLocal(1_000_100)).toBe(200);
  });

  it('when the bot calls Telegram, then only calls that send or edit a message are paced', () => {
    for (const m of ['sendMessage', 'sendPhoto', 'copyMessage', 'forwardMessages', 'editMessageText'])
      expect(isPacedMethod(m)).toBe(true);
    for (const m of ['sendChatAction', 'answerCallbackQuery', 'getUpdates', 'deleteMessage', 'getMe'])
      expect(isPacedMethod(m)).toBe(false);
  });
});
