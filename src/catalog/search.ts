/**
 * Constituency search: Devanagari or Latin, names, aliases, assembly segments, cities, PC codes, typos.
 *
 * Everything is precomputed by {@link createSearch}; a query folds its text once, then tries, in order:
 * a PC code (`UP-16`, `up16`, `pc_UP-16`); small talk (`नमस्ते`, `धन्यवाद`, `ok`), answered as such and
 * never as a seat; a city or small state by name (`पटना` → Patna Sahib and Pataliputra); exact folded
 * text (name > alias > segment), also with the words translated (`लखनऊ मध्य` = Lucknow Central); exact
 * phonetic key (cross-script and spelling variants); and, only when nothing matched exactly, prefixes
 * and a bounded edit distance on folded text and on keys (length buckets + bit-parallel Levenshtein).
 * Each PC keeps its best hit; the ranked hits become a {@link SearchResult}. A name shared by several
 * seats (a PC here, an assembly segment there) asks which; an answer that rests on a near spelling
 * only is a guess, never a confident seat.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { acCode } from './assembly.js';
import {
  analyze,
  analyzeTokens,
  foldText,
  isDevanagari,
  type Token,
  tokenize,
  typeWordOf,
} from './normalize.js';
import type { Assembly, Catalog, Constituency, Segment } from './types.js';

/** One constituency found by a search. */
export interface SearchHit {
  pc: Constituency;
  /** 0..1, higher is better; exact matches score 0.8 and above. */
  score: number;
  matched: 'code' | 'name' | 'alias' | 'segment' | 'place' | 'fuzzy';
  /** The alias, segment, city or state name that matched (for `fuzzy`, whatever text matched). */
  via?: string;
  /** The assembly segment that matched (for `segment`), so a caller can name it in its own language. */
  segment?: Segment;
}

/** What a query is when it is not a seat: a greeting, thanks, or a word such as "ok" or "help". */
export type SmallTalk = 'greeting' | 'thanks' | 'other';

/** A city or small state whose seats a query named (`पटना`, `Mumbai`, `गोवा`). */
export interface Place {
  kind: 'city' | 'state';
  nameHi: string;
  nameEn: string;
}

/** What a search found, shaped by what the caller should do next. */
export type SearchResult =
  /** Nothing good; the closest few as suggestions (may be empty). `smallTalk`: the query was not a seat at all. */
  | { kind: 'none'; suggestions: SearchHit[]; smallTalk?: SmallTalk }
  /** A single confident match. */
  | { kind: 'one'; hit: SearchHit }
  /** The same name for several seats (Aurangabad BR/MH; Lakhimpur, a PC in Assam and a segment in UP): ask which. */
  | { kind: 'ambiguous'; hits: SearchHit[] }
  /**
   * Several plausible matches, best first. `guess`: the first one is the likely seat but rests on a
   * near spelling only ("did you mean ...?"). `place`: the query named a city or state, and `hits` are
   * all its seats (whatever the limit), then any other seat of that very name.
   */
  | { kind: 'many'; hits: SearchHit[]; guess?: true; place?: Place };

export interface SearchOptions {
  /** Most hits returned in `many`, `ambiguous` and `none` (default 5, at most 50); a place's seats are all returned. */
  limit?: number;
}

export type Search = (query: string, opts?: SearchOptions) => SearchResult;

/** Longer queries are answered `none` without any work. */
export const MAX_QUERY_LENGTH = 100;

/** Scores at or above this come from an exact code, text or phonetic-key match. */
export const EXACT_SCORE = 0.8;

// --- Cities: content/catalogue/search/cities.yaml ---

/** A city that spans several Lok Sabha seats, as `cities.yaml` lists it. */
export interface City {
  nameHi: string;
  nameEn: string;
  /** Other names and spellings (old names, other scripts' common forms). */
  aliases: string[];
  /** PC codes, the seat that carries the city's name (if any) first. */
  pcs: string[];
}

/** The shipped list of cities, wherever the process was started from (src/ or dist/). */
export const DEFAULT_CITIES_FILE = fileURLToPath(
  new URL('../../content/catalogue/search/cities.yaml', import.meta.url),
);

const citiesSchema = z.strictObject({
  cities: z.array(
    z.strictObject({
      name_hi: z.string().trim().min(1),
      name_en: z.string().trim().min(1),
      aliases: z.array(z.string().trim().min(1)).default([]),
      pcs: z.array(z.string().regex(/^[A-Z]{2}-[1-9]\d?$/, 'expected a PC code such as BR-30')).min(2),
    }),
  ),
});

/** Reads a cities file; throws naming the file and the field on bad data. */
export function loadCities(file: string = DEFAULT_CITIES_FILE): City[] {
  const parsed = citiesSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.cities.map((c) => ({
    nameHi: c.name_hi,
    nameEn: c.name_en,
    aliases: c.aliases,
    pcs: c.pcs,
  }));
}

/** States this small are offered whole when named alone (गोवा → North Goa, South Goa). */
const MAX_STATE_AS_PLACE = 7;
/** Hindi-belt states: for a query in Devanagari, their seats come first among seats of the same name. */
export const HINDI_BELT: ReadonlySet<string> = new Set([
  'UP',
  'BR',
  'MP',
  'RJ',
  'CG',
  'JH',
  'HR',
  'UK',
  'HP',
  'DL',
]);

// --- Small talk ---

/**
 * What readers send that is not a seat: greetings, thanks, acknowledgements, requests for help or
 * news. The whole query (less the words in {@link FILLER}) must be one of these to count, and an exact
 * seat name always wins over it.
 */
