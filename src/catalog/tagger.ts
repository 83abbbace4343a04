/**
 * Seat tagging: which Lok Sabha seats (PCs) a Hindi or English text is about.
 *
 * {@link createTagger} indexes, once, every name the catalogue knows: PC names and aliases, assembly
 * segment names and aliases (a segment tags its PC), cities that span several seats, a few districts,
 * and state names. Text is split into words the way the search folds them ({@link foldText}: matras,
 * halant and nukta stay inside a word, so "हमारा" never yields "आरा"); Hindi postpositions are separate
 * words, so "हाथरस में", "हाथरस की" match "हाथरस" as it stands. At each word the longest name wins,
 * also across words written apart or joined ("थाना भवन" = थानाभवन, "Sikandra Rao").
 *
 * Names that are also ordinary words (गया "went", कोटा "quota", मंडी "market", आंवला, a person's name
 * such as मांझी) are {@link COMMON_WORDS}: they tag only with a seat context nearby (see `hasContext`).
 * A name shared by seats of several states is settled by the states the text names or its other seats
 * name; failing that, by the Hindi belt for a Devanagari word, then PC names before segment names. Still
 * undecided, two PCs of the same name are both suggested; anything vaguer is left to the editor.
 *
 * Pure and synchronous; a 2,000-character text takes well under a millisecond (bench/tagger.ts).
 */

import { acCode } from './assembly.js';
import { foldText } from './normalize.js';
import { type City, HINDI_BELT, loadCities, STATE_NICKNAMES } from './search.js';
import type { Catalog } from './types.js';

/** How a match named its seat. */
export type TagVia = 'pc' | 'segment' | 'alias' | 'city' | 'district' | 'state';

/** One name found in the text (offsets in UTF-16 code units, `end` exclusive). */
export interface TagMatch {
  text: string;
  start: number;
  end: number;
  via: TagVia;
  /** The PC it tags; absent for a state. A city or a name shared by two seats gives one match per PC. */
  pc?: string;
  /** The state, for `via: 'state'`. */
  state?: string;
}

/** An assembly segment named in the text. */
export interface TaggedSegment {
  state: string;
  no: number;
  pc: string;
  /**
   * Its code as an assembly seat of its own (`UP-A80`), which a briefing's `acs` takes; absent for the
   * placeholder segment of a PC in a territory without an assembly.
   */
  code?: string;
}

/** What a text is about: PCs and segments in the order the text first names them. */
export interface TagResult {
  pcs: string[];
  /** States meant whole ("उत्तर प्रदेश की सभी सीटों पर", "बिहार की 40 सीटों"). */
  states: string[];
  acs: TaggedSegment[];
  matches: TagMatch[];
}

/** Tags a text; callable directly or as `tagger.tag(text)`. */
export interface Tagger {
  (text: string): TagResult;
  tag(text: string): TagResult;
}

/** Texts longer than this are tagged on their first this many characters (a briefing is far shorter). */
export const MAX_TAG_LENGTH = 50_000;

/**
 * How much context an ordinary word needs before it counts as a seat:
 * - `verb`: a verb, adjective or interjection (गया "went", सीधी "straight", खैर "anyway"): any
 *   postposition right after it (गया में, गया के) makes it a noun, hence the place.
 * - `name`: a person's name, or a noun a postposition follows as often (मांझी, वैशाली, गुना "times"):
 *   only "में" or "तक" after it, or seat context.
 * - `noun`: an ordinary noun (कोटा "quota", मंडी "market", बाढ़ "flood"): only seat context.
 * Seat context, for all three: a seat word after it (सीट, लोकसभा, विधानसभा, क्षेत्र, जिले, शहर), an
 * election word after a postposition (से सांसद, में मतदान, के मतदाता), its state named just before
 * ("राजस्थान के कोटा"), or another seat of its state next to it in a list ("बरेली, आंवला और बदायूं").
 */
export type WordClass = 'verb' | 'name' | 'noun';

/**
 * Catalogue names that are also everyday Hindi or English words, found by reading the catalogue's
 * one-word names against a list of frequent words, Hindi first names and surnames. English words count
 * only when capitalised. A test checks every entry still names a seat.
 */
