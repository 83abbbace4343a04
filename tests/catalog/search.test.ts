import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { foldText } from '../../src/catalog/normalize.js';
import {
  createSearch,
  EXACT_SCORE,
  editDistance,
  Levenshtein,
  loadCities,
  MAX_QUERY_LENGTH,
  type SearchHit,
  type SearchResult,
} from '../../src/catalog/search.js';
import type { Catalog, Constituency } from '../../src/catalog/types.js';

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

/** A catalogue of one state with one PC, built from a real PC so that it has every field the type asks for. */
function oneSeatCatalog(fields: Partial<Constituency>): Catalog {
  const [real] = catalog.pcs;
  if (!real) throw new Error('empty catalogue');
  const pc: Constituency = {
    ...real,
    code: 'XX-1',
    stateCode: 'XX',
    no: 1,
    aliases: [],
    segments: [],
    ...fields,
  };
  const state = { code: 'XX', nameEn: 'Nowhere', nameHi: 'कहीं नहीं' };
  return {
    states: [state],
    pcs: [pc],
    byCode: (code) => (code === 'XX-1' ? pc : undefined),
    state: (code) => (code === 'XX' ? state : undefined),
    pcsOfState: (code) => (code === 'XX' ? [pc] : []),
    // Search does not read ACs yet; the one-seat catalogue has none.
    acs: [],
    acByCode: () => undefined,
    acsOfPc: () => [],
    acsOfState: () => [],
  };
}

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
    // modern and former spellings
    ['Belagavi', 'one', ['KA-2'], 'alias'],
    ['Haridwar', 'one', ['UK-5'], 'alias'],
    ['Bengaluru South', 'one', ['KA-26'], 'alias'],
    ['Gurugram', 'one', ['HR-9'], 'alias'],
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
    // also a segment of Shirdi (Shrirampur): the PC of that name first, and both offered
    ['श्रीरामपुर', 'ambiguous', ['WB-27', 'MH-38']],
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
    // "Mumb": a prefix of the six Mumbai seats, none of them its name.
    const result = search('Mumb', { limit: 3 });
    expect(result.kind).toBe('many');
    const hits = hitsOf(result);
    expect(hits).toHaveLength(3);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
    expect(hitsOf(search('Mumb', { limit: 0 }))).toHaveLength(1);
    expect(hitsOf(search('Mumb', { limit: Number.NaN }))).toHaveLength(5);
    expect(hitsOf(search('Mumb', { limit: 1e9 })).length).toBeLessThanOrEqual(50);
  });

  it('drops words that only say "constituency"', () => {
    for (const q of ['Hathras lok sabha', 'हाथरस लोकसभा सीट', 'Hathras constituency'])
      check([q, 'one', ['UP-16'], 'name']);
  });
});

describe('search: ranking exact name > alias > segment > fuzzy', () => {
  it('offers a PC named so first, then the segments of that name in other PCs', () => {
    // "Rampur" is UP-7 and also an assembly segment elsewhere.
    const elsewhere = catalog.pcs
      .filter((p) => p.code !== 'UP-7' && p.segments.some((s) => s.nameEn === 'Rampur'))
      .map((p) => p.code);
    expect(elsewhere.length).toBeGreaterThan(0);
    const result = search('Rampur');
    expect(result.kind).toBe('ambiguous');
    expect(codes(result)[0]).toBe('UP-7');
    expect(codes(result).slice(1).sort()).toEqual(elsewhere.sort());
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
    const guessed = search('Hathra');
    if (guessed.kind !== 'many' || !guessed.guess || !guessed.hits[0]) throw new Error('Hathra: no guess');
    const fuzzy = guessed.hits[0];
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
    expect(segment.segment?.nameEn).toBe('Varanasi North');
    expect(name.via).toBeUndefined();
  });
});