const SMALL_TALK: Record<SmallTalk, readonly string[]> = {
  greeting: [
    'नमस्ते',
    'नमस्कार',
    'प्रणाम',
    'राम राम',
    'जय राम जी की',
    'जय हिंद',
    'सलाम',
    'आदाब',
    'सत श्री अकाल',
    'हेलो',
    'हैलो',
    'हलो',
    'हेल्लो',
    'हाय',
    'हाई',
    'सुप्रभात',
    'शुभ प्रभात',
    'शुभ रात्रि',
    'शुभ संध्या',
    'गुड मॉर्निंग',
    'गुड मार्निंग',
    'गुड नाइट',
    'गुड इवनिंग',
    'कैसे हो',
    'कैसे हैं',
    'आप कैसे हैं',
    'क्या हाल है',
    'आप कौन हो',
    'आप कौन हैं',
    'कौन हो',
    'hello',
    'helo',
    'hi',
    'hii',
    'hey',
    'namaste',
    'namaskar',
    'pranam',
    'good morning',
    'good evening',
    'good night',
    'how are you',
    'who are you',
  ],
  thanks: [
    'धन्यवाद',
    'शुक्रिया',
    'थैंक्स',
    'थैंक यू',
    'थैंक्यू',
    'आभार',
    'thanks',
    'thank you',
    'thankyou',
    'thanx',
    'thx',
    'dhanyavad',
    'dhanyawad',
    'shukriya',
  ],
  other: [
    'ठीक है',
    'ठीक',
    'ओके',
    'अच्छा',
    'अच्छा है',
    'बढ़िया',
    'हां',
    'हा',
    'जी हां',
    'नहीं',
    'ना',
    'बाय',
    'अलविदा',
    'मदद',
    'हेल्प',
    'खबर',
    'खबरें',
    'समाचार',
    'न्यूज़',
    'मेनू',
    'शुरू',
    'शुरू करें',
    'स्टार्ट',
    'ok',
    'okay',
    'yes',
    'no',
    'bye',
    'help',
    'news',
    'menu',
    'start',
    'fine',
    'good',
    'nice',
    'hmm',
  ],
};
/** Words of courtesy around small talk ("नमस्ते जी", "thanks sir"), ignored when telling it apart. */
const FILLER = [
  'जी',
  'सर',
  'भाई',
  'भैया',
  'दोस्त',
  'बहुत',
  'आपका',
  'आपको',
  'सभी',
  'ji',
  'sir',
  'bhai',
  'dear',
  'very',
  'much',
  'so',
  'please',
  'plz',
];

type Kind = 'name' | 'alias' | 'segment';

const EXACT_TEXT: Record<Kind, number> = { name: 1, alias: 0.97, segment: 0.94 };
/** Exact once the words are translated (`लखनऊ मध्य` = Lucknow Central): just below the same match written alike. */
const CANON_PENALTY = 0.01;
const EXACT_KEY: Record<Kind, number> = { name: 0.9, alias: 0.88, segment: 0.86 };
const FUZZY_WEIGHT: Record<Kind, number> = { name: 1, alias: 0.98, segment: 0.95 };
const MATCH_RANK: Record<SearchHit['matched'], number> = {
  code: 0,
  name: 1,
  place: 2,
  alias: 2,
  segment: 3,
  fuzzy: 4,
};

/** Old ISO 3166-2:IN codes (before 2023-11-23) people and old links still use. */
const LEGACY_STATE_CODES: Record<string, string> = { CT: 'CG', OR: 'OD', TG: 'TS', UT: 'UK' };
const CODE_QUERY = /^(?:pc[\s_-]*)?([a-z]{2})[\s._-]*0*([1-9]\d?)$/;

/** Words that say "constituency" rather than which one; dropped when other words remain. */
const STOP_WORDS = [
  'lok',
  'sabha',
  'loksabha',
  'vidhan',
  'vidhansabha',
  'assembly',
  'seat',
  'constituency',
  'pc',
  'election',
  'chunav',
  'लोकसभा',
  'लोक',
  'सभा',
  'विधानसभा',
  'विधान',
  'सीट',
  'क्षेत्र',
  'निर्वाचन',
  'संसदीय',
  'चुनाव',
];
/** Everyday names of states beyond their official English and Hindi names and ISO codes. */
export const STATE_NICKNAMES: Readonly<Record<string, string>> = {
  bengal: 'WB',
  बंगाल: 'WB',
  orissa: 'OD',
  उड़ीसा: 'OD',
  यूपी: 'UP',
  एमपी: 'MP',
  pondicherry: 'PY',
  uttaranchal: 'UK',
  'jammu kashmir': 'JK',
  'जम्मू कश्मीर': 'JK',
  kashmir: 'JK',
  arunachal: 'AR',
  अरुणाचल: 'AR',
  himachal: 'HP',
  हिमाचल: 'HP',
};

interface Entry {
  pc: number;
  kind: Kind;
  text: string;
  folded: string;
  loose: string;
  devanagari: boolean;
  /** A Latin name whose Hindi form the catalogue also has (so a Hindi query is judged against that). */
  hasHindi: boolean;
  segment?: Segment;
  /** The folded words of a name of several words. */
  words?: ReadonlySet<string>;
}

interface PoolItem {
  s: string;
  entries: Entry[];
}

/** Which characters a string holds, hashed into 32 bits (a-z get a bit each). */
function charSignature(s: string): number {
  let sig = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    sig |= 1 << (c >= 0x61 && c <= 0x7a ? c - 0x61 : 26 + (c % 6));
  }
  return sig;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Unique strings bucketed by length, for edit-distance scans that only look at nearby lengths.
 * Each string also keeps a {@link charSignature}: one edit changes at most two of its bits, so a
 * string whose signature differs from the query's in more than `2 * max` bits is skipped unread.
 */
class LengthPool {
  private readonly buckets: { items: PoolItem[]; sigs: Uint32Array }[] = [];
  private readonly byString = new Map<string, PoolItem>();

  add(s: string, entry: Entry): void {
    let item = this.byString.get(s);
    if (!item) {
      item = { s, entries: [] };
      this.byString.set(s, item);
      const bucket = this.buckets[s.length] ?? { items: [], sigs: new Uint32Array(0) };
      this.buckets[s.length] = bucket;
      bucket.items.push(item);
    }
    item.entries.push(entry);
  }

  /** Computes the signatures once every string is in. */
  seal(): void {
    for (const bucket of this.buckets) {
      if (bucket) bucket.sigs = Uint32Array.from(bucket.items, (item) => charSignature(item.s));
    }
  }

