/**
 * Search quality on the evaluation set: `npx tsx bench/search-eval.ts [catalogue dir]`.
 *
 * Runs every query of `tests/catalog/search-eval.tsv` through the search as the bot does, prints top-1,
 * the confident wrong answers and every miss, and writes `bench/results/search-eval.json`. A catalogue
 * directory other than the shipped one may be given (to measure a catalogue still being edited);
 * the JSON is only written for the shipped one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOGUE_DIR, loadCatalog } from '../src/catalog/catalog.js';
import { createSearch } from '../src/catalog/search.js';
import { EVAL_FILE, MIN_TOP1, readEvalSet, runEval } from '../tests/catalog/search-eval.js';
import { machine } from './machine.js';

function main(): void {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_CATALOGUE_DIR;
  const catalog = loadCatalog(dir);
  const named = catalog.pcs.reduce((n, pc) => n + pc.segments.filter((s) => s.nameHi).length, 0);
  const segments = catalog.pcs.reduce((n, pc) => n + pc.segments.length, 0);
  const search = createSearch(catalog);
  const cases = readEvalSet();
  const report = runEval(search, cases);

  const misses = report.outcomes.filter((o) => !o.ok);
  console.log(
    `catalogue ${path.relative(process.cwd(), dir) || '.'}: ${named} of ${segments} segments named in Hindi`,
  );
  console.log(`${report.total} queries from ${path.relative(process.cwd(), EVAL_FILE)}`);
  for (const o of misses) {
    const expected = o.case.expect;
    const want =
      expected.kind === 'greeting'
        ? 'greeting'
        : expected.kind === 'seat'
          ? [expected.first, ...expected.also].join('>')
          : expected.codes.join('+');
    const mark = o.confidentWrong ? '!' : ' ';
    console.log(
      `${mark} ${o.case.query}\twant ${want}\tgot ${o.got}${o.case.note ? `\t(${o.case.note})` : ''}`,
    );
  }
  const top1 = Math.round(report.top1 * 1000) / 1000;
  console.log(
    `top-1 ${top1} (${report.correct}/${report.total}), ${report.confidentWrong} confident wrong answers (marked !); ` +
      `target ≥ ${MIN_TOP1} ${report.top1 >= MIN_TOP1 ? 'met' : 'MISSED'}`,
  );

  if (dir !== DEFAULT_CATALOGUE_DIR) return;
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/search-eval.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const json = {
    ...machine(),
    queries: report.total,
    segments_named_in_hindi: named,
    segments,
    top1,
    correct: report.correct,
    confident_wrong: report.confidentWrong,
    target_top1: MIN_TOP1,
    target_met: report.top1 >= MIN_TOP1,
    misses: misses.map((o) => ({ query: o.case.query, line: o.case.line, got: o.got, note: o.case.note })),
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main();