export const COMMON_WORDS: Readonly<Record<WordClass, readonly string[]>> = {
  verb: ['गया', 'सीधी', 'लंबी', 'खैर', 'समाना', 'लहरा', 'परसा', 'मऊ', 'बाह'],
  name: [
    'वैशाली',
    'सागर',
    'आनंद',
    'भीम',
    'शिव',
    'मांझी',
    'खन्ना',
    'गिल',
    'पायल',
    'पन्ना',
    'बीना',
    'राई',
    'बाली',
    'गौरा',
    'महुआ',
    'हसन',
    'आरा',
    'गुना',
    'धार',
    'कुंडा',
    'टांडा',
    'बारा',
    'पुरी',
    'हटा',
    'बांका',
    'नाभा',
    'भोर',
    'Vaishali',
    'Sagar',
    'Anand',
    'Bhim',
    'Sheo',
    'Manjhi',
    'Khanna',
    'Gill',
    'Payal',
    'Panna',
    'Bina',
    'Rai',
    'Bali',
    'Gaura',
    'Mahua',
    'Hassan',
    'Puri',
    'Guna',
    'Dhar',
    // English has its own words for a market or a flood, so these capitalised are the places.
    'Mandi',
    'Basti',
    'Barh',
    'Patti',
  ],
  noun: [
    'कोटा',
    'मंडी',
    'आंवला',
    'बस्ती',
    'कुर्सी',
    'बाढ़',
    'छाता',
    'पट्टी',
    'हंडिया',
    'संदेश',
    'चौपाल',
    'सुलह',
    'नाला',
    'निवास',
    'हुजूर',
    'तराना',
    'बाड़ी',
    'वैर',
    'गढ़ी',
    'जीरा',
    'अटारी',
    'जाले',
    'मधुबन',
    'पुरवा',
    'खड्डा',
    'कोल',
    'सदर',
    'नगर',
    'कटरा',
    'दून',
    'जामा',
    'पाली',
    'ढाका',
    'रीगा',
    'छर्रा',
    'बेरी',
    'आमला',
    'कसबा',
    'लोहा',
    'Man',
    'Mal',
    'Para',
    'Salt',
    'Pen',
    'Indus',
    'Ron',
    'Amber',
    'Raga',
    'Tali',
    'Una',
    'Jat',
    'Loha',
    'Nagar',
    'Sadar',
    'Doon',
    'Mao',
    'Bari',
    'Wai',
    'Nala',
    'Jama',
    'Dhaka',
    'Riga',
  ],
};

/** Ordinary compounds that put one of {@link COMMON_WORDS} in its everyday sense ("सब्जी मंडी", "ओबीसी कोटा"). */
const NOT_A_SEAT_AFTER: Readonly<Record<string, readonly string[]>> = {
  मंडी: ['सब्जी', 'अनाज', 'गल्ला', 'फल', 'कृषि', 'उपज', 'मछली', 'थोक', 'शेयर', 'सेब', 'मंडी'],
  कोटा: ['आरक्षण', 'ओबीसी', 'एससी', 'एसटी', 'ईडब्ल्यूएस', 'मंत्री', 'महिला', 'विवेकाधीन', 'खेल', 'अपने', 'अपना'],
  कुर्सी: ['की', 'मुख्यमंत्री', 'सत्ता'],
  बस्ती: ['दलित', 'झुग्गी', 'मलिन', 'कच्ची', 'आदिवासी'],
  // "दूसरी पाली में": a shift or an innings.
  पाली: ['पहली', 'दूसरी', 'तीसरी', 'अगली', 'पिछली', 'दोनों', 'एक', 'दो'],
};

/** A few districts whose name is no seat's, where every segment of the district lies in one PC. */
const DISTRICTS: readonly { names: readonly string[]; pc: string }[] = [
  // Shohratgarh, Kapilvastu, Bansi, Itwa and Domariyaganj: the district's five segments, all in Domariyaganj.
  { names: ['सिद्धार्थनगर', 'सिद्धार्थ नगर', 'Siddharthnagar', 'Siddharth Nagar'], pc: 'UP-60' },
];

