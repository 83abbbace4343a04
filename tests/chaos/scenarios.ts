/**
 * Chaos scenarios, shared by the full suite (`npm run test:chaos`, tests/chaos/*.chaos.test.ts) and
 * the small version in the normal suite (tests/e2e/chaos-small.e2e.test.ts). Each scenario runs the
 * built program as several `worker` processes against a private redis-server (AOF on) and the Bot API
 * double in this process, breaks something in the middle of a broadcast, and returns figures counted
 * from what the double received and what Redis holds afterwards. Nothing here is hard-coded: a
 * scenario that loses or repeats a message shows it in its figures and `expectFigures` fails.
 */

import { type BotApiDouble, type CallRecord, createBotApiDouble } from '@chunav/bot-api-double';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { ContentKinds } from '../../src/delivery/content-kind.js';
import type { DeliveryQueues } from '../../src/delivery/queues.js';
import type { DeliveryService } from '../../src/delivery/service.js';
import type { DeliveryStore } from '../../src/store/deliveries.js';
import { createKeys } from '../../src/store/keys.js';
import { createRandom, type Random } from '../../src/util/random.js';
import { testCore } from '../helpers/core.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createPrivateRedis, type PrivateRedis } from '../helpers/redis-server.js';
import { seedReaders } from '../helpers/seed.js';
import { storeReads } from '../helpers/store-reads.js';

export const TOKEN = '123456:CHAOS-token-for-reliability-tests';
const PC = 'UP-16';
const FIRST_ID = 5_000_000;

/** Figures of one scenario run; printed as a table and checked by `expectFigures`. */
export interface Figures {
  scenario: string;
  /** Chats the broadcast was for (live and dead). */
  recipients: number;
  /** Live chats that received the message exactly once. */
  deliveredOnce: number;
  /** Extra copies received by live chats (a chat receiving it twice counts 1). */
  duplicates: number;
  /** Live chats that received it more than once. */
  duplicateChats: number;
  /** The most duplicates the scenario's fault can explain (defined per scenario, see the doc). */
  allowedDuplicates: number;
  /** Live chats that never received it. */
  lost: number;
  deadChats: number;
  /** Messages recorded for dead chats (must be 0: a 403 records nothing). */
  deadReceived: number;
  /** Dead chats whose status in Redis is no longer `active` and which are in `chats:inactive`. */
  deadMarkedInactive: number;
  /** Dead chats answered 403 exactly once and never called again afterwards. */
  deadTriedOnce: number;
  /** 429 answers the double gave (injected plus its own sliding-window limiter). */
  tooManyRequests: number;
  serverErrors: number;
  dropsBeforeRecord: number;
  dropsAfterRecord: number;
  /** Worker processes killed (SIGKILL) or stopped (SIGTERM), or Redis restarts. */
  interruptions: number;
  /** Delivery counters as the product counted them. */
  counted: { sent: number; blocked: number; failed: number; skipped: number; status: string };
  /** Most messages the double recorded within any sliding second. */
  maxPerSecond: number;
  seconds: number;
  /** Scenario-specific extras (exit codes, outage length, in-flight counts...). */
  notes: Record<string, string | number>;
}

export interface ScenarioOptions {
  /** Recipients of the broadcast. */
  recipients: number;
  /** Worker processes (default 3). */
  workers?: number;
  /** SEND_RATE of the program (default 300, with PAID_BROADCAST=true above 30). */
  sendRate?: number;
  /** Seed of the scenario's random choices (moments, victims, faults). */
  seed?: number;
  /** Longest wait for the delivery to finish. */
  timeoutMs?: number;
}

interface ChaosEnv {
  redis: PrivateRedis;
  store: Redis;
  prefix: string;
  double: BotApiDouble;
  apiRoot: string;
  deliveries: DeliveryStore;
  queues: DeliveryQueues;
  service: DeliveryService;
  /** The program's content kinds (send record keys). */
  kinds: ContentKinds;
  workers: Array<Program | undefined>;
  /** Which workers have started and not been killed since. */
  ready: boolean[];
  /** Every program ever started (exit codes, logs). */
  started: Program[];
  startWorker(i: number): Promise<Program>;
  seed(count: number): Promise<number[]>;
  close(): Promise<void>;
}

