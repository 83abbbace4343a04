/**
 * `npm run bench:delivery`: end-to-end delivery figures against the Bot API double.
 *
 * Scenarios (each: a fresh Redis prefix, the double in its own process, two `node dist/main.js worker`
 * processes, one broadcast to N readers of one seat):
 *   - no limit: the double answers at once and enforces nothing, SEND_RATE=unlimited: the figure is the
 *     engine's capacity in messages per second;
 *   - 25/s, 1,500 readers and 1000/s (paid broadcast), 20,000 readers: the double enforces the limit
 *     strictly over every sliding second (429 beyond it); achieved rate / SEND_RATE and 429s are read
 *     from what the double recorded.
 * Prints a table and writes bench/results/delivery.json. Needs Redis (REDIS_URL) and a build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createQueues } from '../src/delivery/queues.js';
import { createDeliveryService } from '../src/delivery/service.js';
import { createDeliveryStore } from '../src/store/deliveries.js';
import { createKeys } from '../src/store/keys.js';
import { machine } from './machine.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = '123456:BENCH-token-for-delivery-benchmarks';

interface Scenario {
  name: string;
  readers: number;
  /** SEND_RATE given to the workers. */
  sendRate: number;
  /** Limit the double enforces (0: none). */
  limit: number;
  paid: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'no limit', readers: 20_000, sendRate: 0, limit: 0, paid: true },
  { name: '25/s', readers: 1_500, sendRate: 25, limit: 25, paid: false },
  { name: '1000/s paid', readers: 20_000, sendRate: 1000, limit: 1000, paid: true },
];

function spawnLogged(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; lines: string[]; wait: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<[RegExp, (s: string) => void]> = [];
  const on = (b: Buffer) => {
    for (const l of b.toString().split('\n')) {
      if (!l) continue;
      lines.push(l);
      for (const w of [...waiters])
        if (w[0].test(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w[1](l);
        }
    }
  };
  child.stdout?.on('data', on);
  child.stderr?.on('data', on);
  return {
    child,
    lines,
    wait: (re) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => re.test(l));
        if (hit) return resolve(hit);
        waiters.push([re, resolve]);
        child.once('exit', () =>
          reject(new Error(`process exited waiting for ${re}:\n${lines.slice(-20).join('\n')}`)),
        );
      }),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function runScenario(s: Scenario) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const catalog = loadCatalog();
  const doubleArgs = [
    '--import',
    'tsx',
    'src/bot-api-double/cli.ts',
    '--port',
    '0',
    '--no-record-text',
    '--token',
    TOKEN,
  ];
  if (s.limit > 0) doubleArgs.push('--rate', String(s.limit), '--paid-rate', String(s.limit));
  const double = spawnLogged(doubleArgs, {});
  const apiRoot = /(http:\/\/127\.0\.0\.1:\d+)/.exec(
    await double.wait(/http:\/\/127\.0\.0\.1:\d+/),
  )?.[1] as string;

  // Readers of one seat.
  const k = createKeys(prefix);
  const pc = 'UP-16';
  for (let i = 0; i < s.readers; i += 1000) {
    const ids = Array.from({ length: Math.min(1000, s.readers - i) }, (_, j) => 5_000_000 + i + j);
    const tx = redis.multi();
    for (const id of ids)
      tx.hset(k.chat(id), {
        status: 'active',
        lang: id % 2 ? 'hi' : 'en',
        created: 1,
        digest: 'off',
        quiet: 0,
      });
    tx.sadd(k.chats, ...ids).sadd(k.pcChats(pc), ...ids);
    await tx.exec();
  }

  const workerEnv = {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL,
    KEY_PREFIX: prefix,
    SEND_RATE: s.limit === 0 ? 'unlimited' : String(s.sendRate),
    PAID_BROADCAST: String(s.paid),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  const workers = [
    spawnLogged(['dist/main.js', 'worker'], workerEnv),
    spawnLogged(['dist/main.js', 'worker'], workerEnv),
  ];
  await Promise.all(workers.map((w) => w.wait(/delivery workers started/)));

  const logger = pino({ level: 'silent' });
  const deliveries = createDeliveryStore({ redis, prefix });
  const queues = createQueues(redis, prefix);
  const service = createDeliveryService({ redis, prefix, catalog, deliveries, queues, logger });
  const t0 = Date.now();
  const d = await service.start({
    content: { kind: 'text', text: 'बेंचमार्क संदेश (काल्पनिक): डिलीवरी की रफ्तार की जांच' },
    target: { kind: 'pcs', pcs: [pc] },
    createdBy: 'bench',
  });
  for (;;) {
    const cur = await deliveries.get(d.id);
    if (cur?.status === 'done') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const wall = (Date.now() - t0) / 1000;
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
  const spanS = (m.lastTime - m.firstTime) / 1000;
  const rate = spanS > 0 ? (m.sent - 1) / spanS : m.sent;
  const done = await deliveries.get(d.id);
  await Promise.all(workers.map((w) => stop(w.child)));
  await stop(double.child);
  await queues.close();
  // Clean the prefix.
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  return {
    scenario: s.name,
    readers: s.readers,
    sendRate: s.limit === 0 ? null : s.sendRate,
    delivered: m.sent,
    lost: s.readers - (done?.sent ?? 0),
    duplicates: m.duplicates,
    tooManyRequests: stats.result.tooManyRequests,
    seconds: Number(wall.toFixed(2)),
    msgPerSecond: Number(rate.toFixed(1)),
    achievedOverLimit: s.limit === 0 ? null : Number((rate / s.sendRate).toFixed(4)),
    maxInAnySlidingSecond: m.maxPerSecond,
  };
}

const only = process.argv[2];
const results = [];
for (const s of SCENARIOS) {
  if (only && !s.name.startsWith(only)) continue;
  console.log(`running: ${s.name} (${s.readers} readers)…`);
  results.push(await runScenario(s));
}
console.table(results);
mkdirSync('bench/results', { recursive: true });
const out = { ...machine(), workers: 2, results };
writeFileSync('bench/results/delivery.json', `${JSON.stringify(out, null, 2)}\n`);
console.log('wrote bench/results/delivery.json');
