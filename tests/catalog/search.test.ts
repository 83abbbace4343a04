import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { foldText } from '../../src/catalog/normalize.js';
import {
  createSearch,
  EXACT_SCORE,
  editDistance,
  Levenshtein,
  MAX_QUERY_LENGTH,
  type SearchHit,
  type SearchResult,
} from '../../src/catalog/search.js';

const catalog = loadCatalog();
const search = createSearch(catalog);

function hitsOf(result: SearchResult): SearchHit[] {
  switch (result.kind) {
    case 'one':
      return [result.hit];
    case 'none':
      return result.suggestions;
    default:
      return result.hits;
  }
}
const codes = (result: SearchResult): string[] => hitsOf(result).map((h) => h.pc.code);

/** [query, kind, codes (in order for `one`; as a set for `ambiguous`), matched (for `one`)] */
type Case = [string, SearchResult['kind'], string[], SearchHit['matched']?];

function check([query, kind, expected, matched]: Case): void {
  const result = search(query);
  expect(result.kind, `${query} → ${JSON.stringify(codes(result))}`).toBe(kind);
  if (kind === 'ambiguous') expect(codes(result).sort()).toEqual([...expected].sort());
  else expect(codes(result).slice(0, expected.length)).toEqual(expected);
  if (result.kind === 'one' && matched) expect(result.hit.matched).toBe(matched);
}

describe('search: the required cases', () => {
  it.each<Case>([
    ['हाथरस', 'one', ['UP-16'], 'name'],
    ['hathras', 'one', ['UP-16'], 'name'],
    ['Hatras', 'one', ['UP-16'], 'name'],
    ['हाथरस ', 'one', ['UP-16'], 'name'],
    ['  HATHRAS  ', 'one', ['UP-16'], 'name'],
    ['गाजीपुर', 'one', ['UP-75'], 'name'],
    ['गाज़ीपुर', 'one', ['UP-75'], 'name'],
    ['Ghazipur', 'one', ['UP-75'], 'name'],
    ['ghazipur', 'one', ['UP-75'], 'name'],
    ['Gazipur', 'one', ['UP-75'], 'name'],
    ['Aurangabad', 'ambiguous', ['BR-37', 'MH-19']],
    ['औरंगाबाद', 'ambiguous', ['BR-37', 'MH-19']],
    ['zzzzqqq', 'none', []],
  ])('%s → %s %j', (...c) => check(c));
});

describe('search: PC codes', () => {
  it.each<Case>([
    ['UP-16', 'one', ['UP-16'], 'code'],
    ['up16', 'one', ['UP-16'], 'code'],
    ['up-16', 'one', ['UP-16'], 'code'],
    ['UP 16', 'one', ['UP-16'], 'code'],
    ['UP-016', 'one', ['UP-16'], 'code'],
    ['pc_UP-16', 'one', ['UP-16'], 'code'],
    ['DH-2', 'one', ['DH-2'], 'code'],
    // Codes from before the 2023 ISO change still work.
    ['TG-1', 'one', ['TS-1'], 'code'],
    ['OR-18', 'one', ['OD-18'], 'code'],
    ['CT-8', 'one', ['CG-8'], 'code'],
    ['UT-5', 'one', ['UK-5'], 'code'],
    ['UP-99', 'none', []],
  ])('%s → %s %j', (...c) => check(c));
});