async function createChaosEnv(
  label: string,
  opts: ScenarioOptions,
  doubleSettings: Parameters<typeof createBotApiDouble>[0] = {},
): Promise<ChaosEnv> {
  const redis = await createPrivateRedis(label);
  // The test's own connection waits out a Redis restart rather than failing a poll.
  const store = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  store.on('error', () => undefined);
  const prefix = `chaos-${label}`;
  const sendRate = opts.sendRate ?? 300;
  const double = createBotApiDouble({
    seed: opts.seed ?? 1,
    // Telegram's limit for paid broadcasts, held exactly: a burst over SEND_RATE shows up as a 429.
    rateLimit: { global: 30, paid: sendRate },
    // Telegram takes tens of milliseconds to answer: an interruption finds sends in flight.
    latencyMs: { min: 20, max: 120 },
    recordText: false,
    callLogLimit: 1_000_000,
    ...doubleSettings,
  });
  const { apiRoot } = await double.listen(0, '127.0.0.1');
  const core = testCore({ redis: store, prefix });
  const { deliveries, queues, kinds } = core;
  // A Redis restart is part of the test: connection errors are expected, not news.
  queues.fanout.on('error', () => undefined);
  queues.send.on('error', () => undefined);
  const service = core.delivery;
  const workers: Array<Program | undefined> = [];
  const ready: boolean[] = [];
  const started: Program[] = [];

  const env: ChaosEnv = {
    kinds,
    redis,
    store,
    prefix,
    double,
    apiRoot,
    deliveries,
    queues,
    service,
    workers,
    ready,
    started,
    async startWorker(i) {
      const p = startProgram('worker', {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        REDIS_URL: redis.url,
        KEY_PREFIX: prefix,
        SEND_RATE: String(sendRate),
        PAID_BROADCAST: 'true',
        HTTP_PORT: String(await freePort()),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        // Digests would only add noise: no reader has one, and no slot is near.
        DIGEST_SLOTS: '03:17',
        CONTENT_DIR: standardContent().dir,
      });
      workers[i] = p;
      ready[i] = false;
      started.push(p);
      await p.waitFor(/delivery workers started/, 30_000);
      if (workers[i] === p) ready[i] = p.child.exitCode === null && p.child.signalCode === null;
      return p;
    },
    async seed(count) {
      const ids = Array.from({ length: count }, (_, i) => FIRST_ID + i);
      await seedReaders(store, prefix, PC, ids);
      return ids;
    },
    async close() {
      await Promise.allSettled(started.map((p) => p.stop(5_000)));
      await queues.close().catch(() => undefined);
      store.disconnect();
      await double.close();
      await redis.destroy();
    },
  };
  const n = opts.workers ?? 3;
  await Promise.all(Array.from({ length: n }, (_, i) => env.startWorker(i)));
  return env;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the double has recorded at least `count` messages (or throws after `timeoutMs`). */
async function untilMessages(double: BotApiDouble, count: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (double.stats().messages.sent < count) {
    if (Date.now() > until) throw new Error(`only ${double.stats().messages.sent} of ${count} messages`);
    await sleep(10);
  }
}

async function untilDone(env: ChaosEnv, id: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const d = await env.deliveries.get(id);
    if (d?.status === 'done') return;
    await sleep(100);
  }
  const d = await env.deliveries.get(id);
  const pending = await storeReads({ redis: env.store, prefix: env.prefix }).pendingCount(id);
  throw new Error(
    `delivery ${id} not done in ${timeoutMs} ms (${pending} pending): ${JSON.stringify(d)}\n` +
      env.started
        .flatMap((p) => p.output.filter((l) => /"level":(40|50|60)/.test(l)))
        .slice(-15)
        .join('\n'),
  );
}

