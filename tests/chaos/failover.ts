/**
 * The failover scenario: Redis as a primary, a replica and three Sentinels (real `redis-server` and
 * `redis-sentinel` processes), the built program as worker processes that find the primary through the
 * Sentinels, and the Bot API double in this process. In the middle of a broadcast the primary gets
 * kill -9; the Sentinels promote the replica; the workers and this test's producer connection (the
 * program's own `createRedis`, as the bot opens it) must carry on by themselves.
 *
 * Figures come from what the double received and what Redis holds. The duplicates a failover may
 * cause are the send records the old primary acknowledged and the replica never received: they are
 * counted exactly by loading the killed primary's AOF (copied right after the kill) in a spare
 * redis-server and comparing its records with those the promoted replica holds at the end.
 */

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { expect } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createRedis } from '../../src/redis.js';
import { testCore } from '../helpers/core.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createPrivateRedis, createSentinelGroup } from '../helpers/redis-server.js';
import { seedReaders } from '../helpers/seed.js';
import { storeReads } from '../helpers/store-reads.js';
import type { Figures } from './scenarios.js';

const TOKEN = '123456:FAILOVER-token-for-reliability-tests';
const PC = 'UP-16';
const LATE_PC = 'UP-17';
const FIRST_ID = 6_000_000;

export interface FailoverOptions {
  /** Recipients of the broadcast that the failover interrupts. */
  recipients: number;
  /** Worker processes (default 2). */
  workers?: number;
  /** SEND_RATE (default 300, paid broadcast). */
  sendRate?: number;
  /** REDIS_REPLICA_WAIT of the workers: `off` or a duration (default: the program's default, 100ms). */
  replicaWait?: string;
  /** Fraction of the broadcast delivered when the primary is killed (default 0.4). */
  killAt?: number;
  /** Sentinel down-after-milliseconds (default 1000). */
  downAfterMs?: number;
  /** Readers of a second broadcast started after the promotion (the producer carries on); default 100. */
  lateRecipients?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The send records (`chat → JSON`) of content `ck` in a Redis at `port`. */
async function records(port: number, prefix: string, ck: string): Promise<Map<number, string>> {
  const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  try {
    const all = await r.hgetall(`${prefix}:sent:${ck}`);
    return new Map(Object.entries(all).map(([chat, rec]) => [Number(chat), rec]));
  } finally {
    r.disconnect();
  }
}

/** The longest pause between two messages the double recorded after `from` (epoch ms): [start, end]. */
function longestGap(double: BotApiDouble, from: number): [number, number] {
  const times = double
    .messages()
    .map((m) => m.time)
    .filter((t) => t >= from)
    .sort((a, b) => a - b);
  let best: [number, number] = [from, times[0] ?? from];
  let prev = from;
  for (const t of times) {
    if (t - prev > best[1] - best[0]) best = [prev, t];
    prev = t;
  }
  return best;
}

/**
 * kill -9 of the Redis primary at `killAt` of a broadcast; Sentinel promotes the replica; the old
 * primary stays down (the worst case for WAIT: the new primary has no replica left). Returns the
 * figures; the failover-specific checks are made here.
 */
export async function failover(opts: FailoverOptions): Promise<Figures> {
  const label = `failover-${process.pid}-${Date.now() % 1e6}`;
  const group = await createSentinelGroup(label, { downAfterMs: opts.downAfterMs ?? 1000 });
  const prefix = `chaos-${label}`;
  const sendRate = opts.sendRate ?? 300;
  const env = {
    // The host of REDIS_URL is never used once Sentinels are set: the Sentinels name the primary.
    REDIS_URL: 'redis://unused-with-sentinels:6379',
    REDIS_SENTINELS: group.sentinelList,
    REDIS_SENTINEL_NAME: group.name,
  };
  // The producer: the program's own connection code, as the bot role opens it (commands fail fast).
  const producerConfig = parseConfig({ ...env, KEY_PREFIX: prefix });
  const store = createRedis(producerConfig, pino({ level: 'silent' }), { name: 'chaos-producer' });
  const core = testCore({ redis: store, prefix });
  core.queues.fanout.on('error', () => undefined);
  core.queues.send.on('error', () => undefined);
  const double = createBotApiDouble({
    seed: 7,
    rateLimit: { global: 30, paid: sendRate },
    latencyMs: { min: 20, max: 120 },
    recordText: false,
    callLogLimit: 1_000_000,
  });
  const { apiRoot } = await double.listen(0, '127.0.0.1');
  const programs: Array<{ p: Program; port: number }> = [];
  const spare: Array<() => Promise<unknown>> = [];
  try {
    const startWorker = async () => {
      const port = await freePort();
      const p = startProgram('worker', {
        ...env,
        ...(opts.replicaWait ? { REDIS_REPLICA_WAIT: opts.replicaWait } : {}),
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        KEY_PREFIX: prefix,
        SEND_RATE: String(sendRate),
        PAID_BROADCAST: 'true',
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DIGEST_SLOTS: '03:17',
        CONTENT_DIR: standardContent().dir,
      });
      programs.push({ p, port });
      await p.waitFor(/delivery workers started/, 30_000);
    };
    await Promise.all(Array.from({ length: opts.workers ?? 2 }, startWorker));

    const ids = Array.from({ length: opts.recipients }, (_, i) => FIRST_ID + i);
    const lateIds = Array.from(
      { length: opts.lateRecipients ?? 100 },
      (_, i) => FIRST_ID + opts.recipients + i,
    );
    await seedReaders(store, prefix, PC, ids);
    await seedReaders(store, prefix, LATE_PC, lateIds);

    const t0 = performance.now();
    const d = await core.delivery.start({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): Redis failover' },
      target: { kind: 'pcs', pcs: [PC] },
      createdBy: 'chaos',
    });
    const ck = core.kinds.contentKey(d);
    const atKill = Math.floor(opts.recipients * (opts.killAt ?? 0.4));
    while (double.stats().messages.sent < atKill) await sleep(10);

    // kill -9 the primary, then keep its AOF as it was (the records it had acknowledged).
    const oldPort = group.primary.port;
    const killAt = Date.now();
    await group.primary.kill();
    const deliveredAtKill = double.stats().messages.sent;
    const copy = await mkdtemp(join(tmpdir(), `${label}-oldprimary-`));
    spare.push(() => rm(copy, { recursive: true, force: true }));
    await cp(group.primary.dir, copy, { recursive: true });
    const newPort = await group.untilPromoted(oldPort);
    const promotedAt = Date.now();
    expect(newPort).toBe(group.replica.port);

    // The producer carries on by itself: a second broadcast, started on the promoted replica.
    const late = await core.delivery.start({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): failover के बाद' },
      target: { kind: 'pcs', pcs: [LATE_PC] },
      createdBy: 'chaos',
    });

