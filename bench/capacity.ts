/**
 * `npm run bench:capacity`: how much the delivery engine can carry on this machine.
 *
 * Part 1, throughput, in the same run:
 *   (i)  raw BullMQ: N no-op jobs (the send queue's job options) processed by W worker processes with
 *        concurrency C each (the program's own figures for SEND_RATE=unlimited: 2 processes × 200);
 *   (ii) end to end: W `node dist/main.js worker` processes, SEND_RATE=unlimited, the Bot API double
 *        answering at once with no limit, one broadcast to N readers of one seat; messages per second
 *        from the double's records (first to last message);
 *   and the ratio (ii) / (i).
 * Part 2, fan-out: S subscribers of one seat seeded as real ones are (chat hash, its PC set, the PC's
 *   set, `chats`, the digest slot, `pc-counts`), then one delivery's fan-out alone in one
 *   `node dist/main.js worker` process (SEND_RATE=unlimited so the fan-out runs at full speed; the send
 *   queue paused, so nothing is sent): time until all S recipients are queued (in send groups of 100, one
 *   send job each), the process's peak RSS (VmHWM) and its RSS when idle, and Redis used_memory before
 *   seeding, after seeding (per subscriber) and after the fan-out (per queued send, i.e. per recipient:
 *   its pending-set and group-set entries plus its share of its group's job). used_memory is the whole
 *   server's, so other clients' keys on a shared Redis show up as noise.
 *
 * Part 2s, fan-out over seats: the same S readers spread over a PC and its assembly seats (ACs) as
 *   readers follow them since ACs exist: 40% follow Hathras PC (a tenth of them asked for its ACs too),
 *   50% one of its ACs, 10% the PC and one AC; one briefing-like delivery for the PC, which reaches all of
 *   them (AC readers keep the wider briefings by default) and each once. Same measures as part 2.
 *
 * Flags: --n <jobs and readers for part 1> (default 20000), --subscribers <S> (default 1000000),
 * --workers <W> (2), --concurrency <C> (200), --part 1|2|2s (default all three).
 * `--part profile`: part 1's end-to-end run with the workers under `node --cpu-prof`, their self time
 * split by area per message (bench/lib/cpu-profile.ts) into bench/results/worker-profile.json.
 * `--part 3 --rate R`: not part of the default run; N readers at SEND_RATE=R with the double enforcing R
 * over every sliding second: achieved / limit, 429s (the pacer's lateness, as bench:delivery measures it).
 * Everything lives under a fresh KEY_PREFIX, deleted afterwards (SCAN + UNLINK).
 * Prints a table and writes bench/results/capacity.json. Needs Redis (REDIS_URL) and a build.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadCatalog } from '../src/catalog/catalog.js';
import { bullPrefix, createQueues, QUEUE, SEND_ATTEMPTS } from '../src/delivery/queues.js';
import { seedReaders } from '../tests/helpers/seed.js';
import { summarizeProfiles } from './lib/cpu-profile.js';
import {
  benchDelivery,
  cleanPrefix,
  type LoggedProcess,
  programEnv,
  REDIS_URL,
  sleep,
  spawnLogged,
  startDouble,
  stop,
} from './lib/procs.js';
import { machine } from './machine.js';

const PC = 'UP-16';
const FIRST_CHAT = 5_000_000;

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    subscribers: { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '200' },
    part: { type: 'string' },
    rate: { type: 'string', default: '1000' },
    // Internal: this file run as a raw BullMQ worker process.
    'raw-worker': { type: 'string' },
  },
});

// ---------------------------------------------------------------------------------------------------
// Child mode: one raw BullMQ worker process with no-op jobs. Waits for "go" over IPC, then reports the
// times of its first and last completed job when asked.
async function rawWorker(prefix: string): Promise<void> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let first = 0;
  let last = 0;
  let count = 0;
  const worker = new Worker(QUEUE.send, async () => {}, {
    connection,
    prefix: bullPrefix(prefix),
    concurrency: Number(args.concurrency),
    autorun: false,
  });
  worker.on('completed', () => {
    const t = Date.now();
    if (count === 0) first = t;
    last = t;
    count += 1;
  });
  await worker.waitUntilReady();
  process.on('message', async (m) => {
    if (m === 'go') void worker.run();
    if (m === 'report') {
      process.send?.({ first, last, count });
      await worker.close();
      connection.disconnect();
      process.exit(0);
    }
  });
  process.send?.('ready');
}

if (args['raw-worker']) {
  await rawWorker(args['raw-worker']);
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------------

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Seeds `count` readers of PC as the bot leaves real subscribers (07:00 digest, quiet hours on). */
async function seedSubscribers(redis: Redis, prefix: string, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => FIRST_CHAT + i);
  await seedReaders(redis, prefix, PC, ids, { digest: '07:00', quiet: true });
}