async function startBroadcast(env: ChaosEnv, text: string) {
  return env.service.start({
    content: { kind: 'text', text },
    target: { kind: 'pcs', pcs: [PC] },
    createdBy: 'chaos',
  });
}

/** Chats that have a message at the double but no send record in Redis: sends whose record is missing. */
async function unrecorded(env: ChaosEnv, ck: string, messages: Iterable<number>): Promise<Set<number>> {
  const recorded = new Set((await env.store.hkeys(`${env.prefix}:sent:${ck}`)).map(Number));
  const out = new Set<number>();
  for (const chat of messages) if (!recorded.has(chat)) out.add(chat);
  return out;
}

function chatOf(call: CallRecord): number {
  return Number(call.params.chat_id);
}

/** Counts what the double received for `ids`, the dead chats' treatment and the product's counters. */
async function figures(
  env: ChaosEnv,
  scenario: string,
  deliveryId: string,
  ids: number[],
  dead: Set<number>,
  started: number,
  allowedDuplicates: number,
  interruptions: number,
  notes: Record<string, string | number>,
): Promise<Figures & { repeated: Set<number> }> {
  const per = new Map<number, number>();
  for (const m of env.double.messages()) per.set(m.chat_id, (per.get(m.chat_id) ?? 0) + 1);
  let deliveredOnce = 0;
  let duplicates = 0;
  let lost = 0;
  const repeated = new Set<number>();
  for (const id of ids) {
    if (dead.has(id)) continue;
    const n = per.get(id) ?? 0;
    if (n === 1) deliveredOnce++;
    if (n === 0) lost++;
    if (n > 1) {
      duplicates += n - 1;
      repeated.add(id);
    }
  }
  const k = createKeys(env.prefix);
  let deadMarkedInactive = 0;
  let deadTriedOnce = 0;
  let deadReceived = 0;
  if (dead.size > 0) {
    const calls = env.double.calls('sendMessage');
    const byChat = new Map<number, CallRecord[]>();
    for (const c of calls) {
      const chat = chatOf(c);
      if (!dead.has(chat)) continue;
      const list = byChat.get(chat) ?? [];
      list.push(c);
      byChat.set(chat, list);
    }
    for (const chat of dead) {
      const list = byChat.get(chat) ?? [];
      const forbidden = list.filter((c) => c.error_code === 403);
      const last403 = forbidden[0];
      if (forbidden.length === 1 && last403 && list.every((c) => c.seq <= last403.seq)) deadTriedOnce++;
      deadReceived += per.get(chat) ?? 0;
    }
    const statuses = await Promise.all([...dead].map((chat) => env.store.hget(k.chat(chat), 'status')));
    const inactive = await Promise.all([...dead].map((chat) => env.store.sismember(k.inactive, chat)));
    deadMarkedInactive = statuses.filter((s, i) => s !== 'active' && s !== null && inactive[i] === 1).length;
  }
  const d = await env.deliveries.get(deliveryId);
  const stats = env.double.stats();
  return {
    scenario,
    recipients: ids.length,
    deliveredOnce,
    duplicates,
    duplicateChats: repeated.size,
    allowedDuplicates,
    lost,
    deadChats: dead.size,
    deadReceived,
    deadMarkedInactive,
    deadTriedOnce,
    tooManyRequests: stats.tooManyRequests,
    serverErrors: stats.serverErrors,
    dropsBeforeRecord: stats.drops.beforeRecord,
    dropsAfterRecord: stats.drops.afterRecord,
    interruptions,
    counted: {
      sent: d?.sent ?? -1,
      blocked: d?.blocked ?? -1,
      failed: d?.failed ?? -1,
      skipped: d?.skipped ?? -1,
      status: d?.status ?? 'missing',
    },
    maxPerSecond: stats.messages.maxPerSecond,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    notes,
    repeated,
  };
}

