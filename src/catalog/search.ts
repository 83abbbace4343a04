/**
 * Constituency search: Devanagari or Latin, names, aliases, assembly segments, PC codes, typos.
 *
 * Everything is precomputed by {@link createSearch}; a query folds its text once, then tries, in order:
 * a PC code (`UP-16`, `up16`, `pc_UP-16`); exact folded text (name > alias > segment); exact phonetic
 * key (cross-script and spelling variants); and, only when nothing matched exactly, prefixes and a
 * bounded edit distance on folded text and on keys (length buckets + bit-parallel Levenshtein).
 * Each PC keeps its best hit; the ranked hits become a {@link SearchResult}.
 */
import { analyze, analyzeTokens, foldText, isDevanagari, type Token, tokenize } from './normalize.js';
import type { Catalog, Constituency } from './types.js';

/** One constituency found by a search. */
export interface SearchHit {
  pc: Constituency;
  /** 0..1, higher is better; exact matches score 0.8 and above. */
  score: number;
  matched: 'code' | 'name' | 'alias' | 'segment' | 'fuzzy';
  /** The alias or segment name that matched (for `fuzzy`, whatever text matched). */
  via?: string;
}

/** What a search found, shaped by what the caller should do next. */
export type SearchResult =
  /** Nothing good; the closest few as suggestions (may be empty). */
  | { kind: 'none'; suggestions: SearchHit[] }
  /** A single confident match. */
  | { kind: 'one'; hit: SearchHit }
  /** The same name in several states (Aurangabad BR/MH), or an exact tie: ask which one. */
  | { kind: 'ambiguous'; hits: SearchHit[] }
  /** Several plausible matches, best first. */
  | { kind: 'many'; hits: SearchHit[] };

export interface SearchOptions {
  /** Most hits returned in `many`, `ambiguous` and `none` (default 5, at most 50). */
  limit?: number;
}

export type Search = (query: string, opts?: SearchOptions) => SearchResult;

/** Longer queries are answered `none` without any work. */
export const MAX_QUERY_LENGTH = 100;

/** Scores at or above this come from an exact code, text or phonetic-key match. */
export const EXACT_SCORE = 0.8;

type Kind = 'name' | 'alias' | 'segment';

const EXACT_TEXT: Record<Kind, number> = { name: 1, alias: 0.97, segment: 0.94 };
const EXACT_KEY: Record<Kind, number> = { name: 0.9, alias: 0.88, segment: 0.86 };
const FUZZY_WEIGHT: Record<Kind, number> = { name: 1, alias: 0.98, segment: 0.95 };
const MATCH_RANK: Record<SearchHit['matched'], number> = { code: 0, name: 1, alias: 2, segment: 3, fuzzy: 4 };

/** Old ISO 3166-2:IN codes (before 2023-11-23) people and old links still use. */
const LEGACY_STATE_CODES: Record<string, string> = { CT: 'CG', OR: 'OD', TG: 'TS', UT: 'UK' };
const CODE_QUERY = /^(?:pc[\s_-]*)?([a-z]{2})[\s._-]*0*([1-9]\d?)$/;

/** Words that say "constituency" rather than which one; dropped when other words remain. */
const STOP_WORDS = [
  'lok',
  'sabha',
  'loksabha',
  'seat',
  'constituency',
  'pc',
  'election',
  'chunav',
  'लोकसभा',
  'लोक',
  'सभा',
  'सीट',
  'क्षेत्र',
  'निर्वाचन',
  'संसदीय',
  'चुनाव',
];
/** Everyday names of states beyond their official English and Hindi names and ISO codes. */
const STATE_NICKNAMES: Record<string, string> = {
  bengal: 'WB',
  बंगाल: 'WB',
  orissa: 'OD',
  उड़ीसा: 'OD',
  यूपी: 'UP',
  एमपी: 'MP',
  pondicherry: 'PY',
  uttaranchal: 'UK',
  'jammu kashmir': 'JK',
  kashmir: 'JK',
};

interface Entry {
  pc: number;
  kind: Kind;
  text: string;
  folded: string;
  loose: string;
  devanagari: boolean;
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
/** Score lost per unit of spread, so the closer spelling wins among same-key matches. */
const KEY_SPREAD_PENALTY = 0.15;
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
function letterCount(s: string): number {
  return s.match(LETTER)?.length ?? 0;
}

/** A phonetic key is only trusted when it kept a fair share of the letters (`zzzzqqq` → `jk` is not). */
function keyIsUsable(key: string, letters: number): boolean {
  return key.length >= 3 && key.length * 3 >= letters;
}

class Hits {
  private readonly best = new Map<number, SearchHit>();

