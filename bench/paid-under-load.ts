/**
 * `npm run bench:paid-under-load`: the paid scenario of bench:compare (1000/s, 20,000 recipients, way
 * (c) only: one bot and two worker processes against the strict double) run five times in a row while a
 * CPU burner (a busy loop in another process) takes a core, to show that the pacer keeps every sliding
 * second within the limit on a loaded machine, not only on a quiet one. Each run is a bench:compare run
 * of its own (fresh double, fresh key prefix); its figures come from the double's records.
 *
 * Flags: --runs <n> (5)  --burners <n> (1)  --recipients <n> (20000)  --out <file>
 * Writes bench/results/paid-under-load.json (docs/benchmarks.md shows it). Needs Redis and a build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CompareResults } from './lib/benchmarks-doc.js';
import { machine } from './machine.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    burners: { type: 'string', default: '1' },
    recipients: { type: 'string', default: '20000' },
    out: { type: 'string', default: 'bench/results/paid-under-load.json' },
  },
});
const runs = Number(values.runs);
const burners = Number(values.burners);
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** A process that keeps one core busy until killed. */
function burner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

function compareOnce(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/compare.ts',
        '--scenario',
        '1000',
        '--ways',
        'c',
        '--recipients',
        String(values.recipients),
        '--no-doc',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bench:compare exited ${code}`)),
    );
  });
}

const tmp = join(os.tmpdir(), `paid-under-load-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const burning = Array.from({ length: burners }, burner);
const stopBurners = () => {
  for (const b of burning) b.kill('SIGKILL');
};
process.once('SIGINT', () => {
  stopBurners();
  process.exit(130);
});

const rows: Array<Record<string, unknown>> = [];
const loadAtStart = load();
try {
  for (let i = 1; i <= runs; i++) {
    const out = join(tmp, `run-${i}.json`);
    const before = load();
    console.log(`run ${i}/${runs} (load average ${before.join(' ')}, ${burners} CPU burner(s))…`);
    await compareOnce(out);
    const r = JSON.parse(readFileSync(out, 'utf8')) as CompareResults;
    const c = r.scenarios[0]?.ways.find((w) => w.way === 'c');
    if (!c) throw new Error('no result for way (c)');
    const pace = (c.pace ?? []) as Array<{ windowMs?: number; givenBack?: number; sends?: number }>;
    rows.push({
      run: i,
      delivered: c.delivered,
      tooManyRequests: c.tooManyRequests,
      achievedOverLimit: c.achievedOverLimit,
      maxInAnySlidingSecond: c.maxInAnySlidingSecond,
      shortestSpanOfLimitPlusOneMs: c.shortestSpanOfLimitPlusOneMs ?? null,
      duplicates: c.duplicates,
      lost: c.lost,
      replyP95Ms: c.replyP95Ms,
      workerWindowMs: pace.map((p) => Math.round(p.windowMs ?? 0)).join(' / '),
      givenBack: pace.reduce((s, p) => s + (p.givenBack ?? 0), 0),
      loadBefore: before.join(' '),
      loadAfter: load().join(' '),
    });
  }
} finally {
  stopBurners();
  rmSync(tmp, { recursive: true, force: true });
}

const result = {
  benchmark: 'paid-under-load',
  ...machine(),
  runs,
  burners,
  recipients: Number(values.recipients),
  loadAverageAtStart: loadAtStart.join(' '),
  loadAverageAtEnd: load().join(' '),
  totalTooManyRequests: rows.reduce((s, r) => s + Number(r.tooManyRequests), 0),
  worstAchievedOverLimit: Math.min(...rows.map((r) => Number(r.achievedOverLimit))),
  rows,
};
console.table(rows);
mkdirSync(dirname(values.out as string), { recursive: true });
writeFileSync(values.out as string, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${values.out}`);
