/**
 * Measures scripts/transliterate.ts against Hindi names written by hand, and writes
 * bench/results/transliteration.json. Usage: `npx tsx scripts/transliteration-eval.ts [--misses tune|held-out]`.
 *
 * Sets (all from the shipped catalogue, content/catalogue):
 * - `pc`: the 543 PCs (name_en, name_hi); the Hindi names are the reference's, with the catalogue's
 *   recorded fixes.
 * - `segment-known`: the assembly segments that had a Hindi name of their own before this work (given
 *   in scripts/build-catalogue.ts), not merely their PC's name.
 * - `segment-checked`: every segment of the Hindi-belt states (all read and corrected by hand, `hi_from:
 *   checked`), leaving out those named exactly like their PC. Caveat: the hand check started from this
 *   transliterator's output, which biases the figure upwards; the transliterator's rules were frozen
 *   before that check began.
 *
 * Each set is split in two halves by a hash of the English name: `tune` (the rules were adjusted while
 * looking at its misses) and `held-out` (never looked at while tuning). For `pc`, the transliterator's
 * lexicon holds only the tune half's PC names; for segments it holds every PC name (as when the
 * catalogue was filled) and the tune half's segment names. The name being scored is always left out
 * of the lexicon, so a one-word name is never simply looked up.
 *
 * Scores: `exact` compares after house-style normalisation of both sides (anusvara, nukta, spacing);
 * `search` compares after the search's own folding (long/short i and u, nukta, spaces): a name right
 * up to what search ignores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { foldText } from '../src/catalog/normalize.js';
import { readAllStates } from './catalogue/files.js';
import { toHouseStyle } from './catalogue/house-style.js';
import { bestSpelling, type LexiconVotes, lexiconVotes, transliterate } from './transliterate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Segments with their own Hindi name before this work (scripts/build-catalogue.ts, SEGMENT_HINDI). */
const KNOWN_SEGMENTS: Record<string, number[]> = {
  'UP-16': [74, 77, 78, 79, 80],
  'UP-75': [373, 374, 375, 376, 379],
  'UP-13': [61],
  'UP-54': [275],
  'UP-77': [387, 388, 389, 390, 391],
};

/** The states whose every segment name was checked by hand (content/catalogue/README.md). */
const HINDI_BELT = new Set(['UP', 'BR', 'MP', 'RJ', 'CG', 'JH', 'HR', 'UK', 'HP', 'DL']);

interface Pair {
  state: string;
  en: string;
  hi: string;
}

/** FNV-1a of the English name: a stable, content-based split that no one chose by hand. */
export function isHeldOut(nameEn: string): boolean {
  let h = 0x811c9dc5;
  for (const ch of nameEn.toLowerCase()) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h & 1) === 1;
}

export interface Score {
  n: number;
  exact: number;
  search: number;
}

/** The lexicon of `all` votes less the votes of `own` (the pair being scored). */
function leaveOut(all: LexiconVotes, own: LexiconVotes): { get(word: string): string | undefined } {
  return {
    get(word: string) {
      const mine = own.get(word);
      if (!mine) return bestSpelling(all.get(word));
      const rest = new Map(all.get(word));
      for (const [spelling, n] of mine) rest.set(spelling, (rest.get(spelling) ?? 0) - n);
      return bestSpelling(rest);
    },
  };
}

/** Scores `pairs`, each with a lexicon from `lexiconPairs` without the pair itself (leave one out). */
function score(pairs: Pair[], lexiconPairs: Pair[], misses: string[]): Score {
  let exact = 0;
  let search = 0;
  const inLexicon = new Set(lexiconPairs);
  const all = lexiconVotes(lexiconPairs.map((q) => [q.en, q.hi]));
  const none: LexiconVotes = new Map();
  for (const p of pairs) {
    const lexicon = leaveOut(all, inLexicon.has(p) ? lexiconVotes([[p.en, p.hi]]) : none);
    const got = transliterate(p.en, { state: p.state, lexicon });
    const want = toHouseStyle(p.hi);
    if (toHouseStyle(got) === want) exact++;
    else misses.push(`${p.state}\t${p.en}\t${want}\t${got}`);
    if (foldText(got) === foldText(want)) search++;
  }
  const ratio = (k: number) => (pairs.length ? Math.round((k / pairs.length) * 1000) / 1000 : 0);
  return { n: pairs.length, exact: ratio(exact), search: ratio(search) };
}

/** Scores of every set and half, and the misses of each half (state, English, wanted, got). */
export function evaluate(dir?: string): {
  sets: Record<string, Record<string, Score>>;
  misses: Record<string, string[]>;
} {
  const states = readAllStates(dir);
  const pcs: Pair[] = [];
  const known: Pair[] = [];
  const checked: Pair[] = [];
  for (const doc of states.values()) {
    for (const pc of doc.pcs) {
      pcs.push({ state: doc.code, en: pc.name_en, hi: pc.name_hi });
      for (const s of pc.segments) {
        if (!s.name_hi) continue;
        const pair = { state: doc.code, en: s.name_en, hi: s.name_hi };
        if (KNOWN_SEGMENTS[pc.code]?.includes(s.no)) known.push(pair);
        if (HINDI_BELT.has(doc.code) && s.hi_from === 'checked' && s.name_en !== pc.name_en)
          checked.push(pair);
      }
    }
  }
  const pcLexicon = pcs.filter((p) => !isHeldOut(p.en));
  // A set: the hand-given segments are in both `known` and `checked`, and must count once.
  const segLexicon = [...new Set([...pcs, ...[...known, ...checked].filter((p) => !isHeldOut(p.en))])];

  const result: Record<string, Record<string, Score>> = {};
  const missLists: Record<string, string[]> = { tune: [], 'held-out': [] };
  const sets: [string, Pair[], Pair[]][] = [
    ['pc', pcs, pcLexicon],
    ['segment-known', known, segLexicon],
    ['segment-checked', checked, segLexicon],
  ];
  for (const [name, pairs, lexicon] of sets) {
    result[name] = {
      tune: score(
        pairs.filter((p) => !isHeldOut(p.en)),
        lexicon,
        missLists.tune ?? [],
      ),
      'held-out': score(
        pairs.filter((p) => isHeldOut(p.en)),
        lexicon,
        missLists['held-out'] ?? [],
      ),
    };
  }
  return { sets: result, misses: missLists };
}

function main(): void {
  const args = process.argv.slice(2);
  const showMisses = args.includes('--misses') ? args[args.indexOf('--misses') + 1] : undefined;
  const { sets: result, misses: missLists } = evaluate();
  const out = {
    about:
      'Exact-match accuracy of scripts/transliterate.ts (English → Devanagari) against hand-written Hindi names; ' +
      'see scripts/transliteration-eval.ts for the sets, the tune/held-out split and the two scores.',
    sets: result,
  };
  const file = path.join(repoRoot, 'bench/results/transliteration.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);

  console.log('set               half       n     exact  search');
  for (const [name, halves] of Object.entries(result)) {
    for (const [half, s] of Object.entries(halves)) {
      console.log(
        `${name.padEnd(17)} ${half.padEnd(9)} ${String(s.n).padStart(5)} ${s.exact.toFixed(3).padStart(8)} ${s.search.toFixed(3).padStart(7)}`,
      );
    }
  }
  console.log(`wrote ${path.relative(repoRoot, file)}`);
  if (showMisses) for (const line of missLists[showMisses] ?? []) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