/** Prints figures as one table (and the notes under it). */
export function printFigures(f: Figures): void {
  const { counted, notes, ...rest } = f;
  const row: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'number' || typeof value === 'string') row[key] = value;
  }
  row.counted = `sent ${counted.sent}, blocked ${counted.blocked}, failed ${counted.failed}, skipped ${counted.skipped} (${counted.status})`;
  for (const [key, value] of Object.entries(notes)) row[`note: ${key}`] = value;
  console.log(`\nchaos figures: ${f.scenario}`);
  console.table(row);
}

/** The promises every scenario keeps; scenario-specific checks are in the tests. */
export function expectFigures(f: Figures): void {
  const live = f.recipients - f.deadChats;
  expect(f.lost, 'live chats that never received the message').toBe(0);
  expect(f.duplicates, 'duplicates beyond what the fault explains').toBeLessThanOrEqual(f.allowedDuplicates);
  expect(f.deliveredOnce + f.duplicateChats, 'live chats served').toBe(live);
  expect(f.deadReceived).toBe(0);
  expect(f.deadMarkedInactive).toBe(f.deadChats);
  expect(f.deadTriedOnce).toBe(f.deadChats);
  expect(f.counted.status).toBe('done');
  expect(f.counted.sent).toBe(live);
  expect(f.counted.blocked).toBe(f.deadChats);
  expect(f.counted.failed).toBe(0);
}

// ---- scenarios ---------------------------------------------------------------------------------

export interface KillOptions extends ScenarioOptions {
  /** Worker kills (SIGKILL), each at a random moment of the broadcast, each followed by a restart. */
  kills: number;
}

/**
 * kill -9 of a random worker at random moments of a broadcast, `kills` times, each restarted at once.
 * In flight at a kill: messages Telegram (the double) recorded whose send record the killed process
 * never wrote. Those, and only those, may arrive twice: the stalled job runs again and finds no record.
 */
export async function killWorkers(opts: KillOptions): Promise<Figures> {
  const random = createRandom(opts.seed ?? 11);
  const env = await createChaosEnv(`kill-${process.pid}-${Date.now() % 1e6}`, opts);
  try {
    const ids = await env.seed(opts.recipients);
    const t0 = performance.now();
    const d = await startBroadcast(env, 'परीक्षण संदेश (काल्पनिक): वर्कर kill -9');
    const ck = env.kinds.contentKey(d);
    // Kill points: sorted random fractions of the broadcast between 5% and 90% delivered.
    const points = Array.from({ length: opts.kills }, () => 0.05 + 0.85 * random()).sort((a, b) => a - b);
    const inFlight = new Set<number>();
    const perKill: number[] = [];
    const victims: number[] = [];
    const delivered: number[] = [];
    const restarts: Array<Promise<Program>> = [];
    for (const point of points) {
      await untilMessages(env.double, Math.floor(point * opts.recipients));
      // The victim is a random worker among those running (a restarted one may still be starting).
      let candidates = env.ready.flatMap((r, i) => (r ? [i] : []));
      while (candidates.length === 0) {
        await sleep(20);
        candidates = env.ready.flatMap((r, i) => (r ? [i] : []));
      }
      const victim = candidates[Math.floor(random() * candidates.length)] as number;
      const p = env.workers[victim] as Program;
      delivered.push(env.double.stats().messages.sent / opts.recipients);
      p.child.kill('SIGKILL');
      env.ready[victim] = false;
      await new Promise((r) =>
        p.child.exitCode !== null || p.child.signalCode !== null ? r(null) : p.child.once('exit', r),
      );
      victims.push(victim);
      restarts.push(env.startWorker(victim));
      // Let the double answer what had reached it, then give the live workers time to write their
      // records: what is still unrecorded was in flight in the killed process.
      await sleep(300);
      const seen = new Set(env.double.messages().map((m) => m.chat_id));
      await sleep(700);
      const missing = await unrecorded(env, ck, seen);
      let fresh = 0;
      for (const chat of missing) {
        if (!inFlight.has(chat)) fresh++;
        inFlight.add(chat);
      }
      perKill.push(fresh);
    }
    await Promise.all(restarts);
    expect(Math.max(...delivered), 'every kill came before the broadcast was over').toBeLessThan(0.99);
    await untilDone(env, d.id, opts.timeoutMs ?? 180_000);
    await sleep(500);
    const f = await figures(
      env,
      `kill -9 a worker ×${opts.kills}`,
      d.id,
      ids,
      new Set(),
      t0,
      inFlight.size,
      opts.kills,
      {
        'in flight per kill': perKill.join(' + '),
        'delivered at each kill (%)': delivered.map((p) => Math.round(p * 100)).join(', '),
        victims: victims.join(', '),
      },
    );
    // The duplicates are exactly among the chats in flight at a kill.
    for (const chat of f.repeated)
      expect(inFlight.has(chat), `chat ${chat} duplicated without a kill`).toBe(true);
    return f;
  } finally {
    await env.close();
  }
}

