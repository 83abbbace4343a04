/**
 * `npm run bench:compare`: the same broadcast three ways against the same strict Bot API double.
 *
 *   (a) a plain sequential loop of `bot.api.sendMessage` in a grammY bot that long-polls for /start;
 *   (b) grammY with @grammyjs/transformer-throttler and @grammyjs/auto-retry, every recipient at once;
 *   (c) this project as deployed: one `node dist/main.js bot` and two `node dist/main.js worker`
 *       processes on Redis, the broadcast started through the delivery service.
 *
 * Scenarios: 30/s (1,500 recipients) and 1000/s paid broadcast (20,000 recipients), 50 ms per call by
 * default. Each way gets a fresh double process (--rate 30, plus --paid-rate 1000 in the paid scenario)
 * and a time budget; a way still sending when it runs out is stopped and reported incomplete. During
 * each broadcast a probe pushes a /start from a reader who is not a recipient every second and times the
 * bot's reply as the double recorded it. Every figure comes from the double's records and counters.
 *
 * Flags: --scenario 30|1000|all  --ways a,b,c  --recipients <n>  --latency <ms>  --budget <s>
 *        --grace <s> (how long /start replies may still arrive after a broadcast ends, default 10)
 *        --double-args="<flags>" (extra double CLI flags, e.g. a fault mix: --double-args="--p5xx 0.01")
 *        --out <file> (default bench/results/compare.json)  --no-doc  --doc-only
 * Writes the JSON (merging with an earlier run's other scenarios and ways) and regenerates
 * docs/benchmarks.md from bench/results/*.json. Needs Redis (REDIS_URL) and a build for (c).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { maxInSlidingWindow } from '@chunav/bot-api-double';
import { Redis } from 'ioredis';
import { createQueues } from '../src/delivery/queues.js';
import {
  type CompareResults,
  type CompareScenario,
  compareTable,
  WAY_LABELS,
  type WayId,
  type WayResult,
  writeBenchmarksDoc,
} from './lib/benchmarks-doc.js';
import {
  BENCH_TOKEN,
  benchDelivery,
  cleanPrefix,
  type DoubleProcess,
  doubleCalls,
  doubleMessages,
  doubleStats,
  type LoggedProcess,
  programEnv,
  pushText,
  REDIS_URL,
  seedReaders,
  sleep,
  spawnLogged,
  startDouble,
  stop,
  waitForMessages,
} from './lib/procs.js';
import { machine } from './machine.js';

const TEXT = 'बेंचमार्क संदेश (काल्पनिक): डिलीवरी की रफ्तार की जांच';
const FIRST_RECIPIENT = 5_000_000;
/** Probe readers: /start senders who never follow the seat. */
const FIRST_PROBE = 9_000_000;
const PC = 'UP-16';

interface ScenarioDef {
  id: '30' | '1000';
  limit: number;
  paid: boolean;
  recipients: number;
}

const SCENARIOS: ScenarioDef[] = [
  { id: '30', limit: 30, paid: false, recipients: 1_500 },
  { id: '1000', limit: 1000, paid: true, recipients: 20_000 },
];

/**
 * SEND_RATE of way (c): Telegram's limit and nothing else. Replies to readers take their slots from the
 * same clock as a free broadcast, ahead of it (src/delivery/pacer.ts), so no room is left for them.
 */
function projectSendRate(s: ScenarioDef): number {
  return s.limit;
}

/**
 * The shortest time in which `limit + 1` of these sends arrived (sorted times): at least 1000 ms means
 * no sliding second held more than the limit. How far above 1000 ms it stays is the slack the pacer
 * kept; `limit × slot spacing − shortest span` is the spread of arrival times the run showed.
 */
function shortestSpan(sorted: number[], limit: number): number | null {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + limit < sorted.length; i++) {
    const span = (sorted[i + limit] as number) - (sorted[i] as number);
    if (span < best) best = span;
  }
  return Number.isFinite(best) ? Number(best.toFixed(1)) : null;
}