describe('search: aliases, segments, spellings', () => {
  it.each<Case>([
    // assembly segments lead to their PC, in either script
    ['सिकंदराराऊ', 'one', ['UP-16'], 'segment'],
    ['सिकन्दराराऊ', 'one', ['UP-16'], 'segment'],
    ['Sikandra Rao', 'one', ['UP-16'], 'segment'],
    ['sikandrarao', 'one', ['UP-16'], 'segment'],
    ['Sikandra-Rao', 'one', ['UP-16'], 'segment'],
    ['छर्रा', 'one', ['UP-16'], 'segment'],
    ['Chharra', 'one', ['UP-16'], 'segment'],
    ['Noida', 'one', ['UP-13'], 'segment'],
    ['अयोध्या', 'one', ['UP-54'], 'segment'],
    // segments in other states, and a Devanagari query for an English-only segment
    ['Nandigram', 'one', ['WB-30'], 'segment'],
    ['नंदीग्राम', 'one', ['WB-30'], 'segment'],
    ['Kuppam', 'one', ['AP-25'], 'segment'],
    ['Raghopur', 'one', ['BR-21'], 'segment'],
    // the same segment name in two PCs: ask
    ['Sikandra', 'ambiguous', ['BR-40', 'UP-41']],
    // misspellings
    ['Varansi', 'one', ['UP-77']],
    ['वाराणासी', 'one', ['UP-77']],
    ['Banglore South', 'one', ['KA-26']],
    ['Gorakpur', 'one', ['UP-64']],
    ['Gorakhpr', 'one', ['UP-64']],
    ['Muzafarpur', 'one', ['BR-15']],
    ['Bhubneshwar', 'one', ['OD-18']],
    ['Tiruvanantapuram', 'one', ['KL-20']],
    ['Vayanad', 'one', ['KL-4']],
    ['Hathra', 'one', ['UP-16'], 'fuzzy'],
    // modern and former spellings
    ['Belagavi', 'one', ['KA-2'], 'alias'],
    ['Haridwar', 'one', ['UK-5'], 'alias'],
    ['Bengaluru South', 'one', ['KA-26'], 'alias'],
    ['बेंगलुरु दक्षिण', 'one', ['KA-26'], 'name'],
    ['Gurugram', 'one', ['HR-9'], 'alias'],
    ['Prayagraj', 'one', ['UP-52'], 'alias'],
    ['बनारस', 'one', ['UP-77'], 'alias'],
    ['Pondicherry', 'one', ['PY-1'], 'alias'],
    ['Gauhati', 'one', ['AS-5'], 'alias'],
    ['Tezpur', 'one', ['AS-11'], 'alias'],
    ['Sambhajinagar', 'one', ['MH-19'], 'alias'],
    // corrected Hindi names, and the reference spellings kept as aliases
    ['हासन', 'one', ['KA-16'], 'name'],
    ['हसन', 'one', ['KA-16'], 'alias'],
    ['कृष्णनगर', 'one', ['WB-12'], 'name'],
    ['कृषनगर', 'one', ['WB-12'], 'alias'],
    ['श्रीरामपुर', 'one', ['WB-27'], 'name'],
    ['सेरमपुर', 'one', ['WB-27'], 'alias'],
    ['आदिलाबाद', 'one', ['TS-1'], 'name'],
    ['अदीलाबाद', 'one', ['TS-1'], 'alias'],
    ['काजीरंगा', 'one', ['AS-10'], 'name'],
  ])('%s → %s %j', (...c) => check(c));
});

describe('search: same name in several states', () => {
  it.each<Case>([
    ['Hamirpur', 'ambiguous', ['HP-3', 'UP-47']],
    ['हमीरपुर', 'ambiguous', ['HP-3', 'UP-47']],
    ['Maharajganj', 'ambiguous', ['BR-19', 'UP-63']],
    // The two are spelt differently in Hindi, but it is still the same name.
    ['महाराजगंज', 'ambiguous', ['BR-19', 'UP-63']],
    ['महराजगंज', 'ambiguous', ['BR-19', 'UP-63']],
    // ...unless the reader says which state
    ['Aurangabad Bihar', 'one', ['BR-37']],
    ['औरंगाबाद महाराष्ट्र', 'one', ['MH-19']],
    ['Hamirpur HP', 'one', ['HP-3']],
    ['हमीरपुर उत्तर प्रदेश', 'one', ['UP-47']],
    ['Maharajganj UP', 'one', ['UP-63']],
  ])('%s → %s %j', (...c) => check(c));
});