export interface RedisRestartOptions extends ScenarioOptions {
  /** SIGTERM (clean shutdown, AOF fsynced) or SIGKILL (no shutdown) of redis-server. */
  how: 'SIGTERM' | 'SIGKILL';
  /** How long Redis stays down (ms). */
  downMs?: number;
}

/**
 * Stops Redis in the middle of a broadcast and starts it again on the same port and data directory.
 * Messages the double recorded while Redis was down are the only ones whose send record may be
 * missing (the pacer needs Redis to start a send, so only sends already in flight can complete then).
 */
export async function restartRedis(opts: RedisRestartOptions): Promise<Figures> {
  const env = await createChaosEnv(`redis-${process.pid}-${Date.now() % 1e6}`, opts);
  try {
    const ids = await env.seed(opts.recipients);
    const t0 = performance.now();
    const d = await startBroadcast(env, `परीक्षण संदेश (काल्पनिक): Redis ${opts.how}`);
    const ck = env.kinds.contentKey(d);
    await untilMessages(env.double, Math.floor(opts.recipients * 0.4));
    const keysBefore = await env.store.dbsize();
    const downAt = Date.now();
    if (opts.how === 'SIGTERM') await env.redis.stop();
    else await env.redis.kill();
    const stoppedAt = Date.now();
    await sleep(opts.downMs ?? 1000);
    const startAt = Date.now();
    await env.redis.start();
    const upAt = Date.now();
    const between = (a: number, b: number) =>
      env.double.messages().filter((m) => m.time >= a && m.time <= b).length;
    const whileDown = between(downAt, upAt);
    await untilDone(env, d.id, opts.timeoutMs ?? 120_000);
    await sleep(500);
    const orphans = await unrecorded(
      env,
      ck,
      env.double.messages().map((m) => m.chat_id),
    );
    const f = await figures(env, `Redis ${opts.how} + restart`, d.id, ids, new Set(), t0, whileDown, 1, {
      'Redis down (ms): stopping / stopped / starting': `${stoppedAt - downAt} / ${startAt - stoppedAt} / ${upAt - startAt}`,
      'sent while stopping / stopped / starting': `${between(downAt, stoppedAt)} / ${between(stoppedAt, startAt)} / ${between(startAt, upAt)}`,
      'keys before / after': `${keysBefore} / ${await env.store.dbsize()}`,
      'sent while Redis down': whileDown,
      'messages without a send record at the end': orphans.size,
    });
    expect(orphans.size, 'every message the double received has a send record').toBe(0);
    return f;
  } finally {
    await env.close();
  }
}

export interface FaultMixOptions extends ScenarioOptions {
  p429?: number;
  p5xx?: number;
  /** Dropped connections, half before the double records the message, half after (a lost answer). */
  pDrop?: number;
  /** Share of recipients that answer 403 (half blocked, half deactivated). */
  pDead?: number;
}

/**
 * A broadcast through a fault mix: injected 429s with retry_after 1-3 s, 500/502s, dropped connections
 * and chats that answer 403. Every live chat is served; the only duplicates allowed are chats whose
 * answer the double dropped after recording the message (Telegram accepted it, the product never heard).
 */
