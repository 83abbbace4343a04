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
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import {
  benchDelivery,
  cleanPrefix,
  doubleStats,
  programEnv,
  REDIS_URL,
  seedReaders,
  spawnLogged,
  startDouble,
  stop,
} from './lib/procs.js';
import { machine } from './machine.js';

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

async function runScenario(s: Scenario) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const double = await startDouble({ rate: s.limit });
  const apiRoot = double.apiRoot;

  // Readers of one seat.
  const pc = 'UP-16';
  await seedReaders(
    redis,
    prefix,
    pc,
    Array.from({ length: s.readers }, (_, i) => 5_000_000 + i),
  );

  const workerEnv = programEnv(apiRoot, prefix, s.limit === 0 ? 'unlimited' : s.sendRate, s.paid);
  const workers = [
    spawnLogged(['dist/main.js', 'worker'], workerEnv),
    spawnLogged(['dist/main.js', 'worker'], workerEnv),
  ];
  await Promise.all(workers.map((w) => w.wait(/delivery workers started/)));

  const { deliveries, service } = benchDelivery(redis, prefix);
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
  const stats = await doubleStats(apiRoot);
  const m = stats.messages;
  const spanS = (m.lastTime - m.firstTime) / 1000;
  const rate = spanS > 0 ? (m.sent - 1) / spanS : m.sent;
  const done = await deliveries.get(d.id);
  await Promise.all(workers.map((w) => stop(w.child)));
  await stop(double.proc.child);
  await cleanPrefix(redis, prefix);
  redis.disconnect();
  return {
    scenario: s.name,
    readers: s.readers,
    sendRate: s.limit === 0 ? null : s.sendRate,
    delivered: m.sent,
    lost: s.readers - (done?.sent ?? 0),
    duplicates: m.duplicates,
    tooManyRequests: stats.tooManyRequests,
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