/** The pacers' own figures, from the worker processes' `pacer stats` log lines (way c). */
function paceStatsOf(procs: LoggedProcess[]): unknown[] {
  const out: unknown[] = [];
  for (const p of procs)
    for (const l of p.lines) {
      if (!l.includes('"pacer stats"')) continue;
      try {
        const j = JSON.parse(l) as { pace?: unknown; slotMs?: number };
        out.push({ ...(j.pace as object), slotMs: j.slotMs });
      } catch {
        // not a JSON log line
      }
    }
  return out;
}

/** Wall-clock ms on the same clock the double records with. */
const now = (): number => performance.timeOrigin + performance.now();

function args() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'all' },
      ways: { type: 'string', default: 'a,b,c' },
      recipients: { type: 'string' },
      latency: { type: 'string', default: '50' },
      budget: { type: 'string', default: '120' },
      grace: { type: 'string', default: '10' },
      'double-args': { type: 'string', default: '' },
      out: { type: 'string', default: 'bench/results/compare.json' },
      'no-doc': { type: 'boolean', default: false },
      'doc-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (name: string, raw: string | undefined, min: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new RangeError(`--${name} must be a number >= ${min}`);
    return n;
  };
  const scenarios = values.scenario === 'all' ? SCENARIOS : SCENARIOS.filter((s) => s.id === values.scenario);
  if (scenarios.length === 0) throw new RangeError('--scenario must be 30, 1000 or all');
  const ways = (values.ways ?? '').split(',').map((w) => w.trim());
  for (const w of ways) if (!(w in WAY_LABELS)) throw new RangeError(`--ways takes a, b, c; got '${w}'`);
  return {
    scenarios,
    ways: ways as WayId[],
    recipients: values.recipients === undefined ? undefined : num('recipients', values.recipients, 1),
    latencyMs: num('latency', values.latency, 0),
    budgetS: num('budget', values.budget, 1),
    graceS: num('grace', values.grace, 0),
    doubleArgs: (values['double-args'] ?? '').split(/\s+/).filter(Boolean),
    out: values.out as string,
    doc: !values['no-doc'],
    docOnly: values['doc-only'] === true,
  };
}

type Settings = ReturnType<typeof args>;

/** Everything started for the current way, so an interrupted run still stops it. */
const running = new Set<ChildProcess>();
function track(p: LoggedProcess): LoggedProcess {
  running.add(p.child);
  p.child.once('exit', () => running.delete(p.child));
  return p;
}

/** The Redis prefix of the running (c), cleaned if the run is interrupted. */
let activePrefix: string | undefined;

/** One probe: /start from a new reader, answered (ms) or not (Infinity). */
async function probe(apiRoot: string, chatId: number, signal: AbortSignal): Promise<number> {
  const t = now();
  try {
    await pushText(apiRoot, chatId, '/start');
    while (!signal.aborted) {
      const got = await waitForMessages(apiRoot, chatId, 1, 2000);
      const reply = got?.[0];
      if (reply) return Math.max(0, reply.time - t);
    }
  } catch {
    // The double went away: unanswered.
  }
  return Number.POSITIVE_INFINITY;
}

/** Probes every second until `finished()`; then gives replies `graceMs` more and returns latencies. */
async function probeDuring(
  apiRoot: string,
  firstChat: number,
  finished: () => boolean,
  graceMs: number,
): Promise<number[]> {
  const abort = new AbortController();
  const pending: Promise<number>[] = [];
  let next = now();
  while (!finished()) {
    if (now() >= next) {
      pending.push(probe(apiRoot, firstChat + pending.length, abort.signal));
      // Once a second; a stalled loop skips the seconds it missed instead of bunching probes.
      next = Math.max(next + 1000, now());
    }
    await sleep(Math.max(5, Math.min(100, next - now())));
  }
  const timer = setTimeout(() => abort.abort(), graceMs);
  const latencies = await Promise.all(pending);
  clearTimeout(timer);
  return latencies;
}