/** Words right after a name that make it a seat: "गया सीट", "कोटा लोकसभा". */
const SEAT_WORDS = words(
  'सीट सीटों लोकसभा विधानसभा संसदीय निर्वाचन seat constituency lok assembly parliamentary segment',
);
/** Words right after a name that make it a place: "मंडी जिले", "कोटा शहर". */
const PLACE_WORDS = words('जिले जिला जिलों शहर district city town');
/** Place words that also follow the everyday sense of a noun ("बाढ़ क्षेत्र", flood zone): not for nouns. */
const AREA_WORDS = words('क्षेत्र इलाके इलाका');
/** "गया जी": the honorific Hindi gives the town, never the verb. */
const HONORIFIC = foldText('जी');
/** Reservation marks between a name and its seat word: "नगीना (सु) सीट". */
const RESERVATION_MARKS = words('सु सुरक्षित अजा अजजा एससी एसटी sc st');
/**
 * Postpositions of place after a noun, compared unfolded: folding makes the postposition की the
 * conjunction कि ("फैसला लिया गया कि ...").
 */
const POSTPOSITIONS: ReadonlySet<string> = new Set(['में', 'से', 'के', 'की', 'का', 'तक']);
/** Genitive postpositions: "राजस्थान के कोटा", "हिमाचल की मंडी". */
const GENITIVES: ReadonlySet<string> = new Set(['के', 'की', 'का']);
/** Election words after "X में", "X से", "X के": a place's, not a quota's or a market's. */
const ELECTION_AFTER: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    में: 'मतदान चुनाव रैली जनसभा नामांकन मतगणना प्रचार उपचुनाव',
    से: 'सांसद विधायक प्रत्याशी उम्मीदवार भाजपा कांग्रेस सपा बसपा राजद जदयू',
    के: 'सांसद विधायक प्रत्याशी उम्मीदवार मतदाता मतदाताओं मतदान जिलाधिकारी उपचुनाव',
    की: 'सीट जनता मतगणना सांसद विधायक प्रत्याशी उम्मीदवार',
    का: 'चुनाव उपचुनाव',
  }).map(([p, list]) => [p, words(list)]),
);
/** Verbs that need a destination right after a name: "कोटा पहुंचे", "मंडी रवाना". */
const MOTION_AFTER = words('पहुंचे पहुंचा पहुंची पहुंचकर पहुंचते पहुंचने रवाना जाकर');
/** English prepositions of place before a name: "in Gaya", "from Mandi". */
const ENGLISH_PLACE_BEFORE = words('in from at');
/** Words that join the items of a list: "गया, नवादा और औरंगाबाद". */
const LIST_WORDS = words('और व तथा एवं या समेत सहित and or');
/** Words that mean a whole state near its name: "उत्तर प्रदेश की सभी सीटों पर". */
const WHOLE_STATE = words(
  'सभी सारी सारे सब तमाम पूरे पूरा समूचे समूचा हर राज्यभर प्रदेशभर भर all every entire whole statewide',
);

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' ').map((w) => foldText(w)));
}

interface Candidate {
  pc: string;
  state: string;
  via: Exclude<TagVia, 'state'>;
  /** 0: PC name, alias, city or district; 1: segment; 2: segment whose Hindi name is unread transliteration. */
  rank: number;
  ac?: number;
}

interface Entry {
  candidates: Candidate[];
  /** A state this name means (its name, code-free nickname). */
  state?: string;
  cls?: WordClass;
  /** Latin-script name: the ordinary-word test needs a capital letter. */
  latin: boolean;
}

interface Token {
  start: number;
  end: number;
  folded: string;
  /** The word as written (NFC), for the few comparisons folding would blur. */
  raw: string;
  latin: boolean;
  capital: boolean;
  /** Only spaces or a hyphen between this word and the one before: a name may run on across them. */
  joins: boolean;
  /** A comma, slash, hyphen or ampersand before this word: list punctuation. */
  listSep: boolean;
  /** A full stop, danda, question mark or the like before this word. */
  sentence: boolean;
}

interface Span {
  from: number;
  to: number;
  entry: Entry;
}

const WORD = /[\p{L}\p{M}\p{N}\u200b-\u200d\u00ad\u2060]+/gu;
const LATIN_START = /^[A-Za-z]/;
const JOINING_GAP = /^[ \t\u00a0-]{1,3}$/;
const LIST_GAP = /[,/&\u2013\u2014-]/;
const SENTENCE_GAP = /[.!?।॥;:\n]/;
/** Folded words kept between calls (cleared when full: a bound, not an LRU, is all it needs). */
const FOLD_CACHE_SIZE = 20_000;
/** Most words a name runs to ("Bakshi Ka Talab", "उत्तर पश्चिमी दिल्ली"). */
const MAX_NAME_WORDS = 5;

