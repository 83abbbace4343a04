/**
 * Hindi names in the catalogue: fill the missing ones by transliteration, apply hand-checked lists,
 * list a state's names for reading. Edits content/catalogue/*.yaml in place (the files stay the source
 * of truth; see content/catalogue/README.md for the house style and the `hi_from` field).
 *
 * Usage:
 *   npx tsx scripts/catalogue-hindi.ts fill            every name without `hi_from` gets one: a segment
 *                                                       without a Hindi name is transliterated (`translit`)
 *   npx tsx scripts/catalogue-hindi.ts apply FILE.tsv  hand-checked names → `checked` (format below)
 *   npx tsx scripts/catalogue-hindi.ts dump UP         one line per segment, for reading
 *   npx tsx scripts/catalogue-hindi.ts check           house-style problems, if any (exit 1)
 *
 * FILE.tsv, one name a line, `#` comments: `<PC code>\t<segment no or ->\t<Hindi name>[\t<alias>|<alias>…]`.
 * `-` names the PC itself; when a PC's name changes, the old one becomes an alias where search would
 * not find the new spelling by it anyway. A segment line may give `=` as the name to keep the current
 * one and only mark it checked.
 */
import { readFileSync } from 'node:fs';
import { foldText } from '../src/catalog/normalize.js';
import { type PcDoc, readAllStates, type SegmentDoc, type StateDoc, writeState } from './catalogue/files.js';
import { houseStyleProblems, toHouseStyle } from './catalogue/house-style.js';
import { lexiconFrom, transliterate } from './transliterate.js';

/** Segments that had their own hand-given Hindi name before (scripts/build-catalogue.ts). */
const HAND_GIVEN: Record<string, number[]> = {
  'UP-16': [74, 77, 78, 79, 80],
  'UP-75': [373, 374, 375, 376, 379],
  'UP-13': [61],
  'UP-54': [275],
  'UP-77': [387, 388, 389, 390, 391],
};
/** PCs whose Hindi name the first catalogue already filled or corrected by hand. */
const HAND_FIXED_PCS = new Set([
  'AS-4',
  'AS-6',
  'AS-10',
  'AS-11',
  'JK-3',
  'MH-30',
  'KA-16',
  'WB-12',
  'WB-27',
  'TS-1',
]);

function pcsByCode(states: Map<string, StateDoc>): Map<string, PcDoc> {
  const out = new Map<string, PcDoc>();
  for (const doc of states.values()) for (const pc of doc.pcs) out.set(pc.code, pc);
  return out;
}

/** The lexicon for transliteration: every PC's name and every hand-checked segment name. */
function lexicon(states: Map<string, StateDoc>): Map<string, string> {
  const pairs: [string, string][] = [];
  for (const doc of states.values()) {
    for (const pc of doc.pcs) {
      pairs.push([pc.name_en, pc.name_hi]);
      for (const s of pc.segments)
        if (s.hi_from === 'checked' && s.name_hi) pairs.push([s.name_en, s.name_hi]);
    }
  }
  return lexiconFrom(pairs);
}

function fill(states: Map<string, StateDoc>): void {
  const lex = lexicon(states);
  let filled = 0;
  for (const doc of states.values()) {
    for (const pc of doc.pcs) {
      pc.hi_from ??= HAND_FIXED_PCS.has(pc.code) ? 'checked' : 'ref';
      for (const s of pc.segments) {
        if (s.hi_from) continue;
        if (HAND_GIVEN[pc.code]?.includes(s.no) && s.name_hi) {
          s.hi_from = 'checked';
          s.name_hi = toHouseStyle(s.name_hi);
        } else if (s.name_hi || foldText(s.name_en) === foldText(pc.name_en)) {
          // Named like its PC (the first catalogue copied the PC's name): the PC's name, as fixed.
          s.name_hi = pc.name_hi;
          s.hi_from = pc.hi_from;
        } else {
          s.name_hi = transliterate(s.name_en, { state: doc.code, lexicon: lex });
          s.hi_from = 'translit';
          filled++;
        }
      }
    }
    writeState(doc);
  }
  console.log(`transliterated ${filled} segment names`);
}