/** /start once before the broadcast: the bot is up and polling. */
async function warmUp(apiRoot: string): Promise<void> {
  const chat = FIRST_PROBE - 1;
  await pushText(apiRoot, chat, '/start');
  if (!(await waitForMessages(apiRoot, chat, 1, 30_000))) throw new Error('the bot did not answer /start');
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const v = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return Number.isFinite(v) ? Math.round(v) : null;
}

/** Figures of one way from what the double recorded up to `deadline`. */
async function figures(
  d: DoubleProcess,
  s: ScenarioDef & { recipients: number },
  way: WayId,
  t0: number,
  deadline: number,
  finished: boolean,
  latencies: number[],
): Promise<WayResult> {
  const [stats, messages] = await Promise.all([doubleStats(d.apiRoot), doubleMessages(d.apiRoot)]);
  const last = FIRST_RECIPIENT + s.recipients;
  const times: number[] = [];
  const replyTimes: number[] = [];
  const seen = new Set<number>();
  let duplicates = 0;
  for (const m of messages) {
    if (m.chat_id >= FIRST_PROBE - 1 && m.time <= deadline) replyTimes.push(m.time);
    if (m.chat_id < FIRST_RECIPIENT || m.chat_id >= last || m.time > deadline) continue;
    times.push(m.time);
    if (seen.has(m.chat_id)) duplicates++;
    else seen.add(m.chat_id);
  }
  times.sort((x, y) => x - y);
  const delivered = seen.size;
  const firstT = times[0] ?? 0;
  const lastT = times.at(-1) ?? 0;
  const spanS = (lastT - firstT) / 1000;
  const rate = spanS > 0 ? (times.length - 1) / spanS : 0;
  // Under the free limit the replies share it with the broadcast: both count, in the broadcast's span.
  const replies = s.paid ? 0 : replyTimes.filter((t) => t > firstT && t <= lastT).length;
  const counted = s.paid ? times : [...times, ...replyTimes].sort((x, y) => x - y);
  const countedRate = spanS > 0 ? (times.length - 1 + replies) / spanS : 0;
  // Which sends the 429s hit: broadcast messages or /start replies (from the double's call log).
  let toBroadcast = 0;
  let toReplies = 0;
  if (process.env.COMPARE_DUMP_CALLS) {
    // Diagnostics: every call the double logged, to study what arrived when.
    writeFileSync(process.env.COMPARE_DUMP_CALLS, JSON.stringify(await doubleCalls(d.apiRoot)));
  }
  if (stats.tooManyRequests > 0) {
    for (const c of await doubleCalls(d.apiRoot)) {
      if (c.status !== 429) continue;
      const chat = Number(c.params.chat_id);
      if (chat >= FIRST_RECIPIENT && chat < last) toBroadcast++;
      else if (chat >= FIRST_PROBE - 1) toReplies++;
    }
  }
  const sorted = [...latencies].sort((x, y) => x - y);
  const complete = delivered === s.recipients;
  return {
    way,
    label: WAY_LABELS[way],
    complete,
    finishedInBudget: finished,
    recipients: s.recipients,
    delivered,
    lost: s.recipients - delivered,
    duplicates,
    tooManyRequests: stats.tooManyRequests,
    tooManyRequestsBroadcast: toBroadcast,
    tooManyRequestsReplies: toReplies,
    secondsToDeliverAll: complete ? Number(((lastT - t0) / 1000).toFixed(2)) : null,
    secondsToLastDelivered: delivered > 0 ? Number(((lastT - t0) / 1000).toFixed(2)) : 0,
    msgPerSecond: Number(rate.toFixed(1)),
    repliesInSpan: replies,
    achievedOverLimit: Number((countedRate / s.limit).toFixed(4)),
    maxInAnySlidingSecond: maxInSlidingWindow(counted, 1000),
    shortestSpanOfLimitPlusOneMs: shortestSpan(counted, s.limit),
    probes: latencies.length,
    answered: latencies.filter(Number.isFinite).length,
    replyP50Ms: percentile(sorted, 0.5),
    replyP95Ms: percentile(sorted, 0.95),
    loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
    perSecond: perSecondCounts(counted),
  };
}

