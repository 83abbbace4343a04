import type { Redis } from 'ioredis';
import { createPaceBudget } from '../store/pace.js';

/**
 * Keeps every process that sends under one Telegram limit within it, together, by construction.
 *
 * Telegram (and the strict double) count sends when they arrive, in any sliding second. A send arrives
 * some time after it was let through, and that time varies: if it varies by at most `spreadMs`, then no
 * `1000 + spreadMs` ms in which sends were let through may hold more than `limit` of them, and no sliding
 * second at Telegram can. That window is the budget in Redis (store/lua/pace-take.lua): every process
 * takes its sends from it, and a grant that would let any such window hold more than `limit` is not made.
 * Within it, grants follow an even schedule (`(1000 + spreadMs) / limit` ms apart, with a little room to
 * catch up after a stall), so sends leave evenly rather than in bursts.
 *
 * What bounds the spread, measured by each process on its own clock:
 * - the time from Redis granting a send to the send leaving: a grant read later than the allowance
 *   ({@link MAX_LATE_MS}, more on a busy machine) after Redis made it is given back unused with the next
 *   request. Redis's clock is carried over to the process's with the least transit seen, so a late read
 *   cannot hide;
 * - the time from leaving to arriving: it varies by no more than the send's whole delay (grant read →
 *   answer) does, whose spread over its last sends each process measures (see SPREAD_SAMPLES);
 * so the window is `1000 + allowance + measured spread` ms, at least `1000 + PACE_SPREAD_MS` (about the
 * spread of a send's delay seen on the double on a quiet machine, 11-14 ms at 30/s), and the widest window any process asked for lately holds for
 * all (pace-take.lua). A send that fails and is retried takes a new grant.
 *
 * Replies first: replies to readers and admin edits share the free limit with a free broadcast, which
 * may fill the whole window. A reply is not held to the schedule: it takes a free send of the window at
 * once, or, when the window is full, claims the next one to free (the broadcast leaves it), so it waits
 * about one slot (`(1000 + spreadMs) / limit` ms): one claim is held at a time, so of two replies waiting at
 * once the second may wait a slot more. It moves the schedule on by one slot, so each reply
 * costs the broadcast exactly one and nothing is kept idle for replies that may never come.
 */
export const PACE_SPREAD_MS = 15;

/**
 * A grant read later than the allowance after Redis made it is not used (given back). The allowance is
 * this, or more on a busy machine: the 90th percentile of the last grants' lateness, up to
 * {@link MAX_LATE_CAP_MS}; the window widens by the same amount, so nothing can bunch up. On a quiet
 * machine 99% of grants are read within 4 ms (bench:compare's lateness histogram at 30/s), so a grant
 * given back is rare, and every millisecond of allowance costs a thousandth of the rate.
 */
export const MAX_LATE_MS = 4;
const MAX_LATE_CAP_MS = 50;

/** What a pacer saw, for the worker's log and the benchmarks. */
export interface PaceStats {
  /** Sends let through. */
  sends: number;
  /** Grants (of one or more sends) used, and those read too late and not used. */
  grants: number;
  lateGrants: number;
  /** Sends granted but given back unused (their grant was read too late). */
  givenBack: number;
  /** The window, the measured spread and the lateness allowance when the figures were taken, ms. */
  windowMs?: number;
  spreadMs?: number;
  lateAllowanceMs?: number;
  /** How long after Redis made it each used grant was read, ms: counts per bucket of {@link LATE_BUCKETS_MS}. */
  lateHistogram: number[];
  maxLateMs: number;
}

/** Upper bounds (ms) of the lateness histogram's buckets; the last bucket is everything above. */
export const LATE_BUCKETS_MS = [0.25, 0.5, 1, 2, 4, 6, 8, 10];

export interface Pacer {
  /**
   * Resolves when this send may go out (now), with the time (`performance.now()`) its grant was read.
   * Rejects when the budget cannot be read (Redis down).
   */
  wait(): Promise<number>;
  /** After the send's answer came (any answer): measures its delay, which widens the window. */
  sent(grantedAt: number): void;
  /** The sliding window the budget is kept in now, ms (1000 + the spread allowed for). */
  windowMs(): number;
  /** How late a grant may be read and still be used now, ms. */
  lateAllowanceMs(): number;
  /** After a 429: nothing goes out before `ms` from now. */
  pauseFor(ms: number): Promise<void>;
  /** Mean spacing of sends at the full rate, ms (0: not paced). */
  readonly intervalMs: number;
  stats(): PaceStats;
}

/**
 * Redis's clock on this process's `performance.now()` clock: the offset is the smallest
 * `local − redis` seen over the last few seconds, i.e. the answer that travelled fastest, so that an
 * answer read late (a busy event loop) shows as late instead of moving the clock. Two buckets keep the
 * minimum fresh as the clocks drift.
 */