export async function faultMix(opts: FaultMixOptions): Promise<Figures> {
  const seed = opts.seed ?? 23;
  const pDrop = opts.pDrop ?? 0.005;
  const env = await createChaosEnv(`faults-${process.pid}-${Date.now() % 1e6}`, opts, {
    faults: {
      p429: opts.p429 ?? 0.02,
      retryAfter: { min: 1, max: 3 },
      p5xx: opts.p5xx ?? 0.01,
      pDropBeforeRecord: pDrop / 2,
      pDropAfterRecord: pDrop / 2,
    },
  });
  try {
    const ids = await env.seed(opts.recipients);
    const random: Random = createRandom(seed);
    const dead = new Set(ids.filter(() => random() < (opts.pDead ?? 0.01)));
    const deadList = [...dead];
    env.double.configure({
      deadChats: deadList.filter((_, i) => i % 2 === 0),
      deactivatedChats: deadList.filter((_, i) => i % 2 === 1),
    });
    const t0 = performance.now();
    const d = await startBroadcast(env, 'परीक्षण संदेश (काल्पनिक): फ़ॉल्ट मिक्स');
    await untilDone(env, d.id, opts.timeoutMs ?? 300_000);
    await sleep(500);
    const lostAnswers = env.double
      .calls('sendMessage')
      .filter((c) => c.dropped === 'after-record')
      .map(chatOf);
    const f = await figures(env, 'fault mix', d.id, ids, dead, t0, lostAnswers.length, 0, {
      'injected 429': env.double.stats().injected429,
      'lost answers (dropped after record)': lostAnswers.length,
    });
    for (const chat of f.repeated) {
      expect(lostAnswers.includes(chat), `chat ${chat} duplicated without a lost answer`).toBe(true);
    }
    return f;
  } finally {
    await env.close();
  }
}

/**
 * SIGTERM to every worker in the middle of a broadcast: each exits 0 after finishing its in-flight
 * sends (every message the double holds has its send record), the delivery is left half done, and
 * after a restart the rest arrives: nothing lost, nothing twice.
 */
export async function sigterm(opts: ScenarioOptions): Promise<Figures> {
  const env = await createChaosEnv(`term-${process.pid}-${Date.now() % 1e6}`, opts);
  try {
    const ids = await env.seed(opts.recipients);
    const t0 = performance.now();
    const d = await startBroadcast(env, 'परीक्षण संदेश (काल्पनिक): SIGTERM');
    const ck = env.kinds.contentKey(d);
    await untilMessages(env.double, Math.floor(opts.recipients * 0.3));
    const termAt = performance.now();
    const running = env.workers.filter((p): p is Program => p !== undefined);
    const codes = await Promise.all(running.map((p) => p.stop(30_000)));
    const stopMs = Math.round(performance.now() - termAt);
    const atStop = env.double.messages().map((m) => m.chat_id);
    await sleep(300);
    const orphans = await unrecorded(env, ck, atStop);
    const mid = await env.deliveries.get(d.id);
    const pendingAtStop = await storeReads({ redis: env.store, prefix: env.prefix }).pendingCount(d.id);
    await Promise.all(running.map((_, i) => env.startWorker(i)));
    await untilDone(env, d.id, opts.timeoutMs ?? 120_000);
    await sleep(500);
    const f = await figures(
      env,
      'SIGTERM all workers + restart',
      d.id,
      ids,
      new Set(),
      t0,
      0,
      running.length,
      {
        'exit codes': codes.join(', '),
        'stop took (ms)': stopMs,
        'delivered before stop': atStop.length,
        'pending at stop': pendingAtStop,
        'sends without record after stop': orphans.size,
      },
    );
    expect(
      codes.every((c) => c === 0),
      `exit codes ${codes.join(', ')}`,
    ).toBe(true);
    expect(orphans.size, 'in-flight sends finished and recorded before exit').toBe(0);
    expect(mid?.status, 'the stop came in the middle of the broadcast').toBe('running');
    expect(pendingAtStop).toBeGreaterThan(0);
    return f;
  } finally {
    await env.close();
  }
}