/** Messages counted in each whole second from the first one (where a run lost rate: its start, a stall, its end). */
function perSecondCounts(sorted: readonly number[]): number[] {
  const first = sorted[0];
  if (first === undefined) return [];
  const out: number[] = [];
  for (const t of sorted) {
    const i = Math.floor((t - first) / 1000);
    out[i] = (out[i] ?? 0) + 1;
  }
  return Array.from(out, (n) => n ?? 0);
}

/** (a) or (b): one grammY process, /start answered from the same process as the broadcast. */
async function runTutorial(
  s: ScenarioDef & { recipients: number },
  way: 'a' | 'b',
  d: DoubleProcess,
  o: Settings,
): Promise<WayResult> {
  const bot = track(
    spawnLogged(
      [
        '--import',
        'tsx',
        'bench/lib/tutorial-bot.ts',
        way,
        d.apiRoot,
        BENCH_TOKEN,
        String(FIRST_RECIPIENT),
        String(s.recipients),
        String(s.limit),
        String(s.paid),
      ],
      {},
      { stdin: true },
    ),
  );
  try {
    await bot.wait(/^ready$/);
    await warmUp(d.apiRoot);
    const t0 = now();
    const deadline = t0 + o.budgetS * 1000;
    bot.child.stdin?.write('go\n');
    let done = false;
    bot.wait(/^done /).then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    const latencies = await probeDuring(
      d.apiRoot,
      FIRST_PROBE,
      () => done || now() >= deadline,
      o.graceS * 1000,
    );
    if (!done) bot.child.stdin?.write('stop\n');
    return await figures(d, s, way, t0, deadline, done, latencies);
  } finally {
    await stop(bot.child);
  }
}

/** (c): the project as deployed, a bot process and two workers, publishing through the service. */
async function runProject(
  s: ScenarioDef & { recipients: number },
  d: DoubleProcess,
  o: Settings,
): Promise<WayResult> {
  const prefix = `bench-compare-${randomUUID().slice(0, 8)}`;
  activePrefix = prefix;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix);
  const procs: LoggedProcess[] = [];
  try {
    await seedReaders(
      redis,
      prefix,
      PC,
      Array.from({ length: s.recipients }, (_, i) => FIRST_RECIPIENT + i),
    );
    // Replies to readers share Telegram's free limit with a free broadcast: keep room for the probe's
    // /start replies, as an operator keeps room for the replies they expect. Paid broadcasts have their
    // own limit.
    const env = programEnv(d.apiRoot, prefix, projectSendRate(s), s.paid);
    procs.push(track(spawnLogged(['dist/main.js', 'bot'], env)));
    procs.push(track(spawnLogged(['dist/main.js', 'worker'], env)));
    procs.push(track(spawnLogged(['dist/main.js', 'worker'], env)));
    await Promise.all([
      procs[0]?.wait(/long polling started/),
      procs[1]?.wait(/delivery workers started/),
      procs[2]?.wait(/delivery workers started/),
    ]);
    await warmUp(d.apiRoot);

    const { deliveries, service } = benchDelivery(redis, prefix);
    const t0 = now();
    const deadline = t0 + o.budgetS * 1000;
    const delivery = await service.start({
      content: { kind: 'text', text: TEXT },
      target: { kind: 'pcs', pcs: [PC] },
      createdBy: 'bench',
    });
    let done = false;
    const watch = (async () => {
      while (!done && now() < deadline) {
        const cur = await deliveries.get(delivery.id);
        if (cur?.status === 'done' || cur?.status === 'cancelled') done = true;
        else await sleep(200);
      }
    })();
    const latencies = await probeDuring(
      d.apiRoot,
      FIRST_PROBE,
      () => done || now() >= deadline,
      o.graceS * 1000,
    );
    await watch;
    if (!done) await service.cancel(delivery.id).catch(() => undefined);
    const result = await figures(d, s, 'c', t0, deadline, done, latencies);
    await Promise.all(procs.map((p) => stop(p.child)));
    return { ...result, pace: paceStatsOf(procs) };
  } finally {
    await Promise.all(procs.map((p) => stop(p.child)));
    await queues.close();
    await cleanPrefix(redis, prefix);
    activePrefix = undefined;
    redis.disconnect();
  }
}