/**
 * Seeds `count` distinct readers spread over PC and its ACs (part 2s): 40% the PC (one in ten of them
 * with its ACs' briefings asked for), 50% one AC each, round robin, 10% the PC and one AC.
 */
async function seedSpread(redis: Redis, prefix: string, count: number): Promise<void> {
  const acs = loadCatalog('content/catalogue')
    .acsOfPc(PC)
    .map((a) => a.code);
  const ids = Array.from({ length: count }, (_, i) => FIRST_CHAT + i);
  const pcOnly = ids.slice(0, Math.floor(count * 0.4));
  const acOnly = ids.slice(pcOnly.length, pcOnly.length + Math.floor(count * 0.5));
  const both = ids.slice(pcOnly.length + acOnly.length);
  const opts = { digest: '07:00', quiet: true };
  const tenth = Math.floor(pcOnly.length / 10);
  await seedReaders(redis, prefix, PC, pcOnly.slice(tenth), opts);
  await seedReaders(redis, prefix, PC, pcOnly.slice(0, tenth), { ...opts, prefs: { pcAcs: true } });
  await seedReaders(redis, prefix, PC, both, opts);
  for (const [j, ac] of acs.entries()) {
    await seedReaders(
      redis,
      prefix,
      ac,
      acOnly.filter((_, i) => i % acs.length === j),
      opts,
    );
    await seedReaders(
      redis,
      prefix,
      ac,
      both.filter((_, i) => i % acs.length === j),
      opts,
    );
  }
}

