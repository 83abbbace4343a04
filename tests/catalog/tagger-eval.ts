/**
 * The seat-tagging evaluation set (`tagger-eval.tsv`): made-up Hindi (and some English) news sentences,
 * each with the PCs an editor would tag. Read by `tagger-eval.test.ts` (precision and recall over all PC
 * tags must stay at or above {@link MIN_PRECISION} and {@link MIN_RECALL}) and by `bench/tagger-eval.ts`
 * (prints both and every miss, writes JSON).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tagger } from '../../src/catalog/tagger.js';

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
  const cases: TagCase[] = [];
  const seen = new Set<string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trimEnd();
      if (line === '' || line.startsWith('#')) return;
      const where = `${file}:${i + 1}`;
      const [text = '', expected = '', trap = '', note = '', ...extra] = line.split('\t');
      const pcs = expected === '-' ? [] : expected.split(' ');
      if (
        text.trim() === '' ||
        !['trap', '-'].includes(trap) ||
        extra.length > 0 ||
        pcs.some((c) => !CODE.test(c))
      ) {
        throw new Error(`${where}: expected "sentence<TAB>codes or -<TAB>trap or -<TAB>note"`);
      }
      if (seen.has(text)) throw new Error(`${where}: the sentence appears twice`);
      seen.add(text);
      cases.push({ line: i + 1, text, pcs, trap: trap === 'trap', note });
    });
  return cases;
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