describe('search: every PC finds itself', () => {
  /** Found as itself: the one answer, one of the seats of that name, or the first seat of a city of that name. */
  const includes = (result: SearchResult, code: string): boolean =>
    ((result.kind === 'one' || result.kind === 'ambiguous') && codes(result).includes(code)) ||
    (result.kind === 'many' && result.place !== undefined && codes(result)[0] === code);

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

describe('search: type words in Hindi and English (मध्य = Central, ग्रामीण = Rural, ...)', () => {
  it.each<Case>([
    ['लखनऊ मध्य', 'one', ['UP-35'], 'segment'],
    ['लखनऊ कैंट', 'one', ['UP-35'], 'segment'],
    ['आगरा छावनी', 'one', ['UP-18'], 'segment'],
    ['नागपुर दक्षिण पश्चिम', 'one', ['MH-10'], 'segment'],
    ['उदयपुर ग्रामीण', 'one', ['RJ-19'], 'segment'],
    ['जयपुर ग्रामीण', 'one', ['RJ-6'], 'name'],
    ['भोपाल मध्य', 'one', ['MP-19'], 'segment'],
    ['Bhopal Central', 'one', ['MP-19'], 'segment'],
    ['जबलपुर पूर्व', 'one', ['MP-13'], 'segment'],
    ['रतलाम शहर', 'one', ['MP-24'], 'segment'],
    // "Nagar" at the end of a seat's name is its city part: सहारनपुर शहर = Saharanpur Nagar
    ['सहारनपुर शहर', 'one', ['UP-1'], 'segment'],
    ['मुरादाबाद ग्रामीण', 'one', ['UP-6'], 'segment'],
    ['दक्षिणी दिल्ली', 'one', ['DL-7'], 'name'],
  ])('%s → %s %j', (...c) => check(c));

  it('does not read a type word alone as a seat', () => {
    for (const q of ['मध्य', 'उत्तर', 'Central', 'ग्रामीण']) expect(search(q).kind, q).not.toBe('one');
  });
});

describe('search: one name, several seats', () => {
  it('offers both a PC and an assembly segment of the same name, the one Hindi readers mean first', () => {
    // Lakhimpur is a PC in Assam and the seat of Lakhimpur Kheri (a segment of Kheri, UP).
    const hindi = search('लखीमपुर');
    expect(hindi.kind).toBe('ambiguous');
    expect(codes(hindi)).toEqual(['UP-28', 'AS-12']);
    const latin = search('Lakhimpur');
    expect(latin.kind).toBe('ambiguous');
    expect(codes(latin)).toEqual(['AS-12', 'UP-28']);
  });

  it('offers a PC first by its Hindi name, even where a segment elsewhere shares the name', () => {
    // बेंगलुरु दक्षिण is KA-26's name, and "Bangalore South" is also a segment of Bangalore Rural.
    const result = search('बेंगलुरु दक्षिण');
    expect(['one', 'ambiguous']).toContain(result.kind);
    expect(codes(result)[0]).toBe('KA-26');
  });

  it('puts the seat known by the name before a segment that merely shares it', () => {
    for (const [q, first, other] of [
      ['सिकंदराबाद', 'TS-8', 'UP-13'],
      ['निजामाबाद', 'TS-4', 'UP-68'],
      ['सागर', 'MP-5', 'KA-14'],
      ['बिलासपुर', 'CG-5', 'HP-3'],
    ] as const) {
      const result = search(q);
      expect(result.kind, q).toBe('ambiguous');
      expect(codes(result)[0], q).toBe(first);
      expect(codes(result), q).toContain(other);
    }
  });

  it('for two segments of one name, puts the Hindi-belt one first for a Hindi query', () => {
    const result = search('सोनपुर');
    expect(codes(result).slice(0, 2)).toEqual(['BR-20', 'OD-10']);
  });

  it('gives the matched segment, so a caller can name it', () => {
    const result = search('सिकंदराराऊ');
    if (result.kind !== 'one') throw new Error(result.kind);
    expect(result.hit.matched).toBe('segment');
    expect(result.hit.segment?.nameEn).toBe('Sikandra Rao');
  });
});

describe('search: cities and small states find all their seats', () => {
  const place = (query: string, limit?: number) => {
    const result = search(query, limit === undefined ? undefined : { limit });
    if (result.kind !== 'many' || !result.place)
      throw new Error(`${query}: ${JSON.stringify(codes(result))}`);
    return result;
  };

  it.each<[string, string[]]>([
    ['पटना', ['BR-30', 'BR-31']],
    ['Patna', ['BR-30', 'BR-31']],
    ['पटना शहर', ['BR-30', 'BR-31']],
    ['मुंबई', ['MH-26', 'MH-27', 'MH-28', 'MH-29', 'MH-30', 'MH-31']],
    ['बंबई', ['MH-26', 'MH-27', 'MH-28', 'MH-29', 'MH-30', 'MH-31']],
    ['दिल्ली', ['DL-1', 'DL-2', 'DL-3', 'DL-4', 'DL-5', 'DL-6', 'DL-7']],
    ['कोलकाता', ['WB-22', 'WB-23', 'WB-24']],
    ['बेंगलुरु', ['KA-23', 'KA-24', 'KA-25', 'KA-26']],
    ['चेन्नई', ['TN-2', 'TN-3', 'TN-4', 'TN-5']],
    ['गोवा', ['GA-1', 'GA-2']],
  ])('%s → every one of %j, whatever the limit', (query, expected) => {
    const result = place(query, 3);
    expect(codes(result).slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('puts the seat named like the city first (लखनऊ, हैदराबाद)', () => {
    expect(codes(place('लखनऊ'))).toEqual(['UP-35', 'UP-34']);
    expect(codes(place('हैदराबाद'))[0]).toBe('TS-9');
    expect(place('हैदराबाद').hits[0]?.matched).toBe('name');
  });

  it("adds other seats of the very name after the city's own", () => {
    // Patna is also an assembly segment of Keonjhar (Odisha).
    expect(codes(place('Patna'))).toEqual(['BR-30', 'BR-31', 'OD-4']);
  });

  it('names the place, in the script of the query', () => {
    expect(place('पटना').place).toEqual({ kind: 'city', nameHi: 'पटना', nameEn: 'Patna' });
    expect(place('पटना').hits[0]?.via).toBe('पटना');
    expect(place('Patna').hits[0]?.via).toBe('Patna');
    expect(place('गोवा').place?.kind).toBe('state');
  });

  it('does not offer a big state whole, nor guess a seat from its name', () => {
    expect(search('बिहार')).toEqual({ kind: 'none', suggestions: [] });
    expect(search('Uttar Pradesh')).toEqual({ kind: 'none', suggestions: [] });
  });

  it('lists only seats that exist, each city with at least two', () => {
    const cities = loadCities();
    expect(cities.length).toBeGreaterThanOrEqual(10);
    const unknown = cities.flatMap((c) => c.pcs.filter((code) => !catalog.byCode(code)));
    expect(unknown).toEqual([]);
  });

  it('refuses a cities file with a bad code, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cities-'));
    const file = path.join(dir, 'cities.yaml');
    writeFileSync(file, 'cities:\n  - {name_hi: पटना, name_en: Patna, pcs: [BR-30, Patna Sahib]}\n');
    expect(() => loadCities(file)).toThrow(/cities\.yaml.*PC code/);
  });
});

describe('search: small talk is answered as such, never as a seat', () => {
  it.each<[string, string]>([
    ['नमस्ते', 'greeting'],
    ['नमस्ते जी', 'greeting'],
    ['हेलो सर', 'greeting'],
    ['Hello', 'greeting'],
    ['hi', 'greeting'],
    ['धन्यवाद', 'thanks'],
    ['बहुत बहुत धन्यवाद', 'thanks'],
    ['शुक्रिया', 'thanks'],
    ['Thank you', 'thanks'],
    ['ठीक है', 'other'],
    ['ok', 'other'],
    ['जी', 'other'],
    ['चुनाव', 'other'],
    ['लोकसभा सीट', 'other'],
  ])('%s → %s', (query, kind) => {
    expect(search(query)).toEqual({ kind: 'none', suggestions: [], smallTalk: kind });
  });

  it('still finds a seat named next to such words', () => {
    check(['हाथरस चुनाव', 'one', ['UP-16'], 'name']);
    check(['नमस्ते हाथरस', 'one', ['UP-16'], 'name']);
  });

  it('lets a seat with that very name win', () => {
    const tiny = oneSeatCatalog({ nameEn: 'Namaste', nameHi: 'नमस्ते' });
    expect(createSearch(tiny, { cities: [] })('नमस्ते').kind).toBe('one');
  });
});

describe('search: segment aliases', () => {
  it('finds a segment by another spelling the catalogue lists for it', () => {
    const [real] = catalog.pcs.filter((p) => p.segments.length > 0);
    if (!real?.segments[0]) throw new Error('no segment');
    const segment = { ...real.segments[0], nameEn: 'Dr.Ambedkarnagar-Mhow', aliases: ['महू'] };
    const tiny = oneSeatCatalog({ nameEn: 'Dhar', nameHi: 'धार', segments: [segment] });
    const result = createSearch(tiny, { cities: [] })('महू');
    if (result.kind !== 'one') throw new Error(result.kind);
    expect([result.hit.matched, result.hit.via, result.hit.segment?.nameEn]).toEqual([
      'segment',
      'महू',
      'Dr.Ambedkarnagar-Mhow',
    ]);
  });
});

describe('search: a near spelling is a guess, not a confident seat', () => {
  it.each<[string, string]>([
    // Sound like other seats (Sheohar, Bareilly, Zahirabad) but are not them.
    ['स्वार', 'BR-4'],
    ['वर्ली', 'UP-25'],
    ['जहूराबाद', 'TS-5'],
  ])('%s is never a confident %s', (query, wrong) => {
    const result = search(query);
    expect(result.kind === 'one' && result.hit.pc.code === wrong).toBe(false);
  });

  it('offers a typo of one name as "did you mean", best first', () => {
    const result = search('Hathra');
    expect(result.kind === 'many' && result.guess).toBe(true);
    expect(codes(result)[0]).toBe('UP-16');
  });

  it('answers a whole word of a longer name as a guess ("झालावाड़" of झालावाड़-बारां)', () => {
    const result = search('झालावाड़');
    expect(result.kind === 'many' && result.guess).toBe(true);
    expect(codes(result)[0]).toBe('RJ-25');
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