  constructor(private readonly pcs: readonly Constituency[]) {}

  add(index: number, score: number, matched: SearchHit['matched'], via?: string): void {
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
    this.best.set(index, via === undefined ? { pc, score, matched } : { pc, score, matched, via });
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
 * Builds the search over a catalogue. All indexing happens here, once at start (about 5,500 names and
 * segment names; see `npm run bench:search` for the time); each query then costs well under a
 * millisecond.
 */
export function createSearch(catalog: Catalog): Search {
  const pcs = catalog.pcs;
  const order = new Map(pcs.map((pc, i) => [pc, i]));
  /** PCs with the same folded English name are "the same name in several states". */
  const sameName = new Map(pcs.map((pc) => [pc, foldText(pc.nameEn)]));
  const byText = new Map<string, Entry[]>();
  const byKey = new Map<string, Entry[]>();
  const latinPool = new LengthPool();
  const devanagariPool = new LengthPool();
  const keyPool = new LengthPool();
  /** Folded names and their word-start suffixes, for prefix lookups ("bangalore" → 4 PCs). */
  const prefixMap = new Map<string, { full: number; whole: boolean; entry: Entry }[]>();
  const nameWords = new Set<string>();
  const lev = new Levenshtein();
  const looseLev = new Levenshtein();

  const push = (map: Map<string, Entry[]>, k: string, entry: Entry): void => {
    const list = map.get(k);
    if (list) list.push(entry);
    else map.set(k, [entry]);
  };
  const index = (pc: number, kind: Kind, text: string): void => {
    const { tokens, folded, key, loose } = analyze(text);
    if (!folded) return;
    const devanagari = isDevanagari(folded);
    const entry: Entry = { pc, kind, text, folded, loose, devanagari };
    push(byText, folded, entry);
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
      index(i, 'segment', seg.nameEn);
      if (seg.nameHi) index(i, 'segment', seg.nameHi);
    }
  });
  latinPool.seal();
  devanagariPool.seal();
  keyPool.seal();
  // Default sort compares strings by UTF-16 units, as the binary search below does.
  const prefixes = [...prefixMap.keys()].sort();

  const stopWords = new Set(STOP_WORDS.map(foldText).filter((w) => !nameWords.has(w)));
  const stateWords = new Map<string, string>();
  for (const state of catalog.states) {
    stateWords.set(foldText(state.nameEn), state.code);
    stateWords.set(foldText(state.nameHi), state.code);
    stateWords.set(state.code.toLowerCase(), state.code);
  }
  for (const [legacy, code] of Object.entries(LEGACY_STATE_CODES)) stateWords.set(legacy.toLowerCase(), code);
  for (const [nick, code] of Object.entries(STATE_NICKNAMES)) stateWords.set(foldText(nick), code);

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
    const letters = letterCount(folded);
    const keyOk = keyIsUsable(key, letters);
    const extra = relaxed ? 1 : 0;

