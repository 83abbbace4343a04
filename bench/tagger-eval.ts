/**
 * Seat-tagging quality on the evaluation set: `npm run -s bench:tagger-eval`.
 *
 * Tags every sentence of `tests/catalog/tagger-eval.tsv`, prints precision and recall over all PC
 * tags and every sentence with a wrong or missing tag, and writes `bench/results/tagger-eval.json`.
 * The set and the tagger have the same author: these figures guard against regressions, they do not
 * measure the tagger on unseen text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createTagger } from '../src/catalog/tagger.js';
import {
  MIN_PRECISION,
  MIN_RECALL,
  readTagEvalSet,
  runTagEval,
  TAGGER_EVAL_FILE,
} from '../tests/catalog/tagger-eval.js';
import { machine } from './machine.js';

const round = (x: number): number => Math.round(x * 1000) / 1000;

function main(): void {
  const cases = readTagEvalSet();
  const report = runTagEval(createTagger(loadCatalog()), cases);
  const wrong = report.outcomes.filter((o) => o.extra.length > 0 || o.missed.length > 0);
  console.log(
    `${report.sentences} sentences (${report.traps} with traps) from ${path.relative(process.cwd(), TAGGER_EVAL_FILE)}`,
  );
  for (const o of wrong) {
    const parts = [
      o.extra.length > 0 ? `extra ${o.extra.join(' ')}` : '',
      o.missed.length > 0 ? `missed ${o.missed.join(' ')}` : '',
    ].filter(Boolean);
    console.log(`  line ${o.case.line}: ${parts.join(', ')}\t${o.case.text}`);
  }
  console.log(
    `precision ${round(report.precision)} (${report.truePositives}/${report.truePositives + report.falsePositives}), ` +
      `recall ${round(report.recall)} (${report.truePositives}/${report.truePositives + report.falseNegatives}); ` +
      `targets ≥ ${MIN_PRECISION} / ≥ ${MIN_RECALL} ` +
      (report.precision >= MIN_PRECISION && report.recall >= MIN_RECALL ? 'met' : 'MISSED'),
  );

  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/tagger-eval.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const json = {
    ...machine(),
    sentences: report.sentences,
    traps: report.traps,
    precision: round(report.precision),
    recall: round(report.recall),
    true_positives: report.truePositives,
    false_positives: report.falsePositives,
    false_negatives: report.falseNegatives,
    targets: { precision: MIN_PRECISION, recall: MIN_RECALL },
    note: 'The set and the tagger have the same author.',
    misses: wrong.map((o) => ({
      line: o.case.line,
      text: o.case.text,
      expected: o.case.pcs,
      got: o.got,
      extra: o.extra,
      missed: o.missed,
    })),
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main();