/**
 * Adds `alias` to `list`. An old spelling (`given` false) only where search would not fold it onto
 * the name or an alias already there; a variant given by hand whenever its text is new (सिकंदरा राव
 * beside सिकंदराराव: the same to search, but a reader-facing list of the ways people write it).
 */
function addAlias(list: string[], name: string, alias: string, given = false): void {
  const key = foldText(alias);
  if (!key || alias === name || list.includes(alias)) return;
  if (!given && (key === foldText(name) || list.some((a) => foldText(a) === key))) return;
  list.push(alias);
}

function apply(states: Map<string, StateDoc>, file: string): void {
  const pcs = pcsByCode(states);
  const touched = new Set<StateDoc>();
  const stateOf = new Map<PcDoc, StateDoc>();
  for (const doc of states.values()) for (const pc of doc.pcs) stateOf.set(pc, doc);
  const problems: string[] = [];
  let count = 0;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/\s+#.*$/, '').trimEnd();
      if (!line.trim() || line.trimStart().startsWith('#')) return;
      const [code = '', no = '', nameRaw = '', aliasText = ''] = line.split('\t');
      const at = `${file}:${i + 1}`;
      const pc = pcs.get(code.trim());
      if (!pc) {
        problems.push(`${at}: no PC ${code}`);
        return;
      }
      const aliases = aliasText
        .split('|')
        .map((a) => a.trim())
        .filter(Boolean);
      if (no.trim() === '-') {
        const name = toHouseStyle(nameRaw.trim());
        const old = pc.name_hi;
        if (name !== old) addAlias(pc.aliases, name, old);
        pc.name_hi = name;
        pc.hi_from = 'checked';
        pc.aliases = pc.aliases.filter((a) => foldText(a) !== foldText(name));
        for (const a of aliases) addAlias(pc.aliases, name, a, true);
      } else {
        const seg: SegmentDoc | undefined = pc.segments.find((s) => s.no === Number(no));
        if (!seg) {
          problems.push(`${at}: no segment ${no} in ${code}`);
          return;
        }
        const name = nameRaw.trim() === '=' ? (seg.name_hi ?? '') : toHouseStyle(nameRaw.trim());
        seg.name_hi = name;
        seg.hi_from = 'checked';
        const list = (seg.aliases ?? []).filter((a) => foldText(a) !== foldText(name));
        for (const a of aliases) addAlias(list, name, a, true);
        seg.aliases = list;
      }
      count++;
      const doc = stateOf.get(pc);
      if (doc) touched.add(doc);
    });
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  for (const doc of touched) writeState(doc);
  console.log(`applied ${count} names in ${[...touched].map((d) => d.code).join(', ')}`);
}

function dump(states: Map<string, StateDoc>, code: string): void {
  const doc = states.get(code.toUpperCase());
  if (!doc) throw new Error(`no state ${code}`);
  for (const pc of doc.pcs) {
    console.log(`${pc.code}\t-\t${pc.name_hi}\t${pc.name_en}\t${pc.hi_from ?? ''}`);
    for (const s of pc.segments)
      console.log(
        `${pc.code}\t${s.no}\t${s.name_hi ?? ''}\t${s.name_en}\t${s.hi_from ?? ''}\t${(s.aliases ?? []).join('|')}`,
      );
  }
}

function check(states: Map<string, StateDoc>): void {
  let bad = 0;
  for (const doc of states.values()) {
    for (const pc of doc.pcs) {
      for (const [what, name] of [
        [pc.code, pc.name_hi],
        ...pc.segments.map((s): [string, string] => [`${pc.code} AC ${s.no} ${s.name_en}`, s.name_hi ?? '']),
      ] as [string, string][]) {
        const problems = houseStyleProblems(name);
        if (problems.length > 0) {
          bad++;
          console.log(`${what}: ${name}: ${problems.join('; ')}`);
        }
      }
    }
  }
  if (bad > 0) process.exit(1);
  console.log('house style: no problems');
}

const [command, arg] = process.argv.slice(2);
const states = readAllStates();
if (command === 'fill') fill(states);
else if (command === 'apply' && arg) apply(states, arg);
else if (command === 'dump' && arg) dump(states, arg);
else if (command === 'check') check(states);
else {
  console.error('usage: catalogue-hindi.ts fill | apply FILE.tsv | dump STATE | check');
  process.exit(2);
}