/** The program's worker role; CAP_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) to profile it. */
function workerCmd(): string[] {
  const extra = process.env.CAP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return [...extra, 'dist/main.js', 'worker'];
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Part 1 (i): raw BullMQ.

async function rawBullmq(n: number, workers: number): Promise<{ jobsPerSecond: number; seconds: number }> {
  const prefix = `cap-raw-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE.send, {
    connection: redis,
    prefix: bullPrefix(prefix),
    defaultJobOptions: {
      attempts: SEND_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    },
  });
  try {
    for (let i = 0; i < n; i += 1000) {
      const jobs = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        name: 'send',
        data: { d: 'dbench0000', c: FIRST_CHAT + i + j },
        opts: { jobId: `dbench0000-${FIRST_CHAT + i + j}` },
      }));
      await queue.addBulk(jobs);
    }
    const children = Array.from({ length: workers }, () =>
      spawnLogged(
        ['--import', 'tsx', 'bench/capacity.ts', '--raw-worker', prefix, ...concurrencyArg()],
        {},
        { ipc: true },
      ),
    );
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            c.child.once('message', () => resolve());
            c.child.once('exit', () => reject(new Error(`raw worker exited:\n${c.lines.join('\n')}`)));
          }),
      ),
    );
    for (const c of children) c.child.send('go');
    for (;;) {
      await sleep(100);
      const counts = await queue.getJobCounts('wait', 'active', 'prioritized', 'delayed');
      if (Object.values(counts).every((v) => v === 0)) break;
    }
    const reports = await Promise.all(
      children.map(
        (c) =>
          new Promise<{ first: number; last: number; count: number }>((resolve) => {
            c.child.once('message', (m) => resolve(m as { first: number; last: number; count: number }));
            c.child.send('report');
          }),
      ),
    );
    await Promise.all(children.map((c) => stop(c.child, 15_000)));
    const done = reports.reduce((s, r) => s + r.count, 0);
    if (done !== n) throw new Error(`raw BullMQ: ${done} of ${n} jobs completed`);
    const first = Math.min(...reports.filter((r) => r.count > 0).map((r) => r.first));
    const last = Math.max(...reports.map((r) => r.last));
    const seconds = (last - first) / 1000;
    return { jobsPerSecond: (n - 1) / seconds, seconds };
  } finally {
    await queue.close();
    await cleanPrefix(redis, prefix);
    redis.disconnect();
  }
}

function concurrencyArg(): string[] {
  return ['--concurrency', String(args.concurrency)];
}

// Part 1 (ii): end to end through the program.

async function endToEnd(
  n: number,
  workers: number,
  /** SEND_RATE, also enforced by the double over every sliding second (0: unlimited, no limit). */
  rate = 0,
): Promise<{
  msgPerSecond: number;
  seconds: number;
  delivered: number;
  duplicates: number;
  lost: number;
  workerCpuMsPerMessage: number;
  doubleCpuMsPerMessage: number;
  tooManyRequests: number;
  maxInAnySlidingSecond: number;
}> {
  const prefix = `cap-e2e-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const { proc: double, apiRoot } = await startDouble({ rate });
  const procs: LoggedProcess[] = [];
  const queues = createQueues(redis, prefix);
  try {
    await seedSubscribers(redis, prefix, n);
    for (let i = 0; i < workers; i++)
      procs.push(spawnLogged(workerCmd(), programEnv(apiRoot, prefix, rate > 0 ? rate : 'unlimited', true)));
    await Promise.all(procs.map((w) => w.wait(/delivery workers started/)));
    const { deliveries, service } = benchDelivery(redis, prefix);
    const cpu0 = new Map(procs.map((w) => [w, cpuSeconds(w.child.pid)]));
    const doubleCpu0 = cpuSeconds(double.child.pid);
    const t0 = Date.now();
    const d = await service.start({
      content: { kind: 'text', text: 'बेंचमार्क संदेश (काल्पनिक): क्षमता की जांच' },
      target: { kind: 'pcs', pcs: [PC] },
      createdBy: 'bench',
    });
    for (;;) {
      const cur = await deliveries.get(d.id);
      if (cur?.status === 'done') break;
      if (Date.now() - t0 > 600_000) throw new Error(`delivery not done: ${JSON.stringify(cur)}`);
      await sleep(100);
    }
    const stats = (await (await fetch(`${apiRoot}/control/stats`)).json()) as {
      result: {
        tooManyRequests: number;
        messages: {
          sent: number;
          duplicates: number;
          maxPerSecond: number;
          firstTime: number;
          lastTime: number;
        };
      };
    };
    const m = stats.result.messages;
    const seconds = (m.lastTime - m.firstTime) / 1000;
    const done = await deliveries.get(d.id);
    const workerCpu = procs.reduce((s, w) => s + cpuSeconds(w.child.pid) - (cpu0.get(w) ?? 0), 0);
    const doubleCpu = cpuSeconds(double.child.pid) - doubleCpu0;
    return {
      tooManyRequests: stats.result.tooManyRequests,
      maxInAnySlidingSecond: m.maxPerSecond,
      workerCpuMsPerMessage: Number(((workerCpu * 1000) / n).toFixed(3)),
      doubleCpuMsPerMessage: Number(((doubleCpu * 1000) / n).toFixed(3)),
      msgPerSecond: seconds > 0 ? (m.sent - 1) / seconds : m.sent,
      seconds,
      delivered: m.sent,
      duplicates: m.duplicates,
      lost: n - (done?.sent ?? 0),
    };
  } finally {
    await Promise.all(procs.map((w) => stop(w.child, 15_000)));
    await stop(double.child, 15_000);
    await queues.close();
    await cleanPrefix(redis, prefix);
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------
// Part 2: fan-out to S subscribers of one PC (2s: spread over the PC and its ACs).

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

function procStatus(pid: number): { hwmKb: number; rssKb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      hwmKb: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0),
      rssKb: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0),
    };
  } catch {
    return undefined;
  }
}