export function createClockSync(bucketMs = 5000) {
  let current = Number.POSITIVE_INFINITY;
  let previous = Number.POSITIVE_INFINITY;
  let bucketStart = Number.NEGATIVE_INFINITY;
  return {
    /** Notes an answer carrying Redis's `redisNowMs`, read at local `receivedAt`. */
    observe(redisNowMs: number, receivedAt: number): void {
      if (receivedAt - bucketStart > bucketMs) {
        previous = current;
        current = Number.POSITIVE_INFINITY;
        bucketStart = receivedAt;
      }
      const offset = receivedAt - redisNowMs;
      if (offset < current) current = offset;
    },
    /** A Redis time on the local clock. */
    toLocal(redisMs: number): number {
      return redisMs + Math.min(current, previous);
    },
  };
}

function emptyStats(): PaceStats {
  return {
    sends: 0,
    grants: 0,
    lateGrants: 0,
    givenBack: 0,
    lateHistogram: LATE_BUCKETS_MS.map(() => 0).concat(0),
    maxLateMs: 0,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface PacerOptions {
  redis: Redis;
  /** The budget's keys (store/keys.ts: pace + paceLog, or pacePaid + pacePaidLog). */
  state: string;
  log: string;
  /** Sends per sliding second (Telegram's limit); Infinity: not paced. */
  rate: number;
  /** The spread of arrival times the window is widened for (default {@link PACE_SPREAD_MS}). */
  spreadMs?: number;
  /** True for replies and admin edits, which go first (default: a broadcast's sends, edits or deletions). */
  reply?: boolean;
}

/**
 * The spread of this process's send delays: each send's time from its grant being read to its answer
 * (the request, the server, the answer), over the last {@link SPREAD_SAMPLES} sends: the slowest (or,
 * at 200/s and more, the 99th percentile) less the smallest. Arrivals at the server vary by no more than
 * that (the answer's way back only adds), so the window is widened by it. At high rates one send in a
 * hundred may take longer (a GC pause while its answer was read, mostly); the sends of the window left
 * spare for them (a two-hundredth of the limit) absorb those, so that one slow answer does not shrink
 * the rate for the next thousand sends.
 */
export const SPREAD_SAMPLES = 512;

function createSpreadMeter(percentile: number) {
  const ring = new Float64Array(SPREAD_SAMPLES);
  let n = 0;
  let spread = 0;
  return {
    note(rtt: number): void {
      ring[n++ % SPREAD_SAMPLES] = rtt;
      if (n % 32 === 0 || n === 8) {
        const filled = Math.min(n, SPREAD_SAMPLES);
        const sorted = ring.slice(0, filled).sort();
        spread = (sorted[Math.floor(percentile * (filled - 1))] as number) - (sorted[0] as number);
      }
    },
    spread: () => spread,
  };
}

/** The widest window the measured spread may ask for (beyond it the machine is not fit to send). */
const MAX_WINDOW_MS = 1250;

export function createPacer(o: PacerOptions): Pacer {
  if (!Number.isFinite(o.rate)) {
    // SEND_RATE=unlimited (benchmarks): no pacing at all.
    const stats = emptyStats();
    return {
      intervalMs: 0,
      wait: async () => 0,
      sent: () => {},
      pauseFor: async () => {},
      windowMs: () => 0,
      lateAllowanceMs: () => 0,
      stats: () => stats,
    };
  }
  const limit = Math.max(1, Math.floor(o.rate));
  const floorMs = 1000 + (o.spreadMs ?? PACE_SPREAD_MS);
  // Below 200/s no send of the window is spare for outliers (see below): the slowest send counts.
  const meter = createSpreadMeter(limit >= 200 ? 0.99 : 1);
  // The lateness of the last grants (used or not), for the allowance.
  const lateRing = new Float64Array(64);
  let lateCount = 0;
  let allowance = MAX_LATE_MS;
  function noteLateness(late: number): void {
    lateRing[lateCount++ % lateRing.length] = late;
    if (lateCount % 16 === 0 && lateCount >= lateRing.length) {
      const p90 = [...lateRing].sort((a, b) => a - b)[Math.floor(0.9 * lateRing.length)] ?? 0;
      allowance = Math.min(MAX_LATE_CAP_MS, Math.max(MAX_LATE_MS, Math.ceil(p90)));
    }
  }
  /** The window now: the floor, or what the measured spread and the allowed lateness need. */
  const windowMs = () => Math.min(MAX_WINDOW_MS, Math.max(floorMs, 1000 + allowance + meter.spread() + 1));
  const budgetArgs = () => {
    const w = windowMs();
    const interval = w / limit;
    // Catching up after a stall: a tenth of a second's sends, at least two.
    return { limit, windowMs: w, intervalMs: interval, toleranceMs: Math.max(2 * interval, 100) };
  };
  // One grant carries at most a fiftieth of a second's sends, so that they leave together.
  const maxBatch = Math.max(1, Math.ceil(limit / 50));
  // Sends of the window a broadcast leaves free: a two-hundredth of the limit for the rare send slower
  // than the measured spread (5 at 1000/s, 0 at 30/s). None is kept for replies: a reply that finds the
  // window full claims the next slot to free (pace-take.lua), so it waits about one slot.
  const outliers = Math.floor(limit / 200);
  const who = { spare: o.reply ? 0 : outliers, reply: o.reply === true };
  const budget = createPaceBudget({ redis: o.redis, state: o.state, log: o.log });
  const sync = createClockSync();
  const stats = emptyStats();

  // The sends waiting in this process, in order; one loop asks Redis for them.
  const waiters: Array<{ resolve: (at: number) => void; reject: (err: unknown) => void }> = [];
  let asking = false;

  function noteLate(late: number, n: number): void {
    let i = 0;
    while (i < LATE_BUCKETS_MS.length && late > (LATE_BUCKETS_MS[i] as number)) i++;
    stats.lateHistogram[i] = (stats.lateHistogram[i] ?? 0) + n;
    if (late > stats.maxLateMs) stats.maxLateMs = late;
  }

  async function ask(): Promise<void> {
    asking = true;
    let giveBack = '';
    try {
      while (waiters.length > 0) {
        const want = Math.min(waiters.length, maxBatch);
        let grant: Awaited<ReturnType<typeof budget.take>>;
        try {
          grant = await budget.take(budgetArgs(), want, who, giveBack);
        } catch (err) {
          for (const w of waiters.splice(0)) w.reject(err);
          return;
        }
        giveBack = '';
        const receivedAt = performance.now();
        sync.observe(grant.redisNowMs, receivedAt);
        if (grant.granted > 0) {
          const late = receivedAt - sync.toLocal(grant.redisNowMs);
          noteLateness(late);
          if (late > allowance) {
            // Read too late to go out on time: given back with the next request, never sent.
            stats.lateGrants++;
            stats.givenBack += grant.granted;
            giveBack = grant.entry;
            continue;
          }
          stats.grants++;
          stats.sends += grant.granted;
          noteLate(late, grant.granted);
          for (const w of waiters.splice(0, grant.granted)) w.resolve(receivedAt);
        }
        if (waiters.length > 0 && grant.granted < want) await sleep(Math.max(1, Math.ceil(grant.retryMs)));
      }
      if (giveBack) await budget.take(budgetArgs(), 0, who, giveBack).catch(() => undefined);
    } finally {
      asking = false;
    }
  }

  return {
    get intervalMs() {
      return windowMs() / limit;
    },
    windowMs,
    lateAllowanceMs: () => allowance,
    wait() {
      return new Promise<number>((resolve, reject) => {
        waiters.push({ resolve, reject });
        if (!asking) void ask();
      });
    },
    sent(grantedAt) {
      meter.note(performance.now() - grantedAt);
    },
    async pauseFor(ms) {
      await budget.pauseFor(ms);
    },
    stats: () => ({ ...stats, windowMs: windowMs(), spreadMs: meter.spread(), lateAllowanceMs: allowance }),
  };
}

/** Telegram's free limit: sends per second to different chats without paid broadcasts. */
export const TELEGRAM_FREE_RATE = 30;

/**
 * The pacers of one process, on the shared budgets: `broadcast` for broadcast messages, `edits` for
 * corrections' edits and deletions (free limit, as a broadcast), `replies` for replies to readers and
 * admin progress edits (free limit, first). SEND_RATE is Telegram's limit for broadcasts: the free limit
 * (shared with replies) or, with PAID_BROADCAST, the paid one (a budget of its own).
 */
export function createSendPacers(deps: {
  redis: Redis;
  keys: { pace: string; paceLog: string; pacePaid: string; pacePaidLog: string };
  sendRate: number;
  paidBroadcast: boolean;
}): { broadcast: Pacer; edits: Pacer; replies: Pacer } {
  const free = deps.paidBroadcast ? Math.min(TELEGRAM_FREE_RATE, deps.sendRate) : deps.sendRate;
  const onFree = (reply: boolean) =>
    createPacer({ redis: deps.redis, state: deps.keys.pace, log: deps.keys.paceLog, rate: free, reply });
  const edits = onFree(false);
  const broadcast = deps.paidBroadcast
    ? createPacer({
        redis: deps.redis,
        state: deps.keys.pacePaid,
        log: deps.keys.pacePaidLog,
        rate: deps.sendRate,
      })
    : edits;
  return { broadcast, edits, replies: onFree(true) };
}