function tokenize(text: string, fold: (word: string) => string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const folded = fold(m[0]);
    if (folded.length === 0) continue;
    const gap = text.slice(last, start);
    tokens.push({
      start,
      end: start + m[0].length,
      folded,
      raw: m[0].normalize('NFC'),
      latin: LATIN_START.test(m[0]),
      capital: /^[A-Z]/.test(m[0]),
      joins: JOINING_GAP.test(gap),
      listSep: LIST_GAP.test(gap),
      sentence: SENTENCE_GAP.test(gap),
    });
    last = start + m[0].length;
  }
  return tokens;
}

/**
 * Builds the tagger for a catalogue. `cities`: the multi-seat cities (default: the shipped list);
 * a test that builds its own catalogue slice passes its own, or none.
 */
export function createTagger(catalog: Catalog, opts: { cities?: readonly City[] } = {}): Tagger {
  const index = new Map<string, Entry>();
  const entryOf = (name: string): Entry | undefined => {
    const key = foldText(name);
    if (key.length < 2) return undefined;
    let entry = index.get(key);
    if (!entry) {
      entry = { candidates: [], latin: LATIN_START.test(name.trim()) };
      index.set(key, entry);
    }
    return entry;
  };
  const add = (name: string, candidate: Candidate): void => {
    const entry = entryOf(name);
    if (!entry) return;
    const same = entry.candidates.find((c) => c.pc === candidate.pc && c.ac === candidate.ac);
    if (!same) entry.candidates.push(candidate);
    else if (candidate.rank < same.rank) Object.assign(same, candidate);
  };

  for (const pc of catalog.pcs) {
    const base = { pc: pc.code, state: pc.stateCode };
    add(pc.nameHi, { ...base, via: 'pc', rank: 0 });
    add(pc.nameEn, { ...base, via: 'pc', rank: 0 });
    for (const alias of pc.aliases) add(alias, { ...base, via: 'alias', rank: 0 });
    for (const s of pc.segments) {
      const seg = { ...base, via: 'segment' as const, ac: s.no };
      add(s.nameHi, { ...seg, rank: s.nameHiSource === 'translit' ? 2 : 1 });
      add(s.nameEn, { ...seg, rank: 1 });
      for (const alias of s.aliases) add(alias, { ...seg, rank: 1 });
    }
  }
  for (const d of DISTRICTS) {
    const pc = catalog.byCode(d.pc);
    if (pc) for (const n of d.names) add(n, { pc: pc.code, state: pc.stateCode, via: 'district', rank: 0 });
  }
  // A city is its seats only where no seat carries the name itself (लखनऊ is Lucknow, प्रयागराज Allahabad).
  for (const city of opts.cities ?? loadCities()) {
    const pcs = city.pcs.map((code) => catalog.byCode(code));
    for (const name of [city.nameHi, city.nameEn, ...city.aliases]) {
      const existing = index.get(foldText(name));
      if (existing?.candidates.some((c) => c.rank === 0)) continue;
      for (const pc of pcs) if (pc) add(name, { pc: pc.code, state: pc.stateCode, via: 'city', rank: 0 });
    }
  }
  const stateNames: [string, string][] = catalog.states.flatMap((s) => [
    [s.nameHi, s.code] as [string, string],
    [s.nameEn, s.code] as [string, string],
  ]);
  stateNames.push(...Object.entries(STATE_NICKNAMES).filter(([, code]) => catalog.state(code)));
  for (const [name, code] of stateNames) {
    const entry = entryOf(name);
    if (!entry) continue;
    entry.state = code;
    // A state of one seat is that seat (सिक्किम, लद्दाख); a bigger one's name is not a seat (दिल्ली).
    const seats = catalog.pcsOfState(code);
    entry.candidates =
      seats.length === 1 && seats[0] ? [{ pc: seats[0].code, state: code, via: 'pc', rank: 0 }] : [];
  }
  for (const [cls, list] of Object.entries(COMMON_WORDS) as [WordClass, readonly string[]][]) {
    for (const w of list) {
      const entry = index.get(foldText(w));
      if (entry) entry.cls = cls;
    }
  }
  const notAfter = new Map(
    Object.entries(NOT_A_SEAT_AFTER).map(([w, list]) => [foldText(w), new Set(list.map((x) => foldText(x)))]),
  );

  // News repeats its words; folding (NFD and a few regular expressions) is a third of the work.
  const folds = new Map<string, string>();
  const fold = (word: string): string => {
    let folded = folds.get(word);
    if (folded === undefined) {
      folded = foldText(word);
      if (folds.size >= FOLD_CACHE_SIZE) folds.clear();
      folds.set(word, folded);
    }
    return folded;
  };

  const tag = (input: string): TagResult => {
    const text = input.length > MAX_TAG_LENGTH ? input.slice(0, MAX_TAG_LENGTH) : input;
    const tokens = tokenize(text, fold);
    const spans = findSpans(tokens, index);

    // States the text names, and those of its seats that need no context and name one state.
    const named = new Set<string>();
    for (const span of spans) {
      if (span.entry.state) named.add(span.entry.state);
      else if (!span.entry.cls) {
        const states = new Set(
          narrow(span.entry.candidates, new Set(), isDevanagariSpan(span, tokens)).map((c) => c.state),
        );
        if (states.size === 1) for (const s of states) named.add(s);
      }
    }

    const chosen = new Map<Span, Candidate[]>();
    /**
     * "गया के मानपुर": a segment name of another state right after a seat and a genitive is a locality
     * of that seat (a village or block), not the far-away segment.
     */
    const isLocality = (span: Span, picked: readonly Candidate[]): boolean => {
      if (!picked.every((c) => c.via === 'segment')) return false;
      const gen = tokens[span.from - 1];
      if (!gen || !GENITIVES.has(gen.raw) || tokens[span.from]?.sentence || gen.sentence) return false;
      const owner = spans.find((s) => s.to === span.from - 1);
      const ownerStates = owner ? new Set(chosen.get(owner)?.map((c) => c.state)) : new Set<string>();
      return ownerStates.size > 0 && !picked.some((c) => ownerStates.has(c.state));
    };
    const decide = (span: Span, taggedPcs?: ReadonlySet<string>): void => {
      if (span.entry.candidates.length === 0) return;
      const picked = narrow(span.entry.candidates, named, isDevanagariSpan(span, tokens), taggedPcs);
      if (picked.length === 0) return;
      const pcs = new Set(picked.map((c) => c.pc));
      const allCity = picked.every((c) => c.via === 'city');
      const rankZero = picked.every((c) => c.rank === 0);
      if (pcs.size === 1 || allCity || (rankZero && pcs.size === 2)) chosen.set(span, picked);
    };
    // Plain names first, so that an ordinary word can lean on a seat listed next to it.
    for (const span of spans) if (!span.entry.cls) decide(span);
    for (const span of spans) {
      const cls = span.entry.cls;
      if (cls && hasContext(span, cls, tokens, spans, chosen, notAfter)) decide(span);
    }
    // A name several seats share, read again against the PCs the rest of the text tags.
    const onePc = (span: Span): string | undefined => {
      const pcs = new Set(chosen.get(span)?.map((c) => c.pc));
      return pcs.size === 1 ? [...pcs][0] : undefined;
    };
    const tagged = new Map<string, number>();
    for (const span of chosen.keys()) {
      const pc = onePc(span);
      if (pc) tagged.set(pc, (tagged.get(pc) ?? 0) + 1);
    }
    for (const span of spans) {
      if (span.entry.cls || new Set(span.entry.candidates.map((c) => c.pc)).size < 2) continue;
      const own = onePc(span);
      const others = new Set([...tagged].filter(([pc, n]) => n > (pc === own ? 1 : 0)).map(([pc]) => pc));
      if (others.size === 0) continue;
      chosen.delete(span);
      decide(span, others);
    }
    // Once every seat is settled, a locality after one of them can be recognised as such.
    for (const span of spans) {
      const picked = chosen.get(span);
      if (picked && isLocality(span, picked)) chosen.delete(span);
    }

    const result: TagResult = { pcs: [], states: [], acs: [], matches: [] };
    for (const span of spans) {
      const first = tokens[span.from];
      const last = tokens[span.to - 1];
      if (!first || !last) continue;
      const at = { text: text.slice(first.start, last.end), start: first.start, end: last.end };
      const picked = chosen.get(span);
      if (picked) {
        const assembly = tokens[span.to]?.folded === ASSEMBLY;
        for (const pc of new Set(picked.map((c) => c.pc))) {
          const forPc = picked.filter((c) => c.pc === pc);
          // A segment that carries its PC's name is the PC, unless the text says "विधानसभा".
          const segment = span.entry.candidates.find((c) => c.pc === pc && c.via === 'segment');
          const best = assembly && segment ? segment : (forPc.find((c) => c.via !== 'segment') ?? segment);
          if (!best) continue;
          result.matches.push({ ...at, via: best.via, pc });
          if (!result.pcs.includes(pc)) result.pcs.push(pc);
          if (best.via === 'segment' && best.ac !== undefined) {
            const ac = best.ac;
            if (!result.acs.some((a) => a.state === best.state && a.no === ac)) {
              const code = catalog.acByCode(acCode(best.state, ac))?.code;
              result.acs.push({ state: best.state, no: ac, pc, ...(code ? { code } : {}) });
            }
          }
        }
      } else if (span.entry.state && wholeState(span, tokens, spans, catalog)) {
        result.matches.push({ ...at, via: 'state', state: span.entry.state });
        if (!result.states.includes(span.entry.state)) result.states.push(span.entry.state);
      }
    }
    return result;
  };
  return Object.assign(tag, { tag });
}