async function fanout(subscribers: number, spread = false) {
  const prefix = `cap-fan-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix);
  const { proc: double, apiRoot } = await startDouble({ rate: 0 });
  let worker: LoggedProcess | undefined;
  try {
    const memBefore = await usedMemory(redis);
    const s0 = Date.now();
    await (spread ? seedSpread : seedSubscribers)(redis, prefix, subscribers);
    const seedSeconds = (Date.now() - s0) / 1000;
    const memSeeded = await usedMemory(redis);

    // Nothing is sent: the send queue is paused before any worker starts.
    await queues.send.pause();
    worker = spawnLogged(workerCmd(), programEnv(apiRoot, prefix, 'unlimited', true));
    await worker.wait(/delivery workers started/);
    const pid = worker.child.pid as number;
    const idle = procStatus(pid);

    const { deliveries, service } = benchDelivery(redis, prefix);
    const t0 = Date.now();
    const d = await service.start({
      content: { kind: 'text', text: 'बेंचमार्क संदेश (काल्पनिक): फैन-आउट' },
      target: { kind: 'pcs', pcs: [PC] },
      createdBy: 'bench',
    });
    let peakRssKb = 0;
    for (;;) {
      const st = procStatus(pid);
      if (st) peakRssKb = Math.max(peakRssKb, st.hwmKb);
      const cur = await deliveries.get(d.id);
      if (cur?.fanoutDone) break;
      if (Date.now() - t0 > 3_600_000) throw new Error(`fan-out not done: ${JSON.stringify(cur)}`);
      await sleep(100);
    }
    const fanoutSeconds = (Date.now() - t0) / 1000;
    const end = procStatus(pid);
    if (end) peakRssKb = Math.max(peakRssKb, end.hwmKb);
    const counts = await queues.send.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
    const total = (await deliveries.get(d.id))?.total ?? 0;
    const memFanned = await usedMemory(redis);
    return {
      subscribers,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      fanoutSeconds: Number(fanoutSeconds.toFixed(1)),
      queuedPerSecond: Math.round(total / fanoutSeconds),
      sendJobs: jobs,
      deliveryTotal: total,
      workerRssIdleMb: Number(((idle?.rssKb ?? 0) / 1024).toFixed(1)),
      workerPeakRssMb: Number((peakRssKb / 1024).toFixed(1)),
      redisUsedMemoryMb: {
        before: Number((memBefore / 2 ** 20).toFixed(1)),
        seeded: Number((memSeeded / 2 ** 20).toFixed(1)),
        fannedOut: Number((memFanned / 2 ** 20).toFixed(1)),
      },
      redisBytesPerSubscriber: Math.round((memSeeded - memBefore) / subscribers),
      redisBytesPerQueuedSend: Math.round((memFanned - memSeeded) / Math.max(1, total)),
    };
  } finally {
    if (worker) await stop(worker.child, 15_000);
    await stop(double.child, 15_000);
    await queues.close();
    await cleanPrefix(redis, prefix);
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const n = Number(args.n);
  const subscribers = Number(args.subscribers);
  const workers = Number(args.workers);
  const part = args.part;
  const out: Record<string, unknown> = {
    ...machine(),
    workerProcesses: workers,
    concurrencyPerProcess: Number(args.concurrency),
    loadAverageAtStart: loadAverage(),
    setup:
      'raw BullMQ: no-op processor, the send queue job options (attempts 6, removeOnComplete), no limiter; ' +
      'end to end: node dist/main.js worker (BullMQ limiter at 1,000,000/s as the program sets it for ' +
      'SEND_RATE=unlimited), the Bot API double with no latency and no limit, one text broadcast',
  };

  if (!part || part === '1') {
    console.log(`part 1: raw BullMQ, ${n} no-op jobs, ${workers} processes × ${args.concurrency}…`);
    const raw = await rawBullmq(n, workers);
    console.log(`part 1: end to end, ${n} readers, ${workers} worker processes, SEND_RATE=unlimited…`);
    const e2e = await endToEnd(n, workers);
    const throughput = {
      n,
      loadAverage: loadAverage(),
      rawBullmqJobsPerSecond: Number(raw.jobsPerSecond.toFixed(1)),
      endToEndMsgPerSecond: Number(e2e.msgPerSecond.toFixed(1)),
      ratio: Number((e2e.msgPerSecond / raw.jobsPerSecond).toFixed(3)),
      delivered: e2e.delivered,
      duplicates: e2e.duplicates,
      lost: e2e.lost,
      workerCpuMsPerMsg: e2e.workerCpuMsPerMessage,
      doubleCpuMsPerMsg: e2e.doubleCpuMsPerMessage,
    };
    console.table([throughput]);
    out.throughput = throughput;
  }
  if (part === 'profile') {
    // The end-to-end run of part 1 with every worker under `node --cpu-prof`, its CPU split by area.
    const dir = mkdtempSync(join(os.tmpdir(), 'cap-prof-'));
    process.env.CAP_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${dir}`;
    console.log(`profile: end to end, ${n} readers, ${workers} worker processes under --cpu-prof…`);
    const e2e = await endToEnd(n, workers);
    const summary = summarizeProfiles(dir, n);
    rmSync(dir, { recursive: true, force: true });
    const profile = {
      ...machine(),
      n,
      loadAverage: loadAverage(),
      workerCpuMsPerMsgProfiled: e2e.workerCpuMsPerMessage,
      note: 'Self time of both worker processes from node --cpu-prof (the profiler adds its own cost), per message; start-up (module loading) and idle left out.',
      profiledUsPerMessage: summary.usPerMessage,
      startupMs: summary.startupMs,
      areas: summary.areas,
      topFunctions: summary.topFunctions,
    };
    console.table(summary.areas);
    writeFileSync('bench/results/worker-profile.json', `${JSON.stringify(profile, null, 2)}\n`);
    console.log('wrote bench/results/worker-profile.json');
    return;
  }
  if (part === '3') {
    // Paced: the double enforces `--rate` strictly; achieved / limit shows the pacer's lateness.
    const rate = Number(args.rate);
    console.log(`part 3: ${n} readers at SEND_RATE=${rate}, the double enforcing it…`);
    const e2e = await endToEnd(n, workers, rate);
    const paced = {
      n,
      rate,
      loadAverage: loadAverage(),
      msgPerSecond: Number(e2e.msgPerSecond.toFixed(1)),
      achievedOverLimit: Number((e2e.msgPerSecond / rate).toFixed(4)),
      tooManyRequests: e2e.tooManyRequests,
      maxInAnySlidingSecond: e2e.maxInAnySlidingSecond,
      delivered: e2e.delivered,
      duplicates: e2e.duplicates,
      lost: e2e.lost,
      workerCpuMsPerMsg: e2e.workerCpuMsPerMessage,
    };
    console.table([paced]);
    out.paced = paced;
  }
  for (const [name, spread] of [
    ['2', false],
    ['2s', true],
  ] as const) {
    if (part && part !== name) continue;
    console.log(
      spread
        ? `part 2s: fan-out to ${subscribers} readers spread over ${PC} and its assembly seats (send queue paused)…`
        : `part 2: fan-out to ${subscribers} subscribers of ${PC} (send queue paused)…`,
    );
    const f = await fanout(subscribers, spread);
    const row = { ...f, loadAverage: loadAverage() };
    console.table([
      {
        subscribers: row.subscribers,
        'seed s': row.seedSeconds,
        'fan-out s': row.fanoutSeconds,
        'queued/s': row.queuedPerSecond,
        'send jobs': row.sendJobs,
        'peak RSS MB': row.workerPeakRssMb,
        'B/subscriber': row.redisBytesPerSubscriber,
        'B/queued send': row.redisBytesPerQueuedSend,
        load: row.loadAverage,
      },
    ]);
    if (spread) out.fanoutSeats = row;
    else out.fanout = row;
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/capacity.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('wrote bench/results/capacity.json');
}
