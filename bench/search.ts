/**
 * Constituency search benchmark: `npm run bench:search`.
 *
 * Builds 10,000 mixed queries from the shipped catalogue with a seeded PRNG (same queries every run),
 * warms up, times each query, prints p50/p95/p99/max per kind of query and overall, and writes
 * `bench/results/search.json`. Target: p99 under 1 ms.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createSearch } from '../src/catalog/search.js';
import type { Constituency } from '../src/catalog/types.js';
import { createRandom } from '../src/util/random.js';
import { machine } from './machine.js';

const QUERIES = 10_000;
const WARMUP_ROUNDS = 2;
const SEED = 0x5eed_2024;
const TARGET_P99_US = 1000;

const random = createRandom(SEED);
const int = (n: number): number => Math.floor(random() * n);
function pick<T>(list: readonly T[]): T {
  const item = list[int(list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** One random edit (delete, insert, substitute, swap) at a random place, on UTF-16 units. */
function typo(text: string, alphabet: string): string {
  const i = int(text.length);
  const c = alphabet[int(alphabet.length)] ?? 'a';
  switch (int(4)) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + c + text.slice(i);
    case 2:
      return text.slice(0, i) + c + text.slice(i + 1);
    default:
      return i + 1 < text.length
        ? text.slice(0, i) + (text[i + 1] ?? '') + (text[i] ?? '') + text.slice(i + 2)
        : text;
  }
}

const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const DEVANAGARI = 'कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौंँ़्';
const GARBAGE_PARTS = [
  'zzzzqqq',
  '🙂🙂',
  'مرحبا',
  'שלום',
  '12345',
  '!!!???',
  'asdfgh',
  'ठठठठ',
  'Ω≈ç√',
  '\u200d\u200c',
];

type Kind = 'hindi' | 'latin' | 'latin-typo' | 'hindi-typo' | 'segment' | 'code' | 'partial' | 'garbage';

function makeQuery(pcs: readonly Constituency[]): { kind: Kind; q: string } {
  const pc = pick(pcs);
  const roll = random();
  if (roll < 0.18) return { kind: 'hindi', q: pc.nameHi };
  if (roll < 0.36)
    return { kind: 'latin', q: random() < 0.3 && pc.aliases.length ? pick(pc.aliases) : pc.nameEn };
  if (roll < 0.5) {
    const q = typo(pc.nameEn.toLowerCase(), LATIN);
    return { kind: 'latin-typo', q: random() < 0.3 ? typo(q, LATIN) : q };
  }
  if (roll < 0.6) return { kind: 'hindi-typo', q: typo(pc.nameHi, DEVANAGARI) };
  if (roll < 0.75) {
    const withSegments = pc.segments.length > 0 ? pc : pick(pcs.filter((p) => p.segments.length > 0));
    const seg = pick(withSegments.segments);
    return { kind: 'segment', q: seg.nameHi && random() < 0.5 ? seg.nameHi : seg.nameEn };
  }
  if (roll < 0.8) {
    const forms = [
      pc.code,
      pc.code.toLowerCase().replace('-', ''),
      `pc_${pc.code}`,
      `${pc.stateCode} ${pc.no}`,
    ];
    return { kind: 'code', q: pick(forms) };
  }
  if (roll < 0.88) {
    const name = random() < 0.5 ? pc.nameEn : pc.nameHi;
    return { kind: 'partial', q: name.slice(0, Math.max(3, int(name.length))) };
  }
  const parts: string[] = [];
  const count = 1 + int(4);
  for (let i = 0; i < count; i++) parts.push(pick(GARBAGE_PARTS));
  let q = parts.join(random() < 0.5 ? ' ' : '');
  if (random() < 0.15) q = q.repeat(20).slice(0, 100);
  return { kind: 'garbage', q };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Stats {
  count: number;
  p50_us: number;
  p95_us: number;
  p99_us: number;
  max_us: number;
  mean_us: number;
  queries_per_s: number;
}

function stats(times: number[]): Stats {
  const sorted = Float64Array.from(times).sort();
  const total = times.reduce((a, b) => a + b, 0);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    count: times.length,
    p50_us: round(percentile(sorted, 50)),
    p95_us: round(percentile(sorted, 95)),
    p99_us: round(percentile(sorted, 99)),
    max_us: round(sorted[sorted.length - 1] ?? 0),
    mean_us: round(total / Math.max(times.length, 1)),
    queries_per_s: Math.round(times.length / (total / 1e6)),
  };
}

function main(): void {
  let t = performance.now();
  const catalog = loadCatalog();
  const loadMs = performance.now() - t;
  t = performance.now();
  const search = createSearch(catalog);
  const buildMs = performance.now() - t;

  const queries = Array.from({ length: QUERIES }, () => makeQuery(catalog.pcs));
  const kinds = { none: 0, one: 0, ambiguous: 0, many: 0 };
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const { q } of queries) search(q);
  }

  const times: number[] = [];
  const byKind = new Map<Kind, number[]>();
  for (const { kind, q } of queries) {
    const start = performance.now();
    const result = search(q);
    const us = (performance.now() - start) * 1000;
    times.push(us);
    kinds[result.kind]++;
    const list = byKind.get(kind) ?? [];
    list.push(us);
    byKind.set(kind, list);
  }

  const overall = stats(times);
  const rows = [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, list]) => ({ kind, ...stats(list) }));
  console.log(
    `catalogue load ${loadMs.toFixed(1)} ms, search index build ${buildMs.toFixed(1)} ms (first call, cold)`,
  );
  console.log(`${QUERIES} queries after ${WARMUP_ROUNDS} warm-up rounds; times in microseconds`);
  console.table(
    Object.fromEntries(
      [...rows, { kind: 'ALL', ...overall }].map(
        ({ kind, count, p50_us, p95_us, p99_us, max_us, queries_per_s }) => [
          kind,
          { count, p50: p50_us, p95: p95_us, p99: p99_us, max: max_us, 'q/s': queries_per_s },
        ],
      ),
    ),
  );
  console.log(`results: ${JSON.stringify(kinds)}`);
  const verdict = overall.p99_us < TARGET_P99_US ? 'met' : 'MISSED';
  console.log(`p99 ${overall.p99_us} µs: target < ${TARGET_P99_US} µs ${verdict}`);

  const report = {
    ...machine(),
    seed: SEED,
    queries: QUERIES,
    warmup_rounds: WARMUP_ROUNDS,
    catalogue_load_ms: Math.round(loadMs * 10) / 10,
    index_build_ms: Math.round(buildMs * 10) / 10,
    overall,
    by_kind: rows,
    results: kinds,
    target_p99_us: TARGET_P99_US,
    target_met: overall.p99_us < TARGET_P99_US,
  };
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/search.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main();
