import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { houseStyleProblems } from '../../scripts/catalogue/house-style.js';
import {
  CatalogError,
  DEFAULT_CATALOGUE_DIR,
  loadCatalog,
  parsePcCode,
  readCatalogueYamlFast,
  stateOfCode,
} from '../../src/catalog/catalog.js';
import { foldText } from '../../src/catalog/normalize.js';
import type { Constituency } from '../../src/catalog/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The reference sits beside the main checkout; a worktree elsewhere can point to it.
const referenceDir = path.resolve(
  process.env.CATALOGUE_REFERENCE_DIR ?? path.join(repoRoot, '../shared/reference'),
);
const catalogueDir = path.join(repoRoot, 'content/catalogue');
const catalog = loadCatalog();

/** Current ISO 3166-2:IN codes (after the 2023-11-23 change: CT→CG, OR→OD, TG→TS, UT→UK). */
// biome-ignore format: a table
const ISO_CODES = [
  'AN', 'AP', 'AR', 'AS', 'BR', 'CG', 'CH', 'DH', 'DL', 'GA', 'GJ', 'HP', 'HR', 'JH', 'JK', 'KA', 'KL', 'LA',
  'LD', 'MH', 'ML', 'MN', 'MP', 'MZ', 'NL', 'OD', 'PB', 'PY', 'RJ', 'SK', 'TN', 'TR', 'TS', 'UK', 'UP', 'WB',
];

/** Hindi names the reference lacks, filled in by the catalogue. */
const HINDI_FILLS: Record<string, string> = {
  'AS-4': 'दरांग-उदालगुड़ी',
  'AS-6': 'दीफू',
  'AS-10': 'काजीरंगा',
  'AS-11': 'सोनितपुर',
  'JK-3': 'अनंतनाग-राजौरी',
  'MH-30': 'मुंबई दक्षिण मध्य',
};
/**
 * Misspelt, dated or off-style reference names the catalogue corrects: [reference, catalogue]. Not
 * the whole list (every PC marked `checked` may differ from the reference, see below): the doubtful
 * ones named in the reference's README and those issue 13 names.
 */
const HINDI_CORRECTIONS: Record<string, [string, string]> = {
  'KA-16': ['हसन', 'हासन'],
  'WB-12': ['कृषनगर', 'कृष्णनगर'],
  'WB-27': ['सेरमपुर', 'श्रीरामपुर'],
  'TS-1': ['अदीलाबाद', 'आदिलाबाद'],
  'CG-6': ['राजनन्दगांव', 'राजनांदगांव'],
  'GJ-5': ['साबरकंठा', 'साबरकांठा'],
  'GJ-19': ['दोहद', 'दाहोद'],
  'GJ-16': ['आनन्द', 'आणंद'],
  'MH-17': ['परभनी', 'परभणी'],
  'KL-10': ['त्रिस्सूर', 'त्रिशूर'],
  'TS-13': ['नालगौंडा', 'नलगोंडा'],
  'UP-40': ['फरुखाबाद', 'फर्रुखाबाद'],
  'UP-34': ['मोहनलाल गंज', 'मोहनलालगंज'],
  'MH-31': ['मुंबई - दक्षिण', 'मुंबई दक्षिण'],
  'KA-25': ['बंगलौर केन्द्रीय', 'बेंगलुरु मध्य'],
  'BR-2': ['पश्चिम चम्पारण', 'पश्चिम चंपारण'],
};

/** A reader who types the old spelling still finds the PC: it is an alias, or search folds it onto the name. */
function stillFound(p: Constituency, old: string): boolean {
  return foldText(old) === foldText(p.nameHi) || p.aliases.some((a) => foldText(a) === foldText(old));
}
/** Reference alias values the catalogue deliberately leaves out, with the reason. */
const DROPPED_ALIASES: Record<string, string> = {
  'MH-30 Mumbai South': 'the name of MH-31',
  'LA-1 J&K PC 4 (2008 order)': 'a provenance note, not a name',
};

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped catalogue in a temp dir, with `edit` applied to one file's text. */
function catalogueWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
  tempDirs.push(dir);
  for (const name of readdirSync(catalogueDir).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(path.join(catalogueDir, name), 'utf8');
    writeFileSync(path.join(dir, name), name === file ? edit(text) : text);
  }
  return dir;
}