  /** Calls `found` for each string within `max` edits of `query`. */
  scan(
    query: string,
    max: number,
    lev: Levenshtein,
    found: (item: PoolItem, distance: number) => void,
  ): void {
    const from = Math.max(1, query.length - max);
    const to = query.length + max;
    const sig = charSignature(query);
    lev.setPattern(query);
    for (let len = from; len <= to; len++) {
      const bucket = this.buckets[len];
      if (!bucket) continue;
      const { items, sigs } = bucket;
      for (let i = 0; i < items.length; i++) {
        if (popcount(sig ^ (sigs[i] ?? 0)) > 2 * max) continue;
        const item = items[i];
        if (!item) continue;
        const d = lev.distance(item.s, max);
        if (d <= max) found(item, d);
      }
    }
  }
}

/**
 * Levenshtein distance with one pattern against many texts: Myers/Hyyrö bit-parallel for patterns up
 * to 32 UTF-16 units (every name), a plain DP row beyond. Returns `max + 1` once the bound is exceeded.
 */
export class Levenshtein {
  private readonly peq = new Uint32Array(0x10000);
  private pattern = '';

  setPattern(pattern: string): void {
    for (let i = 0; i < this.pattern.length && i < 32; i++) this.peq[this.pattern.charCodeAt(i)] = 0;
    this.pattern = pattern;
    if (pattern.length <= 32) {
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        this.peq[c] = (this.peq[c] ?? 0) | (1 << i);
      }
    }
  }

  distance(text: string, max: number): number {
    const n = this.pattern.length;
    const m = text.length;
    if (Math.abs(n - m) > max) return max + 1;
    if (n === 0 || m === 0) return Math.max(n, m);
    if (n > 32) return boundedDp(this.pattern, text, max);
    const last = 1 << (n - 1);
    let pv = -1;
    let mv = 0;
    let score = n;
    for (let j = 0; j < m; j++) {
      const eq = this.peq[text.charCodeAt(j)] ?? 0;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      const mh = pv & xh;
      if (ph & last) score++;
      else if (mh & last) score--;
      // The score moves by at most one per remaining character.
      if (score - (m - j - 1) > max) return max + 1;
      ph = (ph << 1) | 1;
      pv = (mh << 1) | ~(xv | ph);
      mv = ph & xv;
    }
    return score <= max ? score : max + 1;
  }
}

function boundedDp(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = row;
  }
  const d = prev[b.length] ?? max + 1;
  return d <= max ? d : max + 1;
}

/** Plain Levenshtein distance (for tests and tie-breaks on short strings). */
export function editDistance(a: string, b: string): number {
  return boundedDp(a, b, Math.max(a.length, b.length));
}

/**
 * Share of the loose spelling that may differ for a phonetic-key match to count as exact. Real
 * cross-script pairs stay under 0.25 (हाथरस/hatras 0.14); chance collisions go above (mumbai/manvi 0.5).
 */
const MAX_KEY_SPREAD = 0.4;
/**
 * A phonetic match is a confident answer only this close. A Latin query is judged on its spelling
 * (Karnool: Kurnool 0.14, Karnal 0.17, both sure, so the reader is asked); a Devanagari query against an
 * English-only name is a transliteration, noisier (दतिया/Datia 0; जावरा/Jaora 0.17 is a guess).
 * Beyond this, or when the catalogue has a Hindi name that is spelt otherwise, it is a guess.
 */
const SURE_KEY_SPREAD = { latin: 0.25, devanagari: 0.15 };
/** A sound-alike of another PC this close, though not sure, still makes the reader choose. */
const RIVAL_SPREAD = 0.25;
/** A sound-alike that is not sure scores this share of a sure one: below exact, above most typos. */
const UNSURE_KEY_WEIGHT = 0.86;
/** Score lost per unit of spread, so the closer spelling wins among same-key matches. */
const KEY_SPREAD_PENALTY = 0.15;
/** Score of a query that is whole words of a longer name (the best a partial name gets). */
const WHOLE_WORDS = 0.78;
/** A fuzzy text match this good makes the phonetic-key typo scan unnecessary. */
const CLOSE_FUZZY = 0.6;
/** A fuzzy text match this good for another PC turns a phonetic-only match into a question. */
const RIVAL_FUZZY = 0.55;

/** Edits allowed on folded text of this length: none below 4, then 1, 2, 3. */
function maxTextEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 6) return 1;
  if (length < 11) return 2;
  return 3;
}

/** Edits allowed on a phonetic key of this length (keys are shorter and coarser than text). */
function maxKeyEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 6) return 1;
  return 2;
}

const LETTER = /\p{L}/gu;
const SEARCHABLE = /[a-z0-9\u0900-\u097f]/;
/** Letters (\p{L}) in `s`; a plain loop for the Latin and Devanagari of names, the regular expression beyond. */
function letterCount(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) count++;
    else if (c >= 0x0900 && c <= 0x097f) {
      // Devanagari letters: independent vowels and consonants (marks, signs and digits are not).
      if (
        (c >= 0x0904 && c <= 0x0939) ||
        c === 0x093d ||
        c === 0x0950 ||
        (c >= 0x0958 && c <= 0x0961) ||
        c >= 0x0971
      )
        count++;
    } else if (c > 0x7f) return s.match(LETTER)?.length ?? 0;
  }
  return count;
}

/** A phonetic key is only trusted when it kept a fair share of the letters (`zzzzqqq` → `jk` is not). */
function keyIsUsable(key: string, letters: number): boolean {
  return key.length >= 3 && key.length * 3 >= letters;
}

/** How a PC's best hit was found, beyond its score: what `decide` needs to tell a sure answer from a guess. */
interface Evidence {
  /** The query is this PC's name, alias or segment, written alike or sounding alike letter for letter. */
  readonly same: boolean;
  /** Confident enough to answer with this seat alone. */
  readonly sure: boolean;
}
const SAME_AND_SURE: Evidence = { same: true, sure: true };
const SURE_ONLY: Evidence = { same: false, sure: true };
const SAME_ONLY: Evidence = { same: true, sure: false };
const NO_EVIDENCE: Evidence = { same: false, sure: false };

class Hits {
  private readonly best = new Map<number, SearchHit>();
  private readonly evidence = new Map<number, Evidence>();
  /** PCs one edit away in spelling from a query that matched another PC by sound only. */
  readonly rivals = new Set<number>();

