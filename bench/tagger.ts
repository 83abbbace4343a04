/**
 * Seat-tagging speed: `npm run -s bench:tagger`. Small on purpose (well under a second of work).
 *
 * Tags a 2,000-character Hindi news text (sentences of the evaluation set joined) a few hundred times
 * after a warm-up, prints the build time and the per-text median and 99th percentile, and writes
 * `bench/results/tagger.json`. The target: a 2,000-character text in well under 5 ms.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createTagger } from '../src/catalog/tagger.js';
import { readTagEvalSet } from '../tests/catalog/tagger-eval.js';
import { machine } from './machine.js';

const LENGTH = 2_000;
const RUNS = 300;
const TARGET_MS = 5;

function main(): void {
  const catalog = loadCatalog();
  const t0 = performance.now();
  const tag = createTagger(catalog);
  const buildMs = performance.now() - t0;

  let text = '';
  for (const c of readTagEvalSet()) {
    if (text.length >= LENGTH) break;
    text += `${c.text} `;
  }
  text = text.slice(0, LENGTH);

  for (let i = 0; i < 50; i++) tag(text);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    tag(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round((times[Math.floor(q * (times.length - 1))] ?? 0) * 1000) / 1000;
  const rows = [
    ['build (ms)', Math.round(buildMs)],
    [`tag ${LENGTH} chars, median (ms)`, at(0.5)],
    [`tag ${LENGTH} chars, p99 (ms)`, at(0.99)],
    ['PCs tagged in the text', tag(text).pcs.length],
  ];
  for (const [label, value] of rows) console.log(`${String(label).padEnd(32)} ${value}`);
  console.log(`target: under ${TARGET_MS} ms ${at(0.99) < TARGET_MS ? 'met' : 'MISSED'}`);

  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/tagger.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const json = {
    ...machine(),
    text_chars: LENGTH,
    runs: RUNS,
    build_ms: Math.round(buildMs),
    median_ms: at(0.5),
    p99_ms: at(0.99),
    target_ms: TARGET_MS,
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main();