function pc(code: string): Constituency {
  const found = catalog.byCode(code);
  if (!found) throw new Error(`no ${code} in the catalogue`);
  return found;
}

describe('shipped catalogue: structure', () => {
  it('has 543 PCs in 36 states and UTs, 412 GEN / 84 SC / 47 ST', () => {
    expect(catalog.pcs).toHaveLength(543);
    expect(catalog.states).toHaveLength(36);
    const count = (r: string) => catalog.pcs.filter((p) => p.reserved === r).length;
    expect([count('GEN'), count('SC'), count('ST')]).toEqual([412, 84, 47]);
  });

  it('uses the current ISO 3166-2:IN codes', () => {
    expect(catalog.states.map((s) => s.code).sort()).toEqual([...ISO_CODES].sort());
    for (const legacy of ['CT', 'OR', 'TG', 'UT', 'DD', 'DN']) expect(catalog.state(legacy)).toBeUndefined();
    expect(catalog.state('ts')?.nameEn).toBe('Telangana');
    expect(catalog.state('LA')?.nameEn).toBe('Ladakh');
  });

  it('lists states alphabetically and PCs by state, then number', () => {
    const names = catalog.states.map((s) => s.nameEn);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    const expected = catalog.states.flatMap((s) => catalog.pcsOfState(s.code));
    expect(catalog.pcs).toEqual(expected);
  });

  it('numbers each state 1..N and codes every PC <state>-<no>, uniquely', () => {
    for (const state of catalog.states) {
      const pcs = catalog.pcsOfState(state.code);
      expect(pcs.map((p) => p.no)).toEqual(pcs.map((_, i) => i + 1));
      for (const p of pcs) expect(p.code).toBe(`${state.code}-${p.no}`);
    }
    expect(new Set(catalog.pcs.map((p) => p.code)).size).toBe(543);
  });

  it('has Uttar Pradesh with 80 PCs; Hathras is UP-16, SC, with Sikandra Rao (80) सिकंदराराऊ', () => {
    expect(catalog.pcsOfState('UP')).toHaveLength(80);
    const hathras = pc('UP-16');
    expect(hathras).toMatchObject({
      nameEn: 'Hathras',
      nameHi: 'हाथरस',
      reserved: 'SC',
      stateCode: 'UP',
      no: 16,
    });
    expect(hathras.segments.map((s) => [s.no, s.nameEn, s.nameHi, s.reserved])).toEqual([
      [74, 'Chharra', 'छर्रा', 'GEN'],
      [77, 'Iglas', 'इगलास', 'SC'],
      [78, 'Hathras', 'हाथरस', 'SC'],
      [79, 'Sadabad', 'सादाबाद', 'GEN'],
      [80, 'Sikandra Rao', 'सिकंदराराऊ', 'GEN'],
    ]);
    expect(pc('UP-75').nameEn).toBe('Ghazipur');
  });

  it('has two PCs in Dadra and Nagar Haveli and Daman and Diu (DH)', () => {
    expect(catalog.pcsOfState('DH').map((p) => [p.code, p.nameEn, p.reserved])).toEqual([
      ['DH-1', 'Daman and Diu', 'GEN'],
      ['DH-2', 'Dadra and Nagar Haveli', 'ST'],
    ]);
  });

  it('leaves segments empty only for Assam, J&K and Ladakh (redrawn 2022-23)', () => {
    const empty = new Set(catalog.pcs.filter((p) => p.segments.length === 0).map((p) => p.stateCode));
    expect([...empty].sort()).toEqual(['AS', 'JK', 'LA']);
    expect(catalog.pcsOfState('AS')).toHaveLength(14);
    expect(catalog.pcsOfState('JK')).toHaveLength(5);
  });

  it('gives every PC a Hindi name in Devanagari, filled or corrected where the reference was wrong', () => {
    for (const p of catalog.pcs) expect(p.nameHi, p.code).toMatch(/[\u0900-\u097f]/);
    for (const [code, hi] of Object.entries(HINDI_FILLS)) expect(pc(code).nameHi).toBe(hi);
    for (const [code, [before, after]] of Object.entries(HINDI_CORRECTIONS)) {
      expect(pc(code).nameHi).toBe(after);
      expect(pc(code).nameHiSource, code).toBe('checked');
      expect(stillFound(pc(code), before), `${code} is still found by ${before}`).toBe(true);
    }
  });

  it('keeps modern spellings as aliases, and never another PC name as an alias', () => {
    expect(pc('KA-2').aliases).toContain('Belagavi');
    expect(pc('UK-5').aliases).toContain('Haridwar');
    const owner = new Map<string, string>();
    for (const p of catalog.pcs) for (const n of [p.nameEn, p.nameHi]) owner.set(foldText(n), p.code);
    for (const p of catalog.pcs) {
      for (const alias of p.aliases) {
        const other = owner.get(foldText(alias));
        expect(other === undefined || other === p.code, `${p.code} alias ${alias} is ${other}'s name`).toBe(
          true,
        );
      }
    }
  });

  it('looks codes and states up case-insensitively and answers unknowns with undefined or []', () => {
    expect(catalog.byCode(' up-16 ')?.nameEn).toBe('Hathras');
    expect(catalog.byCode('UP-81')).toBeUndefined();
    expect(catalog.byCode('UP16')).toBeUndefined();
    expect(catalog.state('wb')?.nameHi).toBe('पश्चिम बंगाल');
    expect(catalog.pcsOfState('XX')).toEqual([]);
  });

  it('is immutable after load', () => {
    const hathras = pc('UP-16');
    expect(Object.isFrozen(catalog.pcs)).toBe(true);
    expect(Object.isFrozen(hathras)).toBe(true);
    expect(Object.isFrozen(hathras.segments[0])).toBe(true);
    expect(() => (hathras.aliases as string[]).push('x')).toThrow(TypeError);
  });

  it('parses PC codes', () => {
    expect(parsePcCode('up-16')).toEqual({ stateCode: 'UP', no: 16 });
    expect(stateOfCode('WB-42')).toBe('WB');
    for (const bad of ['UP16', 'UP-0', 'UP-100', 'U-1', '', 'UP-1a'])
      expect(parsePcCode(bad), bad).toBeUndefined();
  });

  it('loads from its own folder whatever the working directory', () => {
    expect(path.resolve(DEFAULT_CATALOGUE_DIR)).toBe(path.resolve(catalogueDir));
  });
});

