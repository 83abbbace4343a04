import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClockSync, createPacer, createSendPacers, PACE_SPREAD_MS } from '../../src/delivery/pacer.js';
import { isPacedMethod } from '../../src/delivery/reply-budget.js';
import { createKeys } from '../../src/store/keys.js';
import { createPaceBudget } from '../../src/store/pace.js';
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
    // Each send's time is when its grant was read (what wait() resolves with), as a worker sends at once;
    // the time this test gets to run after it says nothing about the pacer.
    const one = async (p: ReturnType<typeof make>) => {
      times.push(await p.wait());
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
    // Let the broadcast take what its schedule gives at once (3: two slots of catching up and the first).
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['b0', 'b1', 'b2']);
    await pacers.replies.wait();
    order.push('reply');
    await Promise.all(broadcast);
    expect(order.indexOf('reply')).toBe(3);
  });

  it('when a broadcast has the free limit to itself, then it fills the whole window: nothing is kept idle for replies', async () => {
    const keys = createKeys(env.prefix);
    const pacers = createSendPacers({ redis: env.redis, keys, sendRate: 4, paidBroadcast: false });
    const times = await Promise.all(Array.from({ length: 5 }, () => pacers.broadcast.wait()));
    const w = pacers.broadcast.windowMs();
    // All 4 of the window's sends go within it (the schedule spaces them w/4 apart), the 5th a window on.
    expect((times[3] as number) - (times[0] as number)).toBeLessThan(w);
    expect((times[4] as number) - (times[0] as number)).toBeGreaterThanOrEqual(
      w - pacers.broadcast.lateAllowanceMs(),
    );
  });

  it('when a reader writes while the broadcast has filled the window, then the reply takes the next slot to free, ahead of the broadcast', async () => {
    const keys = createKeys(env.prefix);
    const pacers = createSendPacers({ redis: env.redis, keys, sendRate: 4, paidBroadcast: false });
    const order: string[] = [];
    const granted: number[] = [];
    const broadcast = Array.from({ length: 7 }, (_, i) =>
      pacers.broadcast.wait().then((at) => {
        order.push(`b${i}`);
        granted.push(at);
      }),
    );
    // Wait until the window is full (4 sends), then the reader writes.
    while (order.length < 4) await new Promise((r) => setTimeout(r, 5));
    const asked = performance.now();
    const replyAt = await pacers.replies.wait();
    await Promise.all(broadcast);
    // The reply went when the first sends left the window: it waited about the rest of that window, not a
    // slot more (the order against the broadcast is proven on the budget itself, in the next test).
    const w = pacers.replies.windowMs();
    expect(replyAt).toBeLessThan((granted[0] as number) + w + 250);
    expect(replyAt - asked).toBeLessThan(w);
    expect(order.slice(0, 4)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });

  it('when a reply finds the window full, then it claims the next free send: the broadcast cannot take it, the reply can', async () => {
    const keys = createKeys(env.prefix);
    const budget = createPaceBudget({ redis: env.redis, state: keys.pace, log: keys.paceLog });
    // 3 a window of 300 ms; no schedule to speak of (1 ms apart, a second of catching up).
    const args = { limit: 3, windowMs: 300, intervalMs: 1, toleranceMs: 1000 };
    const broadcast = { spare: 0, reply: false };
    const reply = { spare: 0, reply: true };
    // Three sends 60 ms apart fill the window; they leave it one by one.
    for (let i = 0; i < 3; i++) {
      expect((await budget.take(args, 1, broadcast)).granted).toBe(1);
      await new Promise((r) => setTimeout(r, 60));
    }
    const refused = await budget.take(args, 1, reply);
    expect(refused.granted).toBe(0);
    expect(refused.retryMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, refused.retryMs + 10));
    // The first send left the window: the broadcast asks first and is refused (the slot is the reply's)...
    expect((await budget.take(args, 1, broadcast)).granted).toBe(0);
    // ...the reply gets it, and the claim ends with it.
    expect((await budget.take(args, 1, reply)).granted).toBe(1);
    await new Promise((r) => setTimeout(r, 320));
    expect((await budget.take(args, 3, broadcast)).granted).toBe(3);
  });

  it('when the broadcast is paid, then replies keep the free budget to themselves', async () => {
    const keys = createKeys(env.prefix);
    const pacers = createSendPacers({ redis: env.redis, keys, sendRate: 1000, paidBroadcast: true });
    expect(pacers.broadcast).not.toBe(pacers.edits);
    // The free budget's window is widened for 30 a second, the paid one for 1000.
    expect(pacers.replies.intervalMs).toBeCloseTo((1000 + PACE_SPREAD_MS) / 30, 3);
    expect(pacers.broadcast.intervalMs).toBeCloseTo((1000 + PACE_SPREAD_MS) / 1000, 3);
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