describe('search: several plausible', () => {
  it.each<[string, string[]]>([
    ['Mumbai', ['MH-26', 'MH-27', 'MH-28', 'MH-29', 'MH-31']],
    ['Bangalore', ['KA-23', 'KA-24', 'KA-25', 'KA-26']],
    ['बेंगलुरु', ['KA-23', 'KA-24', 'KA-25', 'KA-26']],
    ['Delhi', ['DL-2', 'DL-3', 'DL-4', 'DL-6', 'DL-7']],
    ['Karnool', ['AP-18', 'HR-5']],
  ])('%s → many including %j', (query, expected) => {
    const result = search(query);
    expect(result.kind).toBe('many');
    for (const code of expected) expect(codes(result)).toContain(code);
  });

  it.each<[string, string[]]>([
    // Kanker by sound, Kanpur (कानपुर) by a one-letter slip: ask rather than guess.
    ['कानकुर', ['CG-11', 'UP-43']],
    // Cuttack (कटक) by sound, Kota (कोटा) by spelling.
    ['कोटक', ['OD-14', 'RJ-24']],
  ])('asks when a sound-alike and a one-letter slip disagree: %s → many %j', (query, expected) => {
    const result = search(query);
    expect(result.kind).toBe('many');
    for (const code of expected) expect(codes(result)).toContain(code);
  });

  it('ranks hits by score, best first, and respects the limit', () => {
    const result = search('Mumbai', { limit: 3 });
    expect(result.kind).toBe('many');
    const hits = hitsOf(result);
    expect(hits).toHaveLength(3);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
    expect(hitsOf(search('Mumbai', { limit: 0 }))).toHaveLength(1);
    expect(hitsOf(search('Mumbai', { limit: Number.NaN }))).toHaveLength(5);
    expect(hitsOf(search('Mumbai', { limit: 1e9 })).length).toBeLessThanOrEqual(50);
  });

  it('drops words that only say "constituency"', () => {
    for (const q of ['Hathras lok sabha', 'हाथरस लोकसभा सीट', 'Hathras constituency'])
      check([q, 'one', ['UP-16'], 'name']);
  });
});

describe('search: ranking exact name > alias > segment > fuzzy', () => {
  it('prefers a PC named so over a segment of that name in another PC', () => {
    // "Rampur" is UP-7 and also an assembly segment elsewhere.
    const elsewhere = catalog.pcs.filter(
      (p) => p.code !== 'UP-7' && p.segments.some((s) => s.nameEn === 'Rampur'),
    );
    expect(elsewhere.length).toBeGreaterThan(0);
    check(['Rampur', 'one', ['UP-7'], 'name']);
  });

  it('scores exact matches by kind and keeps fuzzy matches below them', () => {
    const one = (q: string): SearchHit => {
      const r = search(q);
      if (r.kind !== 'one') throw new Error(`${q}: ${r.kind}`);
      return r.hit;
    };
    const name = one('Varanasi');
    const alias = one('Kashi');
    const segment = one('Varanasi North');
    const phonetic = one('Varansi');
    const fuzzy = one('Hathra');
    expect([name.matched, alias.matched, segment.matched, fuzzy.matched]).toEqual([
      'name',
      'alias',
      'segment',
      'fuzzy',
    ]);
    expect(name.score).toBeGreaterThan(alias.score);
    expect(alias.score).toBeGreaterThan(segment.score);
    expect(segment.score).toBeGreaterThan(phonetic.score);
    expect(phonetic.score).toBeGreaterThanOrEqual(EXACT_SCORE);
    expect(fuzzy.score).toBeLessThan(EXACT_SCORE);
    expect(alias.via).toBe('Kashi');
    expect(segment.via).toBe('Varanasi North');
    expect(name.via).toBeUndefined();
  });
});