    const until = Date.now() + (opts.timeoutMs ?? 240_000);
    for (const id of [d.id, late.id]) {
      while ((await core.deliveries.get(id))?.status !== 'done') {
        if (Date.now() > until) {
          const warn = programs.flatMap(({ p }) => p.output.filter((l) => /"level":(40|50|60)/.test(l)));
          throw new Error(
            `delivery ${id} not done (${await storeReads(core).pendingCount(id)} pending):\n${warn.slice(-15).join('\n')}`,
          );
        }
        await sleep(200);
      }
    }
    const doneAt = performance.now();
    await sleep(500);

    // Every worker says it is ready again: its connections found the new primary.
    for (const { port } of programs) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
      expect(res.status, `worker on ${port} ready after the failover: ${await res.text()}`).toBe(200);
    }

    // What the old primary had acknowledged and the replica never received.
    const old = await createPrivateRedis(`${label}-aof`, { args: ['--dir', copy] });
    spare.push(() => old.destroy());
    const oldRecords = await records(old.port, prefix, ck);
    const finalRecords = await records(newPort, prefix, ck);
    const lostRecords = new Set(
      [...oldRecords].filter(([chat, rec]) => finalRecords.get(chat) !== rec).map(([c]) => c),
    );

    const per = new Map<number, number>();
    for (const m of double.messages()) per.set(m.chat_id, (per.get(m.chat_id) ?? 0) + 1);
    let deliveredOnce = 0;
    let duplicates = 0;
    let lost = 0;
    const repeated: number[] = [];
    for (const id of ids) {
      const n = per.get(id) ?? 0;
      if (n === 1) deliveredOnce++;
      if (n === 0) lost++;
      if (n > 1) {
        duplicates += n - 1;
        repeated.push(id);
      }
    }
    const lateLost = lateIds.filter((id) => (per.get(id) ?? 0) === 0).length;
    const [gapFrom, gapTo] = longestGap(double, killAt);
    const logs = programs.flatMap(({ p }) => p.output);
    const count = (re: RegExp) => logs.filter((l) => re.test(l)).length;
    const dd = await core.deliveries.get(d.id);
    const stats = double.stats();
    const f: Figures = {
      scenario: `Redis primary kill -9, Sentinel failover (REDIS_REPLICA_WAIT ${opts.replicaWait ?? 'default 100ms'})`,
      recipients: ids.length,
      deliveredOnce,
      duplicates,
      duplicateChats: repeated.length,
      allowedDuplicates: lostRecords.size,
      lost,
      deadChats: 0,
      deadReceived: 0,
      deadMarkedInactive: 0,
      deadTriedOnce: 0,
      tooManyRequests: stats.tooManyRequests,
      serverErrors: stats.serverErrors,
      dropsBeforeRecord: stats.drops.beforeRecord,
      dropsAfterRecord: stats.drops.afterRecord,
      interruptions: 1,
      counted: {
        sent: dd?.sent ?? -1,
        blocked: dd?.blocked ?? -1,
        failed: dd?.failed ?? -1,
        skipped: dd?.skipped ?? -1,
        status: dd?.status ?? 'missing',
      },
      maxPerSecond: stats.messages.maxPerSecond,
      seconds: Math.round((doneAt - t0) / 100) / 10,
      notes: {
        'delivered at the kill': deliveredAtKill,
        'kill → promotion (ms)': promotedAt - killAt,
        'kill → sends resume (ms): end of the longest pause after the kill': gapTo - killAt,
        'longest pause in sends (ms)': gapTo - gapFrom,
        'sent between kill and promotion': double
          .messages()
          .filter((m) => m.time >= killAt && m.time < promotedAt).length,
        'records on the old primary / lost with it (replica never had them)': `${oldRecords.size} / ${lostRecords.size}`,
        'second broadcast after promotion: readers / lost': `${lateIds.length} / ${lateLost}`,
        'worker log: "gave up writing after a send"': count(/gave up writing after a send/),
        'worker log: no replica confirmed (WAIT paused)': count(/no Redis replica confirmed/),
        'worker log: redis connection errors (1 per 10 s per connection)': count(/redis connection error/),
      },
    };
    // Every duplicate is a chat whose record died with the old primary.
    for (const chat of repeated)
      expect(lostRecords.has(chat), `chat ${chat} duplicated without a lost record`).toBe(true);
    expect(lateLost, 'readers of the broadcast started after the promotion').toBe(0);
    return f;
  } finally {
    await Promise.allSettled(programs.map(({ p }) => p.stop(5_000)));
    await core.queues.close().catch(() => undefined);
    store.disconnect();
    await double.close();
    for (const s of spare.reverse()) await s().catch(() => undefined);
    await group.destroy();
  }
}