/** States whose every segment name was read and corrected by hand (content/catalogue/README.md). */
const HINDI_BELT = ['UP', 'BR', 'MP', 'RJ', 'CG', 'JH', 'HR', 'UK', 'HP', 'DL'];

function segment(code: string, nameEn: string) {
  const found = pc(code).segments.find((s) => s.nameEn === nameEn);
  if (!found) throw new Error(`no segment ${nameEn} in ${code}`);
  return found;
}

describe('shipped catalogue: Hindi names', () => {
  it('gives every PC and every segment a Hindi name in house style, with its source', () => {
    const problems: string[] = [];
    let segments = 0;
    for (const p of catalog.pcs) {
      for (const [what, name, source] of [
        [p.code, p.nameHi, p.nameHiSource],
        ...p.segments.map((s) => [`${p.code} AC ${s.no} ${s.nameEn}`, s.nameHi, s.nameHiSource]),
      ]) {
        for (const problem of houseStyleProblems(name ?? '')) problems.push(`${what}: ${name}: ${problem}`);
        if (!['ref', 'checked', 'translit'].includes(source ?? ''))
          problems.push(`${what}: source ${source}`);
      }
      segments += p.segments.length;
    }
    expect(problems).toEqual([]);
    expect(segments).toBe(3912);
  });

  it('has every segment of the Hindi-belt states checked by hand, and PCs never merely transliterated', () => {
    const unchecked = HINDI_BELT.flatMap((state) =>
      catalog
        .pcsOfState(state)
        .flatMap((p) =>
          p.segments.filter((s) => s.nameHiSource !== 'checked').map((s) => `${p.code} ${s.nameEn}`),
        ),
    );
    expect(unchecked).toEqual([]);
    const belt = HINDI_BELT.reduce(
      (n, state) => n + catalog.pcsOfState(state).flatMap((p) => p.segments).length,
      0,
    );
    expect(belt).toBe(1545);
    expect(catalog.pcs.filter((p) => p.nameHiSource === 'translit')).toEqual([]);
  });

  it.each([
    ['UP-16', 'Sikandra Rao', 'सिकंदराराऊ', ['सिकंदराराव', 'सिकंदरा राव']],
    ['UP-1', 'Deoband', 'देवबंद', []],
    ['UP-1', 'Behat', 'बेहट', []],
    ['UP-72', 'Zahoorabad', 'जहूराबाद', []],
    ['UP-70', 'Mau', 'मऊ', []],
    ['MP-25', 'Dr.Ambedkarnagar-Mhow', 'डॉ. अंबेडकर नगर-महू', ['महू']],
    ['MP-2', 'Datia', 'दतिया', []],
    ['UP-37', 'Tiloi', 'तिलोई', []],
    ['UP-17', 'Chhata', 'छाता', []],
    ['UP-19', 'Bah', 'बाह', []],
    ['UP-7', 'Suar', 'स्वार', ['सुआर']],
    ['UP-35', 'Lucknow Central', 'लखनऊ मध्य', []],
    ['MH-10', 'Nagpur South West', 'नागपुर दक्षिण पश्चिम', []],
    ['RJ-19', 'Udaipur Rural', 'उदयपुर ग्रामीण', []],
  ])('%s %s is %s, also written %j', (code, nameEn, nameHi, aliases) => {
    const s = segment(code, nameEn);
    expect(s.nameHi).toBe(nameHi);
    for (const alias of aliases) expect(s.aliases).toContain(alias);
  });

  it("keeps segment aliases distinct, and never another PC's name or alias (a reader would land on the wrong seat)", () => {
    const owner = new Map<string, string>();
    for (const p of catalog.pcs)
      for (const n of [p.nameEn, p.nameHi, ...p.aliases]) owner.set(foldText(n), p.code);
    const bad: string[] = [];
    for (const p of catalog.pcs) {
      for (const s of p.segments) {
        expect(new Set(s.aliases).size, `${p.code} ${s.nameEn}`).toBe(s.aliases.length);
        for (const alias of s.aliases) {
          const other = owner.get(foldText(alias));
          if (alias === s.nameHi || alias.trim() === '' || (other && other !== p.code))
            bad.push(`${p.code} ${s.nameEn}: ${alias}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('catalogue reader', () => {
  const files = readdirSync(catalogueDir).filter((f) => f.endsWith('.yaml'));

  it.each(files)('the fast reader reads %s exactly as the yaml package does', (file) => {
    const text = readFileSync(path.join(catalogueDir, file), 'utf8');
    const fast = readCatalogueYamlFast(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(parse(text));
  });

  it.each([
    ['a comment after a value', (t: string) => t.replace('name_en: Hathras', 'name_en: Hathras # PC 16')],
    [
      'block-style segments',
      (t: string) =>
        t.replace('- {no: 74, name_en: Chharra', '- no: 74\n        name_en: Chharra\n        x: {'),
    ],
    ['an anchor', (t: string) => t.replace('name_en: Uttar Pradesh', 'name_en: &s Uttar Pradesh')],
    ['a number-like plain name', (t: string) => t.replace('name_en: Hathras', 'name_en: 1e3')],
    ['a yes/no word', (t: string) => t.replace('name_en: Hathras', 'name_en: no')],
    ['unbalanced quotes', (t: string) => t.replace('name_en: Hathras', 'name_en: "Hathras')],
  ])('the fast reader declines %s (the full parser decides)', (_, edit) => {
    const text = edit(readFileSync(path.join(catalogueDir, 'UP.yaml'), 'utf8'));
    expect(readCatalogueYamlFast(text)).toBeUndefined();
  });

  it('still loads a hand-edited file in another valid YAML style', () => {
    const dir = catalogueWith('UP.yaml', (t) =>
      t
        .replace(
          /- \{no: 80, name_en: Sikandra Rao, name_hi: सिकंदराराऊ, hi_from: checked, reserved: GEN[^}]*\}/,
          '- no: 80\n        name_en: "Sikandra Rao"\n        name_hi: सिकंदराराऊ\n        hi_from: checked\n        reserved: GEN',
        )
        .replace('name_en: Hathras\n', 'name_en: Hathras # the PC\n'),
    );
    const edited = loadCatalog(dir);
    expect(edited.byCode('UP-16')?.segments.at(-1)).toMatchObject({
      no: 80,
      nameEn: 'Sikandra Rao',
      nameHi: 'सिकंदराराऊ',
      reserved: 'GEN',
    });
    expect(edited.byCode('UP-16')?.nameEn).toBe('Hathras');
  });
});

describe('catalogue validation', () => {
  const cases: [string, string, (t: string) => string, RegExp][] = [
    [
      'a missing Hindi name',
      'UP.yaml',
      (t) => t.replace('    name_hi: हाथरस\n', ''),
      /UP\.yaml: pcs\[15\]\.name_hi/,
    ],
    [
      'a Hindi name not in Devanagari',
      'UP.yaml',
      (t) => t.replace('name_hi: हाथरस\n', 'name_hi: Hathras\n'),
      /pcs\[15\]\.name_hi: expected a name in Devanagari/,
    ],
    [
      'an unknown reservation',
      'UP.yaml',
      (t) =>
        t.replace(
          'name_hi: हाथरस\n    hi_from: ref\n    reserved: SC',
          'name_hi: हाथरस\n    hi_from: ref\n    reserved: OBC',
        ),
      /pcs\[15\]\.reserved/,
    ],
    [
      'an unknown field',
      'UP.yaml',
      (t) => t.replace('    name_en: Hathras\n', '    name_en: Hathras\n    name_hl: x\n'),
      /pcs\[15\]/,
    ],
    [
      'a code that is not <state>-<no>',
      'UP.yaml',
      (t) => t.replace('code: UP-16', 'code: UP-61'),
      /pcs\[15\]\.code: UP-61 should be UP-16/,
    ],
    [
      'a gap in numbering',
      'DH.yaml',
      (t) => t.replace('no: 2\n    code: DH-2', 'no: 3\n    code: DH-3'),
      /DH\.yaml: pcs: .*1\.\.2.*2 is missing/,
    ],
    [
      'a file named unlike its state',
      'GA.yaml',
      (t) => t.replace('code: GA', 'code: GX').replace(/GA-/g, 'GX-'),
      /GA\.yaml: code: GX does not match/,
    ],
    [
      'a duplicate segment',
      'UP.yaml',
      (t) => t.replace('{no: 77, name_en: Iglas', '{no: 74, name_en: Iglas'),
      /pcs\[15\]\.segments\[1\]\.no: duplicate segment 74/,
    ],
    [
      'a segment number that is not a number',
      'UP.yaml',
      (t) => t.replace('{no: 77, name_en: Iglas', '{no: seventy, name_en: Iglas'),
      /pcs\[15\]\.segments\[1\]\.no/,
    ],
    [
      'a segment without a Hindi name',
      'UP.yaml',
      (t) => t.replace('{no: 77, name_en: Iglas, name_hi: इगलास, ', '{no: 77, name_en: Iglas, '),
      /pcs\[15\]\.segments\[1\]\.name_hi/,
    ],
    [
      'an unknown source of a Hindi name',
      'UP.yaml',
      (t) => t.replace('name_hi: इगलास, hi_from: checked', 'name_hi: इगलास, hi_from: guessed'),
      /pcs\[15\]\.segments\[1\]\.hi_from/,
    ],
    ['broken YAML', 'GA.yaml', (t) => `${t}\n  - {no: [\n`, /GA\.yaml: not valid YAML/],
  ];
  it.each(cases)('rejects %s, naming file and field', (_, file, edit, message) => {
    const dir = catalogueWith(file, edit);
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
    expect(() => loadCatalog(dir)).toThrow(message);
  });

  it('rejects an empty folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
    tempDirs.push(dir);
    expect(() => loadCatalog(dir)).toThrow(/no catalogue files/);
  });
});

// --- Comparison with the read-only reference, when this checkout has it beside it ---

type Row = Record<string, string>;
function readCsv(file: string): Row[] {
  const lines = readFileSync(path.join(referenceDir, file), 'utf8').split(/\r?\n/).filter(Boolean);
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

describe.skipIf(!existsSync(referenceDir))('shipped catalogue against ../shared/reference', () => {
  const pcsCsv = existsSync(referenceDir) ? readCsv('lok_sabha_pcs_2024.csv') : [];
  const aliasCsv = existsSync(referenceDir) ? readCsv('lok_sabha_pcs_2024_aliases.csv') : [];
  const segCsv = existsSync(referenceDir) ? readCsv('assembly_segments_2008.csv') : [];
  const codeOf = new Map(catalog.states.map((s) => [s.nameEn, s.code]));
  const refCode = (row: Row) => `${codeOf.get(row.state ?? '') ?? '??'}-${Number(row.pc_no)}`;

  it('has the same 543 rows, 412/84/47 split and per-state counts', () => {
    expect(pcsCsv).toHaveLength(543);
    const count = (r: string) => pcsCsv.filter((row) => row.reserved === r).length;
    expect([count('GEN'), count('SC'), count('ST')]).toEqual([412, 84, 47]);
    const perState = new Map<string, number>();
    for (const row of pcsCsv) perState.set(row.state ?? '', (perState.get(row.state ?? '') ?? 0) + 1);
    for (const [state, n] of perState) {
      const code = codeOf.get(state);
      expect(code, `state ${state}`).toBeDefined();
      expect(catalog.pcsOfState(code ?? ''), state).toHaveLength(n);
    }
    expect(perState.size).toBe(catalog.states.length);
  });

  it('has the same state Hindi names', () => {
    for (const row of pcsCsv)
      expect(catalog.state(codeOf.get(row.state ?? '') ?? '')?.nameHi).toBe(row.state_hi);
  });

  it('has every (state, PC number) with the same English name and reservation', () => {
    for (const row of pcsCsv) {
      const found = catalog.byCode(refCode(row));
      expect(found, refCode(row)).toBeDefined();
      expect([found?.nameEn, found?.reserved], refCode(row)).toEqual([row.name_en, row.reserved]);
    }
  });

  it('has the reference Hindi names, except deliberate fixes marked checked that still find the PC by the old one', () => {
    const unmarked: string[] = [];
    const lost: string[] = [];
    let fixed = 0;
    for (const row of pcsCsv) {
      const code = refCode(row);
      const ours = pc(code);
      if (ours.nameHi === row.name_hi) continue;
      fixed++;
      if (ours.nameHiSource !== 'checked') unmarked.push(`${code} ${row.name_hi} → ${ours.nameHi}`);
      if (row.name_hi && !stillFound(ours, row.name_hi ?? '')) lost.push(`${code} ${row.name_hi}`);
    }
    expect(unmarked).toEqual([]);
    expect(lost).toEqual([]);
    // The fills and corrections above are among the fixes; a PC marked `ref` is the reference's.
    for (const code of [...Object.keys(HINDI_FILLS), ...Object.keys(HINDI_CORRECTIONS)])
      expect(pc(code).nameHiSource, code).toBe('checked');
    expect(fixed).toBeGreaterThanOrEqual(
      Object.keys(HINDI_FILLS).length + Object.keys(HINDI_CORRECTIONS).length,
    );
  });

  it('keeps every other spelling from the aliases file, except the documented drops', () => {
    const missing: string[] = [];
    for (const row of aliasCsv) {
      const code = refCode(row);
      const ours = catalog.byCode(code);
      const known = new Set(
        [ours?.nameEn, ours?.nameHi, ...(ours?.aliases ?? [])].map((n) => foldText(n ?? '')),
      );
      for (const alias of [row.name_en_datameet, row.name_en_eci_scrape, row.former_name]) {
        if (alias && !known.has(foldText(alias))) missing.push(`${code} ${alias}`);
      }
    }
    expect(missing.sort()).toEqual(Object.keys(DROPPED_ALIASES).sort());
  });

  it('has the reference segments (number, name, reservation) for every PC', () => {
    const expected = new Map<string, [number, string, string][]>();
    for (const row of segCsv) {
      const list = expected.get(refCode(row)) ?? [];
      // Andhra Pradesh: the reference keeps the undivided state's 2008 numbers (120–294); the catalogue
      // numbers its ACs as the Election Commission has since 2014, the 2008 number less Telangana's 119
      // (content/catalogue/README.md).
      const no = Number(row.ac_no) - (refCode(row).startsWith('AP-') ? 119 : 0);
      list.push([no, row.ac_name_en ?? '', row.ac_reserved ?? '']);
      expected.set(refCode(row), list);
    }
    expect(segCsv).toHaveLength(3912);
    for (const p of catalog.pcs) {
      const want = (expected.get(p.code) ?? []).sort((a, b) => a[0] - b[0]);
      expect(
        p.segments.map((s) => [s.no, s.nameEn, s.reserved]),
        p.code,
      ).toEqual(want);
    }
  });
});