describe('search: every PC finds itself', () => {
  const includes = (result: SearchResult, code: string): boolean =>
    (result.kind === 'one' || result.kind === 'ambiguous') && codes(result).includes(code);

  it('by English name, Hindi name and code', () => {
    const misses: string[] = [];
    for (const pc of catalog.pcs) {
      for (const q of [pc.nameEn, pc.nameHi, pc.code, pc.nameEn.toLowerCase()]) {
        if (!includes(search(q), pc.code)) misses.push(`${pc.code} ${q}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('by every alias', () => {
    const misses: string[] = [];
    for (const pc of catalog.pcs) {
      for (const alias of pc.aliases)
        if (!includes(search(alias), pc.code)) misses.push(`${pc.code} ${alias}`);
    }
    expect(misses).toEqual([]);
  });

  it('by every assembly segment, unless another PC has that very name', () => {
    const pcNames = new Set(catalog.pcs.flatMap((p) => [p.nameEn, p.nameHi, ...p.aliases].map(foldText)));
    const misses: string[] = [];
    let checked = 0;
    for (const pc of catalog.pcs) {
      for (const seg of pc.segments) {
        for (const q of seg.nameHi ? [seg.nameEn, seg.nameHi] : [seg.nameEn]) {
          if (pcNames.has(foldText(q))) continue;
          checked++;
          const result = search(q, { limit: 50 });
          if (result.kind === 'none' || !codes(result).includes(pc.code)) misses.push(`${pc.code} ${q}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(misses).toEqual([]);
  });
});

describe('search: hostile input', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['spaces', '   \t\n '],
    ['emoji', '🙂👍🏽🇮🇳'],
    ['Arabic (RTL)', 'مرحبا بالعالم'],
    ['Hebrew with bidi marks', '\u202bשלום\u202c'],
    ['lone surrogates', '\ud800\udfff\ud800'],
    ['control characters', '\u0000\u0007\u001b[31m'],
    ['only Devanagari marks', '़़़ंंं््'],
    ['regex metacharacters', '.*+?^\u0024{}()|[]\\'],
    ['SQL-ish', "'; DROP TABLE pcs; --"],
    ['HTML', '<b>Hathras</b><script>alert(1)</script>'],
    ['100 letters', 'a'.repeat(MAX_QUERY_LENGTH)],
    ['101 letters', 'a'.repeat(MAX_QUERY_LENGTH + 1)],
    ['a megabyte', 'ह'.repeat(1_000_000)],
    ['zalgo', 'H̸̢a̵̧t̶͎h̷r̵a̸s̶'],
  ];
  it.each(inputs)('never throws on %s', (_, input) => {
    expect(() => search(input)).not.toThrow();
    expect(['none', 'one', 'ambiguous', 'many']).toContain(search(input).kind);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['whitespace', '  \n '],
    ['over-long', `Hathras ${'x'.repeat(MAX_QUERY_LENGTH)}`],
    ['emoji', '🙂🙂'],
    ['RTL', 'مرحبا'],
    ['garbage', 'zzzzqqq'],
    ['punctuation', '?!?!...'],
  ])('answers %s with none', (_, input) => {
    expect(search(input)).toEqual({ kind: 'none', suggestions: [] });
  });

  it('reads names through HTML and zalgo noise', () => {
    expect(codes(search('H̸̢a̵̧t̶͎h̷r̵a̸s̶'))).toEqual(['UP-16']);
  });

  it('tolerates a non-string from untyped callers', () => {
    expect(search(undefined as unknown as string).kind).toBe('none');
    expect(search(42 as unknown as string).kind).toBe('none');
  });
});

describe('Levenshtein', () => {
  /** Reference: the textbook dynamic programme. */
  function dp(a: string, b: string): number {
    const rows = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const row = rows[i] as number[];
        const up = rows[i - 1] as number[];
        row[j] = Math.min(
          (up[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (up[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
      }
    }
    return rows[a.length]?.[b.length] ?? -1;
  }

  it('agrees with the textbook algorithm, bounded or not, on random strings (both scripts, up to 40 units)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'abcdehkrsतथदरसािु';
    const word = () =>
      Array.from(
        { length: Math.floor(random() * 40) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    const lev = new Levenshtein();
    for (let n = 0; n < 2000; n++) {
      const a = word();
      const b = random() < 0.5 ? word() : a.slice(0, Math.floor(random() * a.length)) + word().slice(0, 3);
      const want = dp(a, b);
      expect(editDistance(a, b), `${a} / ${b}`).toBe(want);
      const max = Math.floor(random() * 5);
      lev.setPattern(a);
      expect(lev.distance(b, max), `${a} / ${b} within ${max}`).toBe(want <= max ? want : max + 1);
    }
  });
});