async function runWay(s: ScenarioDef & { recipients: number }, way: WayId, o: Settings): Promise<WayResult> {
  const d = await startDouble({
    rate: 30,
    ...(s.paid ? { paidRate: s.limit } : {}),
    latencyMs: o.latencyMs,
    // Keep every call so the 429s can be told apart (broadcast or reply).
    extraArgs: ['--call-log', String(s.recipients * 3 + 10_000), ...o.doubleArgs],
  });
  running.add(d.proc.child);
  try {
    return way === 'c' ? await runProject(s, d, o) : await runTutorial(s, way, d, o);
  } finally {
    await stop(d.proc.child);
  }
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const o = args();
  if (o.docOnly) {
    console.log(`wrote ${writeBenchmarksDoc()}`);
    return;
  }
  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  const ran: CompareScenario[] = [];
  for (const def of SCENARIOS.filter((s) => o.scenarios.includes(s))) {
    const s = { ...def, recipients: o.recipients ?? def.recipients };
    const scenario: CompareScenario = {
      scenario: s.id,
      limit: s.limit,
      paidBroadcast: s.paid,
      recipients: s.recipients,
      latencyMs: o.latencyMs,
      budgetS: o.budgetS,
      doubleArgs: o.doubleArgs,
      projectSendRate: projectSendRate(s),
      ways: [],
    };
    for (const way of o.ways) {
      console.log(`running: ${s.id}/s, ${s.recipients} recipients, ${WAY_LABELS[way]}…`);
      const r = await runWay(s, way, o);
      console.log(
        `  delivered ${r.delivered}/${r.recipients}${r.finishedInBudget ? '' : ' (budget ran out)'}, ${r.msgPerSecond}/s, 429s ${r.tooManyRequests}, /start p95 ${r.replyP95Ms ?? 'no reply'} ms`,
      );
      scenario.ways.push(r);
    }
    ran.push(scenario);
  }

  // Merge with an earlier run: scenarios and ways not run now keep their figures.
  const earlier = readJson<CompareResults>(o.out);
  const scenarios: CompareScenario[] = earlier?.scenarios ?? [];
  for (const r of ran) {
    const i = scenarios.findIndex((e) => e.scenario === r.scenario);
    const old = i >= 0 ? scenarios[i] : undefined;
    const same =
      old &&
      old.recipients === r.recipients &&
      old.latencyMs === r.latencyMs &&
      old.budgetS === r.budgetS &&
      JSON.stringify(old.doubleArgs) === JSON.stringify(r.doubleArgs);
    const ways = same ? old.ways.filter((w) => !r.ways.some((n) => n.way === w.way)) : [];
    const merged = { ...r, ways: [...ways, ...r.ways].sort((x, y) => x.way.localeCompare(y.way)) };
    if (i >= 0) scenarios[i] = merged;
    else scenarios.push(merged);
  }
  scenarios.sort((x, y) => Number(x.scenario) - Number(y.scenario));
  const out: CompareResults = {
    benchmark: 'compare',
    ...machine(),
    loadavgAtStart: loadBefore,
    loadavgAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
    processes: { a: 1, b: 1, c: '1 bot + 2 workers' },
    scenarios,
  };
  console.log(`\n${compareTable(out)}`);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${o.out}`);
  if (o.doc) console.log(`wrote ${writeBenchmarksDoc()}`);
}

const shutdown = async () => {
  for (const child of running) child.kill('SIGTERM');
  if (activePrefix) {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await cleanPrefix(redis, activePrefix).catch(() => undefined);
    redis.disconnect();
  }
  process.exit(130);
};
process.once('SIGINT', () => void shutdown());

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    for (const child of running) child.kill('SIGTERM');
    process.exit(1);
  },
);