    let exact = false;
    let exactText = false;
    for (const entry of relaxed ? [] : (byText.get(folded) ?? [])) {
      if (!allowed(entry)) continue;
      exact = true;
      exactText = true;
      hits.add(entry.pc, EXACT_TEXT[entry.kind], entry.kind, entry.kind === 'name' ? undefined : entry.text);
    }
    const keyed = keyOk && !relaxed ? byKey.get(key) : undefined;
    if (keyed) {
      const devanagari = isDevanagari(folded);
      looseLev.setPattern(loose);
      lev.setPattern(folded);
      for (const entry of keyed) {
        if (!allowed(entry)) continue;
        // Same skeleton; the vowels and spelling decide between a real match and a chance collision.
        const longest = Math.max(loose.length, entry.loose.length, 1);
        let spread = looseLev.distance(entry.loose, longest) / longest;
        if (devanagari === entry.devanagari) {
          const length = Math.max(folded.length, entry.folded.length, 1);
          spread = Math.min(spread, lev.distance(entry.folded, length) / length);
        }
        if (spread <= MAX_KEY_SPREAD) {
          exact = true;
          const score = EXACT_KEY[entry.kind] - KEY_SPREAD_PENALTY * spread;
          hits.add(entry.pc, score, entry.kind, entry.kind === 'name' ? undefined : entry.text);
        } else {
          hits.add(entry.pc, 0.7 * (1 - spread) * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry.text);
        }
      }
    }
    if (exact && !exactText && folded.length >= 4) {
      // Only a phonetic match: if the text is also one edit from another PC's name (कानकुर: Kanker by
      // sound, कानपुर by spelling), the reader may mean either; `decide` then asks.
      (isDevanagari(folded) ? devanagariPool : latinPool).scan(folded, 1, lev, (item, d) => {
        const score = 0.78 * (1 - d / Math.max(folded.length, item.s.length));
        for (const entry of item.entries) {
          if (allowed(entry)) hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry.text);
        }
      });
    }
    if (exact) return hits;

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
          const score = (0.55 + 0.2 * (folded.length / p.full)) * FUZZY_WEIGHT[p.entry.kind];
          hits.add(p.entry.pc, score, 'fuzzy', p.entry.text);
        }
      }
    }
    // Typos, on folded text in the query's script (one edit more when looking for suggestions).
    const maxText = maxTextEdits(folded.length) + (folded.length >= 4 && folded.length <= 12 ? extra : 0);
    if (maxText > 0) {
      const pool = isDevanagari(folded) ? devanagariPool : latinPool;
      pool.scan(folded, maxText, lev, (item, d) => {
        const score = 0.78 * (1 - d / Math.max(folded.length, item.s.length));
        for (const entry of item.entries) {
          if (allowed(entry)) hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry.text);
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
          if (allowed(entry)) hits.add(entry.pc, score * FUZZY_WEIGHT[entry.kind], 'fuzzy', entry.text);
        }
      });
    }
    return hits;
  };

  const decide = (ranked: SearchHit[], limit: number): SearchResult => {
    const top = ranked[0];
    if (!top) return { kind: 'none', suggestions: [] };
    const second = ranked[1];
    if (top.score >= EXACT_SCORE) {
      const topName = sameName.get(top.pc);
      const tied = ranked.filter(
        (h) =>
          h === top ||
          (h.score >= EXACT_SCORE &&
            (Math.abs(h.score - top.score) < 1e-9 || sameName.get(h.pc) === topName)),
      );
      if (tied.length > 1) return { kind: 'ambiguous', hits: tied.slice(0, Math.max(limit, 2)) };
      if (second && second.score >= EXACT_SCORE && top.score - second.score < 0.03) {
        return { kind: 'many', hits: ranked.slice(0, limit) };
      }
      // A phonetic match (below exact text) competing with a one-edit spelling of another PC.
      const rival =
        top.score < EXACT_TEXT.segment &&
        ranked.some((h) => h.matched === 'fuzzy' && h.pc !== top.pc && h.score >= RIVAL_FUZZY);
      if (rival) return { kind: 'many', hits: ranked.slice(0, limit) };
      return { kind: 'one', hit: top };
    }
    if (top.score >= 0.6 && (!second || top.score - second.score >= 0.08)) return { kind: 'one', hit: top };
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

  return (query: string, opts?: SearchOptions): SearchResult => {
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH || query.trim() === '') {
      return { kind: 'none', suggestions: [] };
    }
    const limit = clampLimit(opts);
    const pc = byCode(query);
    if (pc) return { kind: 'one', hit: { pc, score: 1, matched: 'code' } };

    const tokens = tokenize(query);
    if (tokens.length === 0) return { kind: 'none', suggestions: [] };
    const cleaned = clean(tokens);
    const whole = cleaned.state ? tokens.filter((t) => !stopWords.has(t.folded)) : cleaned.tokens;
    let hits = match(whole.length > 0 ? whole : tokens, undefined, false).ranked(order);
    // "Aurangabad Bihar": if the words as a whole found nothing exact, read the last word as a state.
    if (cleaned.state && (hits[0]?.score ?? 0) < EXACT_SCORE) {
      const within = match(cleaned.tokens, cleaned.state, false).ranked(order);
      if (within.length > 0) hits = within;
    }
    if (hits.length > 0) return decide(hits, limit);
    const near = match(cleaned.tokens, cleaned.state, true).ranked(order);
    return { kind: 'none', suggestions: near.slice(0, Math.min(limit, 3)) };
  };
}