const ASSEMBLY = foldText('विधानसभा');

/** Longest name at each word, left to right; a name may run across words joined by spaces or hyphens. */
function findSpans(tokens: readonly Token[], index: ReadonlyMap<string, Entry>): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < tokens.length) {
    let found: Span | undefined;
    let key = '';
    const keys: string[] = [];
    for (let j = i; j < tokens.length && j < i + MAX_NAME_WORDS; j++) {
      const t = tokens[j];
      if (!t || (j > i && !t.joins)) break;
      key += t.folded;
      keys.push(key);
    }
    for (let k = keys.length; k >= 1 && !found; k--) {
      const entry = index.get(keys[k - 1] ?? '');
      if (!entry) continue;
      const first = tokens[i];
      // An English word that is also a name counts only when written as a name.
      if (entry.cls && entry.latin && !first?.capital) continue;
      found = { from: i, to: i + k, entry };
    }
    if (found) {
      spans.push(found);
      i = found.to;
    } else {
      i++;
    }
  }
  return spans;
}

function isDevanagariSpan(span: Span, tokens: readonly Token[]): boolean {
  return !tokens[span.from]?.latin;
}

/**
 * The candidates a name most likely means: those in the states the text names (if any are), then
 * those of the PCs its other names tag (टांडा और अकबरपुर: Akbarpur the segment of Ambedkar Nagar,
 * not the PC of that name), then those of the best rank (a PC's own name before a segment's); for a Devanagari word, those in the
 * Hindi belt. A Hindi word whose best candidates all lie outside the Hindi belt while a lesser one
 * lies inside (लखीमपुर: a PC in Assam, a segment in UP) is left undecided: both readings are common.
 */