  constructor(private readonly pcs: readonly Constituency[]) {}

  add(index: number, score: number, matched: SearchHit['matched'], entry?: Entry, evidence?: Evidence): void {
    if (evidence) {
      const known = this.evidence.get(index);
      if (!known) this.evidence.set(index, evidence);
      else if ((evidence.same && !known.same) || (evidence.sure && !known.sure)) {
        this.evidence.set(index, { same: known.same || evidence.same, sure: known.sure || evidence.sure });
      }
    }
    const current = this.best.get(index);
    if (
      current &&
      (current.score > score ||
        (current.score === score && MATCH_RANK[current.matched] <= MATCH_RANK[matched]))
    ) {
      return;
    }
    const pc = this.pcs[index];
    if (!pc) return;
    const hit: SearchHit = { pc, score, matched };
    if (entry && (entry.kind !== 'name' || matched === 'fuzzy')) hit.via = entry.text;
    if (entry?.segment && matched === 'segment') hit.segment = entry.segment;
    this.best.set(index, hit);
  }

  get size(): number {
    return this.best.size;
  }

  /** The best score so far (0 when empty). */
  get topScore(): number {
    let top = 0;
    for (const hit of this.best.values()) if (hit.score > top) top = hit.score;
    return top;
  }

  /** What is known of how `pc` was found. */
  evidenceOf(pc: Constituency, order: Map<Constituency, number>): Evidence {
    return this.evidence.get(order.get(pc) ?? -1) ?? NO_EVIDENCE;
  }

  ranked(order: Map<Constituency, number>): SearchHit[] {
    return [...this.best.values()].sort(
      (a, b) =>
        b.score - a.score ||
        MATCH_RANK[a.matched] - MATCH_RANK[b.matched] ||
        (order.get(a.pc) ?? 0) - (order.get(b.pc) ?? 0),
    );
  }
}

/**
 * A segment's other spellings (महू of "डॉ. अंबेडकर नगर-महू"), where the catalogue lists them; the
 * catalogue's segments gain the field with their Hindi names, hence the optional read.
 */
function segmentAliases(seg: Segment): readonly string[] {
  return (seg as { aliases?: readonly string[] }).aliases ?? [];
}

/** The folded words joined, as names are indexed. */
function foldedOf(tokens: readonly Token[]): string {
  if (tokens.length === 1) return tokens[0]?.folded ?? '';
  let out = '';
  for (const t of tokens) out += t.folded;
  return out;
}

/** A place a query can name whole: a city from the cities file, or a small state. */
interface PlaceEntry {
  place: Place;
  pcs: Constituency[];
}

/**
 * Builds the search over a catalogue. All indexing happens here, once at start (about 5,500 names and
 * segment names; see `npm run bench:search` for the time); each query then costs well under a
 * millisecond. `cities` defaults to the shipped `content/catalogue/search/cities.yaml`; cities naming a
 * PC this catalogue lacks are left out.
 */
