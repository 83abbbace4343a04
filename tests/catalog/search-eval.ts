/**
 * The search evaluation set (`search-eval.tsv`): Devanagari queries as Hindi readers type them, each
 * with the answer a reader should get. Read by `search-eval.test.ts` (top-1 must stay at or above
 * {@link MIN_TOP1}) and by `bench/search-eval.ts` (prints top-1 and every miss, writes JSON).
 */

import { fileURLToPath } from 'node:url';
import type { Search, SearchHit, SearchResult } from '../../src/catalog/search.js';
import { readTsvRows } from '../helpers/tsv.js';

/** The data file next to this module. */
export const EVAL_FILE = fileURLToPath(new URL('./search-eval.tsv', import.meta.url));

/** The share of queries whose first answer must be right. */
export const MIN_TOP1 = 0.97;

/** As many seats as the bot asks for when it answers a typed name. */
export const EVAL_LIMIT = 6;

/** What a query should get. */
export type Expectation =
  /** `UP-28>AS-12`: `first` must be offered first, and each of `also` offered too. */
  | { kind: 'seat'; first: string; also: readonly string[] }
  /** `BR-30+BR-31`: every code offered, the first offered one of them (a city, a shared name). */
  | { kind: 'set'; codes: readonly string[] }
  /** `greeting`: answered as small talk, no seat offered. */
  | { kind: 'greeting' };

export interface EvalCase {
  /** 1-based line in the file, for messages. */
  line: number;
  query: string;
  expect: Expectation;
  note: string;
}

const CODE = /^[A-Z]{2}-[1-9]\d?$/;

function parseExpectation(text: string, where: string): Expectation {
  if (text === 'greeting') return { kind: 'greeting' };
  const ordered = text.split('>');
  const set = text.split('+');
  const bad = (code: string): boolean => !CODE.test(code);
  if (ordered.length > 1 && set.length === 1 && !ordered.some(bad)) {
    const [first = '', ...also] = ordered;
    return { kind: 'seat', first, also };
  }
  if (set.length > 1 && ordered.length === 1 && !set.some(bad)) return { kind: 'set', codes: set };
  if (CODE.test(text)) return { kind: 'seat', first: text, also: [] };
  throw new Error(`${where}: cannot read the expected answer "${text}"`);
}

/** Reads the evaluation set; throws naming the line on anything malformed or repeated. */
export function readEvalSet(file: string = EVAL_FILE): EvalCase[] {
  return readTsvRows(file, (cols) => cols[0] ?? '').map(({ cols, line, where }) => {
    const [query = '', expected = '', note = '', ...extra] = cols;
    if (query.trim() === '' || expected === '' || extra.length > 0) {
      throw new Error(`${where}: expected "query<TAB>answer[<TAB>note]"`);
    }
    return { line, query, expect: parseExpectation(expected, where), note };
  });
}

/** The seats a result offers, in the order the reader sees them. */
function offered(result: SearchResult): SearchHit[] {
  switch (result.kind) {
    case 'one':
      return [result.hit];
    case 'none':
      // "Nothing found" is never a right answer, whatever it suggests.
      return [];
    default:
      return result.hits;
  }
}

/** True when the result reads the query as small talk (older results have no such field). */
function isSmallTalk(result: SearchResult): boolean {
  return (
    result.kind === 'none' && result.suggestions.length === 0 && 'smallTalk' in result && !!result.smallTalk
  );
}

/** A short text of what a result offered, for reports. */
export function describeResult(result: SearchResult): string {
  if (isSmallTalk(result) && 'smallTalk' in result) return `small talk (${String(result.smallTalk)})`;
  const codes = (result.kind === 'none' ? result.suggestions : offered(result)).map((h) => h.pc.code);
  const flags = 'guess' in result && result.guess ? ' guess' : '';
  return `${result.kind}${flags} ${codes.join(' ')}`.trim();
}

export interface EvalOutcome {
  case: EvalCase;
  ok: boolean;
  /** Wrong, and said as a single confident answer (the worst kind of miss). */
  confidentWrong: boolean;
  got: string;
}

/** Judges one result against its expectation. */
export function judge(c: EvalCase, result: SearchResult): EvalOutcome {
  const codes = offered(result).map((h) => h.pc.code);
  const first = codes[0];
  let ok: boolean;
  switch (c.expect.kind) {
    case 'greeting':
      ok = isSmallTalk(result);
      break;
    case 'seat': {
      const { first: want, also } = c.expect;
      ok = first === want && also.every((code) => codes.includes(code));
      break;
    }
    case 'set': {
      const want = c.expect.codes;
      ok = first !== undefined && want.includes(first) && want.every((code) => codes.includes(code));
      break;
    }
  }
  return { case: c, ok, confidentWrong: !ok && result.kind === 'one', got: describeResult(result) };
}

export interface EvalReport {
  total: number;
  correct: number;
  top1: number;
  confidentWrong: number;
  outcomes: EvalOutcome[];
}

/** Runs every case through `search` as the bot would and scores top-1. */
export function runEval(search: Search, cases: readonly EvalCase[]): EvalReport {
  const outcomes = cases.map((c) => judge(c, search(c.query, { limit: EVAL_LIMIT })));
  const correct = outcomes.filter((o) => o.ok).length;
  return {
    total: outcomes.length,
    correct,
    top1: outcomes.length === 0 ? 0 : correct / outcomes.length,
    confidentWrong: outcomes.filter((o) => o.confidentWrong).length,
    outcomes,
  };
}