function narrow(
  candidates: readonly Candidate[],
  states: ReadonlySet<string>,
  devanagari: boolean,
  pcs: ReadonlySet<string> = new Set(),
): Candidate[] {
  let c: readonly Candidate[] = candidates;
  const inStates = c.filter((x) => states.has(x.state));
  if (inStates.length > 0) c = inStates;
  const inPcs = c.filter((x) => pcs.has(x.pc));
  if (inPcs.length > 0) c = inPcs;
  const rank = Math.min(...c.map((x) => x.rank));
  const best = c.filter((x) => x.rank === rank);
  if (!devanagari) return best;
  const belt = best.filter((x) => HINDI_BELT.has(x.state));
  if (belt.length > 0) return belt;
  return c.some((x) => HINDI_BELT.has(x.state)) ? [] : best;
}

/** Seat context around an ordinary word (see {@link WordClass}). */
function hasContext(
  span: Span,
  cls: WordClass,
  tokens: readonly Token[],
  spans: readonly Span[],
  chosen: ReadonlyMap<Span, Candidate[]>,
  notAfter: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  const word = tokens
    .slice(span.from, span.to)
    .map((t) => t.folded)
    .join('');
  const after = (k: number): Token | undefined => {
    const t = tokens[span.to + k];
    // Context stops at the end of a sentence.
    for (let i = span.to; i <= span.to + k; i++) if (tokens[i]?.sentence) return undefined;
    return t;
  };
  const prev = tokens[span.from - 1];
  const sameSentenceBefore = tokens[span.from]?.sentence ? undefined : prev;
  const states = new Set(span.entry.candidates.map((c) => c.state));

  let k = 0;
  if (RESERVATION_MARKS.has(after(0)?.folded ?? '')) k = 1;
  const marked = after(k)?.folded ?? '';
  if (SEAT_WORDS.has(marked) || PLACE_WORDS.has(marked)) return true;
  if (cls !== 'noun' && AREA_WORDS.has(marked)) return true;

  const everyday =
    sameSentenceBefore !== undefined && notAfter.get(word)?.has(sameSentenceBefore.folded) === true;
  const next = after(0)?.raw ?? '';
  const afterNext = after(1)?.folded ?? '';
  if (!everyday && ELECTION_AFTER.get(next)?.has(afterNext)) return true;
  if (!everyday && MOTION_AFTER.has(after(0)?.folded ?? '')) return true;
  if (cls === 'verb' && after(0)?.folded === HONORIFIC) return true;
  if (!everyday && POSTPOSITIONS.has(next)) {
    // "पूरी की पूरी": a word repeated around a postposition is the everyday word.
    const repeated = afterNext === word;
    if (cls === 'verb' && !repeated) return true;
    if (cls === 'name' && (next === 'में' || next === 'तक')) return true;
  }
  if (span.entry.latin && cls !== 'noun' && ENGLISH_PLACE_BEFORE.has(sameSentenceBefore?.folded ?? ''))
    return true;

  // "राजस्थान के कोटा में", "हिमाचल की मंडी सीट": the seat's state just before.
  if (sameSentenceBefore && GENITIVES.has(sameSentenceBefore.raw)) {
    const stateSpan = spans.find((s) => s.to === span.from - 1);
    if (stateSpan?.entry.state && states.has(stateSpan.entry.state)) return true;
  }

  // "बरेली, आंवला और बदायूं": next to another seat of the same state in a list.
  const idx = spans.indexOf(span);
  const neighbours = [spans[idx - 1], spans[idx + 1]];
  for (const other of neighbours) {
    if (!other) continue;
    const picked = chosen.get(other);
    if (!picked?.some((c) => states.has(c.state))) continue;
    const [a, b] = other.to <= span.from ? [other, span] : [span, other];
    if (listed(a, b, tokens)) return true;
  }
  return false;
}