export function createSearch(catalog: Catalog, opts: { cities?: readonly City[] } = {}): Search {
  const pcs = catalog.pcs;
  const order = new Map(pcs.map((pc, i) => [pc, i]));
  /** PCs with the same folded English name are "the same name in several states". */
  const sameName = new Map(pcs.map((pc) => [pc, foldText(pc.nameEn)]));
  const byText = new Map<string, Entry[]>();
  const byCanon = new Map<string, Entry[]>();
  const byKey = new Map<string, Entry[]>();
  const byLoose = new Map<string, Entry[]>();
  /** Entries of names of several words, by each of their words (folded), for queries that give some of them. */
  const byWord = new Map<string, Entry[]>();
  /** Words of longer names by their loose spelling ("Bhilai" of "Bhilai Nagar"), for one-word queries. */
  const byWordLoose = new Map<string, Entry[]>();
  const latinPool = new LengthPool();
  const devanagariPool = new LengthPool();
  const keyPool = new LengthPool();
  /** Folded names and their word-start suffixes, for prefix lookups ("bangalore" → 4 PCs). */
  const prefixMap = new Map<string, { full: number; whole: boolean; entry: Entry }[]>();
  const nameWords = new Set<string>();
  const lev = new Levenshtein();
  const looseLev = new Levenshtein();
  const cities = opts.cities ?? loadCities();

  const push = (map: Map<string, Entry[]>, k: string, entry: Entry): void => {
    const list = map.get(k);
    if (list) list.push(entry);
    else map.set(k, [entry]);
  };

  // A Hindi word → English word dictionary, learnt from the names the catalogue gives in both scripts
  // ("लखनऊ" = lucknow, "उदयपुर" = udaipur), so that "लखनऊ मध्य" finds "Lucknow Central" before any
  // segment has its own Hindi name.
  const votes = new Map<string, Map<string, number>>();
  const learn = (en: string, hi: string | undefined): void => {
    if (!hi) return;
    const latin = tokenize(en);
    const hindi = tokenize(hi);
    if (latin.length !== hindi.length) return;
    hindi.forEach((h, i) => {
      const l = latin[i];
      if (!l || !isDevanagari(h.folded) || isDevanagari(l.folded)) return;
      if ((typeWordOf(h.folded) === undefined) !== (typeWordOf(l.folded) === undefined)) return;
      const counts = votes.get(h.folded) ?? new Map<string, number>();
      counts.set(l.folded, (counts.get(l.folded) ?? 0) + 1);
      votes.set(h.folded, counts);
    });
  };
  for (const state of catalog.states) learn(state.nameEn, state.nameHi);
  for (const pc of pcs) {
    learn(pc.nameEn, pc.nameHi);
    for (const seg of pc.segments) learn(seg.nameEn, seg.nameHi);
  }
  for (const city of cities) learn(city.nameEn, city.nameHi);
  const english = new Map<string, string>();
  for (const [hindi, counts] of votes) {
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (best) english.set(hindi, best[0]);
  }
  const NAGAR = new Set(['nagar', 'नगर']);
  /**
   * Folded text with the words translated to English where known and the type words as labels; the
   * last word "Nagar" of a longer name counts as "city" here (Moradabad Nagar = मुरादाबाद शहर).
   */
  const canonical = (tokens: readonly Token[]): string => {
    const [only] = tokens;
    if (tokens.length === 1 && only) return english.get(only.folded) ?? only.folded;
    let out = '';
    let last = '';
    tokens.forEach((t, i) => {
      let label = tokens.length > 1 ? typeWordOf(t.folded) : undefined;
      if (!label && tokens.length > 1 && i === tokens.length - 1 && NAGAR.has(t.folded)) label = 'U';
      if (label) {
        if (label !== last) out += label;
        last = label;
        return;
      }
      last = '';
      out += english.get(t.folded) ?? t.folded;
    });
    return out;
  };

  const index = (pc: number, kind: Kind, text: string, segment?: Segment): void => {
    const { tokens, folded, key, loose, looseWords } = analyze(text);
    if (!folded) return;
    const devanagari = isDevanagari(folded);
    const hasHindi =
      !devanagari && (kind === 'name' || (kind === 'segment' && segment?.nameHi !== undefined));
    const entry: Entry = { pc, kind, text, folded, loose, devanagari, hasHindi };
    if (segment) entry.segment = segment;
    push(byText, folded, entry);
    // Translated queries are looked up among English names (a Hindi name is found as written).
    if (!devanagari) push(byCanon, canonical(tokens), entry);
    push(byLoose, loose, entry);
    if (tokens.length > 1) {
      const words = new Set(tokens.map((w) => w.folded));
      entry.words = words;
      for (const w of words) push(byWord, w, entry);
      tokens.forEach((t, i) => {
        const word = looseWords[i] ?? '';
        if (typeWordOf(t.folded) || NAGAR.has(t.folded) || word.length < 3) return;
        if (byWordLoose.get(word)?.at(-1) !== entry) push(byWordLoose, word, entry);
      });
    }
    (devanagari ? devanagariPool : latinPool).add(folded, entry);
    if (key.length >= 3) {
      push(byKey, key, entry);
      keyPool.add(key, entry);
    }
    let suffix = '';
    for (let i = tokens.length - 1; i >= 0; i--) {
      const word = tokens[i]?.folded ?? '';
      nameWords.add(word);
      suffix = word + suffix;
      const item = { full: folded.length, whole: i === 0, entry };
      const list = prefixMap.get(suffix);
      if (list) list.push(item);
      else prefixMap.set(suffix, [item]);
    }
  };
  pcs.forEach((pc, i) => {
    index(i, 'name', pc.nameEn);
    index(i, 'name', pc.nameHi);
    for (const alias of pc.aliases) index(i, 'alias', alias);
    for (const seg of pc.segments) {
      index(i, 'segment', seg.nameEn, seg);
      if (seg.nameHi) index(i, 'segment', seg.nameHi, seg);
      for (const alias of segmentAliases(seg)) index(i, 'segment', alias, seg);
    }
  });
  latinPool.seal();
  devanagariPool.seal();
  keyPool.seal();
  // Default sort compares strings by UTF-16 units, as the binary search below does.
  const prefixes = [...prefixMap.keys()].sort();

  /** For each PC, its names' and aliases' first words ("लखीमपुर" of "लखीमपुर खीरी"), folded. */
  const namePrefixes = new Map<Constituency, Set<string>>();
  for (const pc of pcs) {
    const starts = new Set<string>();
    for (const name of [pc.nameEn, pc.nameHi, ...pc.aliases]) {
      const words = tokenize(name).map((t) => t.folded);
      for (let k = 1; k < words.length; k++) starts.add(words.slice(0, k).join(''));
    }
    namePrefixes.set(pc, starts);
  }

  const stopWords = new Set(STOP_WORDS.map(foldText).filter((w) => !nameWords.has(w)));
  const stateWords = new Map<string, string>();
  for (const state of catalog.states) {
    stateWords.set(foldText(state.nameEn), state.code);
    stateWords.set(foldText(state.nameHi), state.code);
    stateWords.set(state.code.toLowerCase(), state.code);
  }
  for (const [legacy, code] of Object.entries(LEGACY_STATE_CODES)) stateWords.set(legacy.toLowerCase(), code);
  for (const [nick, code] of Object.entries(STATE_NICKNAMES)) stateWords.set(foldText(nick), code);

  // Places named whole: the cities file, then small states by any of their names.
  const places = new Map<string, PlaceEntry>();
  const addPlace = (names: readonly string[], entry: PlaceEntry): void => {
    for (const name of names) {
      const folded = foldText(name);
      if (folded && !places.has(folded)) places.set(folded, entry);
    }
  };
  for (const city of cities) {
    const found = city.pcs.map((code) => catalog.byCode(code));
    if (found.some((pc) => pc === undefined)) continue;
    addPlace([city.nameHi, city.nameEn, ...city.aliases], {
      place: { kind: 'city', nameHi: city.nameHi, nameEn: city.nameEn },
      pcs: found as Constituency[],
    });
  }
  /** States too big to offer whole: named alone, they are not a seat. */
  const bigStates = new Set<string>();
  for (const state of catalog.states) {
    const seats = catalog.pcsOfState(state.code);
    const names = [...stateWords.entries()].filter(([w, code]) => code === state.code && w.length > 2);
    if (seats.length > MAX_STATE_AS_PLACE) {
      for (const [w] of names) if (!byText.has(w)) bigStates.add(w);
    } else if (seats.length > 1) {
      const entry = {
        place: { kind: 'state' as const, nameHi: state.nameHi, nameEn: state.nameEn },
        pcs: [...seats],
      };
      for (const [w] of names) if (!byText.has(w) && !places.has(w)) places.set(w, entry);
    }
  }

  // Small talk, unless a seat has that very name.
  const smallTalk = new Map<string, SmallTalk>();
  for (const [kind, phrases] of Object.entries(SMALL_TALK) as [SmallTalk, readonly string[]][]) {
    for (const phrase of phrases) {
      const folded = foldText(phrase);
      if (!byText.has(folded)) smallTalk.set(folded, kind);
    }
  }
  // Courtesy words may be words of names too (जी of "नैना देवी जी"): they are only set aside when the
  // query as written is no name.
  const filler = new Set(FILLER.map(foldText));
  /** One-word greetings and thanks, dropped from around a seat's name ("नमस्ते हाथरस", "Hathras thanks"). */
  const courtesy = new Set(
    [...SMALL_TALK.greeting, ...SMALL_TALK.thanks]
      .map((p) => tokenize(p))
      .filter((t) => t.length === 1)
      .map((t) => t[0]?.folded ?? '')
      .filter((w) => w !== ''),
  );
  for (const w of filler) courtesy.add(w);
  /** Words that make a query need a second look before the plain lookups below. */
  const special = new Set([...filler, ...courtesy, ...stopWords]);
  /** Small talk when every word is courtesy, a word that only says "constituency", or a small-talk phrase. */
  const smallTalkOf = (tokens: readonly Token[]): SmallTalk | undefined => {
    const words = tokens.filter((t) => !filler.has(t.folded));
    if (words.length === 0) return 'other';
    const folded = words.map((t) => t.folded).join('');
    if (byText.has(folded)) return undefined;
    const kind = smallTalk.get(folded);
    if (kind) return kind;
    return words.every((t) => stopWords.has(t.folded)) ? 'other' : undefined;
  };

  const clampLimit = (opts?: SearchOptions): number => {
    const limit = Math.floor(opts?.limit ?? 5);
    return Number.isFinite(limit) ? Math.min(Math.max(limit, 1), 50) : 5;
  };

  const byCode = (query: string): Constituency | undefined => {
    const m = CODE_QUERY.exec(query.trim().toLowerCase());
    if (!m) return undefined;
    const state = (m[1] ?? '').toUpperCase();
    return catalog.byCode(`${LEGACY_STATE_CODES[state] ?? state}-${Number(m[2])}`);
  };

  /** Matches one cleaned-up query; `state` restricts hits to one state. */
  const match = (tokens: Token[], state: string | undefined, relaxed: boolean): Hits => {
    const hits = new Hits(pcs);
    const allowed = (entry: Entry): boolean => state === undefined || pcs[entry.pc]?.stateCode === state;
    const { folded, key, loose } = analyzeTokens(tokens);
    // Names are in Latin or Devanagari; text in any other script cannot come near one.
    if (!SEARCHABLE.test(folded)) return hits;
    const devanagari = isDevanagari(folded);
    const letters = letterCount(folded);
    const keyOk = keyIsUsable(key, letters);
    const extra = relaxed ? 1 : 0;

    let exact = false;
    let exactText = false;
    /** A sound-alike that is not sure: typos are then looked for one edit away only, as beside a sure one. */
    let soundAlike = false;
    for (const entry of relaxed ? [] : (byText.get(folded) ?? [])) {
      if (!allowed(entry)) continue;
      exact = true;
      exactText = true;
      hits.add(entry.pc, EXACT_TEXT[entry.kind], entry.kind, entry, SAME_AND_SURE);
    }
    const canon = relaxed ? folded : canonical(tokens);
    if (canon !== folded) {
      for (const entry of byCanon.get(canon) ?? []) {
        if (!allowed(entry)) continue;
        exact = true;
        exactText = true;
        hits.add(entry.pc, EXACT_TEXT[entry.kind] - CANON_PENALTY, entry.kind, entry, SAME_AND_SURE);
      }
    }
    const keyed = keyOk && !relaxed ? byKey.get(key) : undefined;
    if (keyed) {
      looseLev.setPattern(loose);
      lev.setPattern(folded);
      for (const entry of keyed) {
        if (!allowed(entry)) continue;
        // Same skeleton; the vowels and spelling decide between a real match and a chance collision.
        const longest = Math.max(loose.length, entry.loose.length, 1);
        let spread = looseLev.distance(entry.loose, longest) / longest;
        const sameScript = devanagari === entry.devanagari;
        if (sameScript) {
          const length = Math.max(folded.length, entry.folded.length, 1);
          spread = Math.min(spread, lev.distance(entry.folded, length) / length);
        }
        // A Hindi query spelt otherwise than the catalogue's Hindi name is a different name as often as
        // not (वर्ली, बरेली; जहूराबाद, ज़हीराबाद): a guess, unless the spellings agree letter for letter.
        const hindiDiffers = devanagari && (entry.devanagari || entry.hasHindi);
        const sureSpread = devanagari ? SURE_KEY_SPREAD.devanagari : SURE_KEY_SPREAD.latin;
        if (spread === 0 || (spread <= sureSpread && !hindiDiffers)) {
          exact = true;
          const score = EXACT_KEY[entry.kind] - KEY_SPREAD_PENALTY * spread;
          // Sounding alike letter for letter is "the same name" only for want of better: a Hindi query
          // and a name the catalogue has in English only. Two spellings in one script that only sound
          // alike (खेरागढ़, खैरागढ़; Kolhapur, Kollapur) are two names.
          const same = spread === 0 && devanagari && !entry.devanagari && !entry.hasHindi;
          hits.add(entry.pc, score, entry.kind, entry, same ? SAME_AND_SURE : SURE_ONLY);
        } else if (spread <= MAX_KEY_SPREAD) {
          // Sounds alike but is spelt apart: a strong candidate, below every exact match.
          const score = (EXACT_KEY[entry.kind] - KEY_SPREAD_PENALTY * spread) * UNSURE_KEY_WEIGHT;
          soundAlike = true;
          hits.add(entry.pc, score, 'fuzzy', entry);
          if (spread <= RIVAL_SPREAD) hits.rivals.add(entry.pc);
        } else {
          hits.add(entry.pc, 0.7 * (1 - spread) * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
        }
      }
    }
    if (exact && !exactText && folded.length >= 4) {
      // Only a phonetic match: if the text is also one edit from another PC's name (कानकुर: Kanker by
      // sound, कानपुर by spelling), the reader may mean either; `decide` then asks.
      (devanagari ? devanagariPool : latinPool).scan(folded, 1, lev, (item, d) => {
        const score = 0.78 * (1 - d / Math.max(folded.length, item.s.length));
        for (const entry of item.entries) {
          if (!allowed(entry)) continue;
          hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
          if (score * FUZZY_WEIGHT[entry.kind] >= RIVAL_FUZZY) hits.rivals.add(entry.pc);
        }
      });
    }
    if (exact) return hits;

    // Names too short for a phonetic key (बाह, Bah; मऊ, Mau): the same loose spelling is a fair guess.
    if (!relaxed && letters >= 2 && loose.length >= 2 && !keyOk) {
      for (const entry of byLoose.get(loose) ?? []) {
        if (!allowed(entry) || (devanagari && (entry.devanagari || entry.hasHindi))) continue;
        const score = EXACT_KEY[entry.kind] * UNSURE_KEY_WEIGHT;
        hits.add(entry.pc, score, 'fuzzy', entry, devanagari ? SAME_ONLY : undefined);
      }
    }

    // One word of a longer name in the other script ("भिलाई" of Bhilai Nagar, "चेपॉक" of Chepauk-Thiruvallikeni).
    if (!relaxed && tokens.length === 1) {
      for (const entry of byWordLoose.get(loose) ?? []) {
        if (!allowed(entry) || entry.devanagari === devanagari) continue;
        hits.add(entry.pc, WHOLE_WORDS * UNSURE_KEY_WEIGHT * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
      }
    }

    // Every word of the query is a word of one longer name, in any order ("अंडमान निकोबार").
    if (!relaxed && tokens.length > 1) {
      const words = [...new Set(tokens.map((t) => t.folded))];
      let rarest: Entry[] | undefined;
      for (const w of words) {
        const list = byWord.get(w) ?? [];
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      for (const entry of words.length > 1 ? (rarest ?? []) : []) {
        if (!allowed(entry) || !words.every((w) => entry.words?.has(w))) continue;
        hits.add(entry.pc, WHOLE_WORDS * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
      }
    }

    // Nothing exact: prefixes of names and of their later words.
    if (letters >= 3 && !relaxed) {
      let lo = 0;
      let hi = prefixes.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((prefixes[mid] ?? '') < folded) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < prefixes.length && i < lo + 200; i++) {
        const s = prefixes[i] ?? '';
        if (!s.startsWith(folded)) break;
        for (const p of prefixMap.get(s) ?? []) {
          // A whole name equal to the query was an exact match above; a later word equal to it ("Delhi"
          // in "New Delhi") is a partial match like a prefix.
          if (!allowed(p.entry) || (p.whole && s === folded)) continue;
          // Whole words of a longer name ("झालावाड़" of "झालावाड़-बारां", "Delhi" of "New Delhi") say
          // more than a name's first letters.
          const rest = s.slice(folded.length);
          const wholeWords = rest === '' || (prefixMap.get(rest)?.some((q) => q.entry === p.entry) ?? false);
          const score = wholeWords ? WHOLE_WORDS : 0.55 + 0.2 * (folded.length / p.full);
          hits.add(p.entry.pc, score * FUZZY_WEIGHT[p.entry.kind], 'fuzzy', p.entry);
        }
      }
    }
    // Typos, on folded text in the query's script (one edit more when looking for suggestions).
    const maxText = soundAlike
      ? Math.min(1, maxTextEdits(folded.length))
      : maxTextEdits(folded.length) + (folded.length >= 4 && folded.length <= 12 ? extra : 0);
    if (maxText > 0) {
      const pool = devanagari ? devanagariPool : latinPool;
      pool.scan(folded, maxText, lev, (item, d) => {
        const score = 0.78 * (1 - d / Math.max(folded.length, item.s.length));
        for (const entry of item.entries) {
          if (allowed(entry)) hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
        }
      });
    }
    // Typos across scripts, on phonetic keys; not needed when the text itself came close to a name.
    const maxKey = keyOk && !relaxed && hits.topScore < CLOSE_FUZZY ? maxKeyEdits(key.length) : 0;
    if (maxKey > 0) {
      keyPool.scan(key, maxKey, lev, (item, d) => {
        if (d === 0) return;
        const score = 0.7 * (1 - d / Math.max(key.length, item.s.length));
        for (const entry of item.entries) {
          if (allowed(entry)) hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry);
        }
      });
    }
    return hits;
  };

  /**
   * Orders seats that share the query's name: first those known by it (a PC's name or alias, or a
   * segment of a PC whose name begins with it: Lakhimpur of "Lakhimpur Kheri"), then, for a query in
   * Devanagari, Hindi-belt seats before others; otherwise as ranked.
   */
  const orderShared = (hits: SearchHit[], folded: string, devanagari: boolean): SearchHit[] => {
    const level = (h: SearchHit): number =>
      h.matched !== 'segment' || namePrefixes.get(h.pc)?.has(folded) ? 0 : 1;
    const belt = (h: SearchHit): number => (devanagari && !HINDI_BELT.has(h.pc.stateCode) ? 1 : 0);
    return [...hits].sort((a, b) => level(a) - level(b) || belt(a) - belt(b));
  };

  const decide = (found: Hits, limit: number, folded: string, devanagari: boolean): SearchResult => {
    const ranked = found.ranked(order);
    const top = ranked[0];
    if (!top) return { kind: 'none', suggestions: [] };
    const second = ranked[1];
    const evidence = (h: SearchHit): Evidence => found.evidenceOf(h.pc, order);
    if (top.score >= EXACT_SCORE) {
      const topName = sameName.get(top.pc);
      // One name, several seats: PCs of the same name in two states, or a PC here and an assembly
      // segment there (Lakhimpur, Assam; Lakhimpur, segment of Kheri): ask which.
      const tied = ranked.filter(
        (h) =>
          h === top ||
          (h.score >= EXACT_SCORE &&
            (Math.abs(h.score - top.score) < 1e-9 || sameName.get(h.pc) === topName || evidence(h).same)),
      );
      if (tied.length > 1) {
        return {
          kind: 'ambiguous',
          hits: orderShared(tied, folded, devanagari).slice(0, Math.max(limit, 2)),
        };
      }
      if (second && second.score >= EXACT_SCORE && top.score - second.score < 0.03) {
        return { kind: 'many', hits: ranked.slice(0, limit) };
      }
      // A phonetic match (below exact text) competing with a one-edit spelling of another PC.
      const rival =
        top.score < EXACT_TEXT.segment &&
        ranked.some(
          (h) => h.matched === 'fuzzy' && h.pc !== top.pc && found.rivals.has(order.get(h.pc) ?? -1),
        );
      if (rival) return { kind: 'many', hits: ranked.slice(0, limit) };
      if (!evidence(top).sure) return { kind: 'many', hits: ranked.slice(0, limit), guess: true };
      return { kind: 'one', hit: top };
    }
    // Close to one name only, but not that name: "did you mean ...?"
    if (top.score >= 0.6 && (!second || top.score - second.score >= 0.08)) {
      return { kind: 'many', hits: ranked.slice(0, limit), guess: true };
    }
    return { kind: 'many', hits: ranked.slice(0, limit) };
  };

  /** Drops stop words, and splits off a trailing or leading state name ("Hamirpur HP"). */
  const clean = (tokens: Token[]): { tokens: Token[]; state?: string } => {
    const kept = tokens.filter((t) => !stopWords.has(t.folded));
    const words = kept.length > 0 ? kept : tokens;
    for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
      const tail = stateWords.get(
        words
          .slice(-n)
          .map((t) => t.folded)
          .join(''),
      );
      if (tail) return { tokens: words.slice(0, -n), state: tail };
      const head = stateWords.get(
        words
          .slice(0, n)
          .map((t) => t.folded)
          .join(''),
      );
      if (head) return { tokens: words.slice(n), state: head };
    }
    return { tokens: words };
  };

  /** The place the words name whole ("पटना", "पटना शहर", "Goa"), if any. */
  const placeOf = (tokens: readonly Token[]): PlaceEntry | undefined => {
    const words = tokens.some((t) => stopWords.has(t.folded))
      ? tokens.filter((t) => !stopWords.has(t.folded))
      : tokens;
    const whole = words.map((t) => t.folded).join('');
    const found = places.get(whole);
    if (found || words.length < 2) return found;
    // "पटना शहर", "Delhi city": the word that says "city" adds nothing.
    const last = words[words.length - 1];
    return last && typeWordOf(last.folded) === 'U'
      ? places.get(
          words
            .slice(0, -1)
            .map((t) => t.folded)
            .join(''),
        )
      : undefined;
  };

  /** All the seats of a place, its namesake seat first, then other seats of that very name. */
  const answerPlace = (
    entry: PlaceEntry,
    query: string,
    tokens: Token[],
    limit: number,
    devanagari: boolean,
  ): SearchResult => {
    const folded = tokens.map((t) => t.folded).join('');
    const called = (names: readonly string[]): boolean => names.some((n) => foldText(n) === folded);
    const via = devanagari ? entry.place.nameHi : entry.place.nameEn;
    const hits: SearchHit[] = entry.pcs.map((pc): SearchHit => {
      if (called([pc.nameEn, pc.nameHi])) return { pc, score: 1, matched: 'name' };
      if (called(pc.aliases)) return { pc, score: EXACT_TEXT.alias, matched: 'alias', via: query };
      return { pc, score: EXACT_TEXT.alias, matched: 'place', via };
    });
    // The seat that carries the name the reader typed comes first.
    hits.sort((a, b) => MATCH_RANK[a.matched] - MATCH_RANK[b.matched]);
    const mine = new Set(entry.pcs);
    const others = match(tokens, undefined, false)
      .ranked(order)
      .filter((h) => !mine.has(h.pc) && h.score >= EXACT_TEXT.segment - CANON_PENALTY);
    return {
      kind: 'many',
      hits: [...hits, ...others].slice(0, Math.max(limit, hits.length)),
      place: entry.place,
    };
  };

  return (query: string, opts?: SearchOptions): SearchResult => {
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH || query.trim() === '') {
      return { kind: 'none', suggestions: [] };
    }
    const limit = clampLimit(opts);
    const pc = byCode(query);
    if (pc) return { kind: 'one', hit: { pc, score: 1, matched: 'code' } };

    let tokens = tokenize(query);
    if (tokens.length === 0) return { kind: 'none', suggestions: [] };
    const devanagari = isDevanagari(query);
    let joined = foldedOf(tokens);
    if (tokens.some((t) => special.has(t.folded)) && !byText.has(joined)) {
      const talk = smallTalkOf(tokens);
      if (talk) return { kind: 'none', suggestions: [], smallTalk: talk };
      const words = tokens.filter((t) => !courtesy.has(t.folded));
      if (words.length > 0 && words.length < tokens.length) {
        tokens = words;
        joined = foldedOf(tokens);
      }
    } else {
      const talk = smallTalk.get(joined);
      if (talk) return { kind: 'none', suggestions: [], smallTalk: talk };
    }
    const place = places.get(joined) ?? placeOf(tokens);
    if (place)
      return answerPlace(
        place,
        query.trim(),
        tokens.filter((t) => !stopWords.has(t.folded)),
        limit,
        devanagari,
      );
    if (bigStates.has(joined)) return { kind: 'none', suggestions: [] };

    const cleaned = clean(tokens);
    const whole = cleaned.state ? tokens.filter((t) => !stopWords.has(t.folded)) : cleaned.tokens;
    let found = match(whole.length > 0 ? whole : tokens, undefined, false);
    // "Aurangabad Bihar": if the words as a whole found nothing exact, read the last word as a state.
    if (cleaned.state && found.topScore < EXACT_SCORE) {
      const within = match(cleaned.tokens, cleaned.state, false);
      if (within.size > 0) found = within;
    }
    if (found.size > 0) return decide(found, limit, whole === tokens ? joined : foldedOf(whole), devanagari);
    const near = match(cleaned.tokens, cleaned.state, true).ranked(order);
    return { kind: 'none', suggestions: near.slice(0, Math.min(limit, 3)) };
  };
}

/**
 * The assembly seat a hit names, when it matched through a segment that is an AC of its own (a text
 * naming सिकंदराराऊ finds Hathras through its segment: this is the AC `UP-A80`); undefined otherwise.
 */
export function acOfHit(catalog: Pick<Catalog, 'acByCode'>, hit: SearchHit): Assembly | undefined {
  if (hit.matched !== 'segment' || !hit.segment) return undefined;
  const ac = catalog.acByCode(acCode(hit.pc.stateCode, hit.segment.no));
  return ac?.pc === hit.pc.code ? ac : undefined;
}
