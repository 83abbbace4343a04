/**
 * The seat-tagging evaluation set (`tagger-eval.tsv`): made-up Hindi (and some English) news sentences,
 * each with the PCs an editor would tag. Read by `tagger-eval.test.ts` (precision and recall over all PC
 * tags must stay at or above {@link MIN_PRECISION} and {@link MIN_RECALL}) and by `bench/tagger-eval.ts`
 * (prints both and every miss, writes JSON).
 */

import { fileURLToPath } from 'node:url';
import type { Tagger } from '../../src/catalog/tagger.js';
import { readTsvRows } from '../helpers/tsv.js';

/** The data file next to this module. */
export const TAGGER_EVAL_FILE = fileURLToPath(new URL('./tagger-eval.tsv', import.meta.url));

export const MIN_PRECISION = 0.95;
export const MIN_RECALL = 0.95;

export interface TagCase {
  /** 1-based line in the file, for messages. */
  line: number;
  text: string;
  pcs: readonly string[];
  trap: boolean;
  note: string;
}

const CODE = /^[A-Z]{2}-[1-9]\d?$/;

/** Reads the set; throws naming the line on anything malformed or repeated. */
export function readTagEvalSet(file: string = TAGGER_EVAL_FILE): TagCase[] {
  return readTsvRows(file, (cols) => cols[0] ?? '').map(({ cols, line, where }) => {
    const [text = '', expected = '', trap = '', note = '', ...extra] = cols;
    const pcs = expected === '-' ? [] : expected.split(' ');
    if (
      text.trim() === '' ||
      !['trap', '-'].includes(trap) ||
      extra.length > 0 ||
      pcs.some((c) => !CODE.test(c))
    ) {
      throw new Error(`${where}: expected "sentence<TAB>codes or -<TAB>trap or -<TAB>note"`);
    }
    return { line, text, pcs, trap: trap === 'trap', note };
  });
}

export interface TagOutcome {
  case: TagCase;
  got: string[];
  /** Tagged but not expected. */
  extra: string[];
  /** Expected but not tagged. */
  missed: string[];
}

export interface TagReport {
  sentences: number;
  traps: number;
  /** Correct PC tags / all PC tags given (1 when none was given). */
  precision: number;
  /** Correct PC tags / all PC tags expected. */
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  outcomes: TagOutcome[];
}

/** Tags every sentence and counts PC tags: each expected code found is a hit, each other code given a false one. */
export function runTagEval(tag: Tagger, cases: readonly TagCase[]): TagReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const outcomes = cases.map((c): TagOutcome => {
    const got = tag(c.text).pcs;
    const extra = got.filter((code) => !c.pcs.includes(code));
    const missed = c.pcs.filter((code) => !got.includes(code));
    tp += got.length - extra.length;
    fp += extra.length;
    fn += missed.length;
    return { case: c, got, extra, missed };
  });
  return {
    sentences: cases.length,
    traps: cases.filter((c) => c.trap).length,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    outcomes,
  };
}