/** True when span `a` and the later span `b` are items of one list: "a, b", "a और b", "a-b", "a, c और b" no. */
function listed(a: Span, b: Span, tokens: readonly Token[]): boolean {
  const gap = b.from - a.to;
  const first = tokens[b.from];
  if (!first || first.sentence) return false;
  if (gap === 0) return first.listSep;
  if (gap === 1) {
    const mid = tokens[a.to];
    return mid !== undefined && LIST_WORDS.has(mid.folded) && !mid.sentence;
  }
  return false;
}

/** A state name meant whole: a whole-state word near it, or its exact number of seats, with no seat between. */
function wholeState(span: Span, tokens: readonly Token[], spans: readonly Span[], catalog: Catalog): boolean {
  const code = span.entry.state;
  if (!code) return false;
  const seats = String(catalog.pcsOfState(code).length);
  const seatAt = new Set<number>();
  for (const s of spans)
    if (s !== span && s.entry.candidates.length > 0) for (let i = s.from; i < s.to; i++) seatAt.add(i);
  const cue = (i: number): boolean => {
    const t = tokens[i]?.folded ?? '';
    return WHOLE_STATE.has(t) || t === seats;
  };
  for (let i = span.from - 1; i >= Math.max(0, span.from - 2); i--) {
    if (seatAt.has(i) || tokens[i + 1]?.sentence) break;
    if (cue(i)) return true;
  }
  for (let i = span.to; i < Math.min(tokens.length, span.to + 5); i++) {
    if (seatAt.has(i) || tokens[i]?.sentence) break;
    if (cue(i)) return true;
  }
  return false;
}
