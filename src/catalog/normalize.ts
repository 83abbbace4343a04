/**
 * Text folding for constituency search, in two strengths:
 *
 * - {@link foldText} / {@link foldWords}: keeps the script, drops what people type inconsistently
 *   (case, spaces, hyphens, punctuation, Latin diacritics, Devanagari nukta, chandrabindu vs anusvara,
 *   half-nasal vs anusvara, long vs short i/u). Used for exact and edit-distance matching.
 * - {@link phoneticKey}: script-independent consonant skeleton (Devanagari is romanized first), so that
 *   `हाथरस`, `Hathras` and `Hatras` share the key `htrs`. Used to match across scripts and spellings.
 *
 * Pure functions, no state; safe on any input (emoji, RTL, lone surrogates).
 */

const DEVANAGARI = /[\u0900-\u097f]/;
const LATIN_MARKS = /[\u0300-\u036f]/g;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;
/** Half-form nasal (ङ् ञ् ण् न् म्) before a consonant is written as anusvara just as often. */
const NASAL_HALF = /[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0939])/g;

/** Character-level folds applied after NFD + lower-casing (Devanagari side). */
const CHAR_FOLD: Record<string, string> = {
  '\u093c': '', // nukta: ज़ = ज, ड़ = ड
  '\u0901': '\u0902', // chandrabindu ँ → anusvara ं
  '\u0940': '\u093f', // ी → ि
  '\u0942': '\u0941', // ू → ु
  '\u0908': '\u0907', // ई → इ
  '\u090a': '\u0909', // ऊ → उ
  '\u0949': '\u094b', // ॉ → ो
  '\u0945': '\u0947', // ॅ → े
  '\u0911': '\u0913', // ऑ → ओ
  '\u090d': '\u090f', // ऍ → ए
  '\u093d': '', // avagraha
};
for (let d = 0; d < 10; d++) CHAR_FOLD[String.fromCharCode(0x0966 + d)] = String(d);
const CHAR_FOLD_RE = new RegExp(`[${Object.keys(CHAR_FOLD).join('')}]`, 'g');

/** True when the text holds at least one Devanagari character. */
export function isDevanagari(text: string): boolean {
  return DEVANAGARI.test(text);
}

/** Invisible format characters that must not split a word: ZWSP, ZWNJ, ZWJ, soft hyphen, word joiner, BOM. */
const INVISIBLE = /[\u200b-\u200d\u00ad\u2060\ufeff]/g;

/** NFD, lower case, Latin diacritics removed, `&` spelled out; nukta kept (the romanizer needs it). */
function prepare(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(LATIN_MARKS, '')
    .replace(INVISIBLE, '')
    .replace(/&/g, ' and ');
}

function foldWord(prepared: string): string {
  return prepared.replace(NASAL_HALF, '\u0902').replace(CHAR_FOLD_RE, (c) => CHAR_FOLD[c] ?? '');
}

/** A word of a query or name: `raw` is NFD + lower case (what {@link phoneticKey} needs), `folded` as in {@link foldWords}. */
export interface Token {
  raw: string;
  folded: string;
}

/** Printable ASCII only (anything else, tabs included, takes the general path). */
const ASCII = /^[\x20-\x7e]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/;

/** Splits text into words, each in its raw and folded form; words that fold to nothing are dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  if (ASCII.test(text)) {
    // Most names: nothing to decompose or fold beyond case (same result as the general path).
    for (const word of text.toLowerCase().replace(/&/g, ' and ').split(ASCII_SEPARATORS)) {
      if (word.length > 0) tokens.push({ raw: word, folded: word });
    }
    return tokens;
  }
  for (const raw of prepare(text).split(SEPARATORS)) {
    const folded = foldWord(raw);
    if (folded.length > 0) tokens.push({ raw, folded });
  }
  return tokens;
}

/**
 * The folded words of `text`, script kept: `"Sikandra-Rao"` → `["sikandra", "rao"]`,
 * `"गाज़ीपुर"` → `["गाजिपुर"]`.
 */
export function foldWords(text: string): string[] {
  return tokenize(text).map((t) => t.folded);
}

/** {@link foldWords} joined without separators: the form compared for exact and fuzzy matches. */
export function foldText(text: string): string {
  return foldWords(text).join('');
}

// --- Devanagari → Latin (a simple, lossy scheme; only feeds phoneticKey) ---

const CONSONANTS: Record<string, string> = {
  क: 'k',
  ख: 'kh',
  ग: 'g',
  घ: 'gh',
  ङ: 'n',
  च: 'ch',
  छ: 'chh',
  ज: 'j',
  झ: 'jh',
  ञ: 'n',
  ट: 't',
  ठ: 'th',
  ड: 'd',
  ढ: 'dh',
  ण: 'n',
  त: 't',
  थ: 'th',
  द: 'd',
  ध: 'dh',
  न: 'n',
  प: 'p',
  फ: 'ph',
  ब: 'b',
  भ: 'bh',
  म: 'm',
  य: 'y',
  र: 'r',
  ल: 'l',
  ळ: 'l',
  व: 'v',
  श: 'sh',
  ष: 'sh',
  स: 's',
  ह: 'h',
};
/** Consonant + nukta: ड़ is an r sound (Udalguri, Chandigarh), ष़ is Malayalam zh (Kozhikode). */
const NUKTA_CONSONANTS: Record<string, string> = {
  क: 'q',
  ख: 'kh',
  ग: 'g',
  ज: 'z',
  ड: 'r',
  ढ: 'rh',
  फ: 'f',
  न: 'n',
  र: 'r',
  ल: 'l',
  य: 'y',
  ष: 'zh',
};
const VOWELS: Record<string, string> = {
  अ: 'a',
  आ: 'aa',
  इ: 'i',
  ई: 'ii',
  उ: 'u',
  ऊ: 'uu',
  ऋ: 'ri',
  ॠ: 'ri',
  ऌ: 'li',
  ऍ: 'e',
  ऎ: 'e',
  ए: 'e',
  ऐ: 'ai',
  ऑ: 'o',
  ऒ: 'o',
  ओ: 'o',
  औ: 'au',
};
const MATRAS: Record<string, string> = {
  'ा': 'aa',
  'ि': 'i',
  'ी': 'ii',
  'ु': 'u',
  'ू': 'uu',
  'ृ': 'ri',
  'ॄ': 'ri',
  'ॅ': 'e',
  'ॆ': 'e',
  'े': 'e',
  'ै': 'ai',
  'ॉ': 'o',
  'ॊ': 'o',
  'ो': 'o',
  'ौ': 'au',
};
const NUKTA = '\u093c';
const VIRAMA = '\u094d';
const ANUSVARA = '\u0902';
const CHANDRABINDU = '\u0901';
const VISARGA = '\u0903';

/** Lookup tables indexed by `charCode - 0x0900`, built once from the records above. */
const DEVA_CONSONANT: (string | undefined)[] = [];
const DEVA_NUKTA: (string | undefined)[] = [];
const DEVA_VOWEL: (string | undefined)[] = [];
const DEVA_MATRA: boolean[] = [];
for (const [c, v] of Object.entries(CONSONANTS)) DEVA_CONSONANT[c.charCodeAt(0) - 0x0900] = v;
for (const [c, v] of Object.entries(NUKTA_CONSONANTS)) DEVA_NUKTA[c.charCodeAt(0) - 0x0900] = v;
for (const [c, v] of Object.entries(VOWELS)) DEVA_VOWEL[c.charCodeAt(0) - 0x0900] = v;
for (const [c, v] of Object.entries(MATRAS)) {
  DEVA_VOWEL[c.charCodeAt(0) - 0x0900] = v;
  DEVA_MATRA[c.charCodeAt(0) - 0x0900] = true;
}
DEVA_VOWEL[ANUSVARA.charCodeAt(0) - 0x0900] = 'n';
DEVA_VOWEL[CHANDRABINDU.charCodeAt(0) - 0x0900] = 'n';
DEVA_VOWEL[VISARGA.charCodeAt(0) - 0x0900] = 'h';
const NUKTA_CODE = NUKTA.charCodeAt(0);
const JA = 'ज'.charCodeAt(0);
const NYA = 'ञ'.charCodeAt(0);
const VIRAMA_CODE = VIRAMA.charCodeAt(0);

interface Syllable {
  /** Romanized consonant (cluster member), or '' for an independent vowel. */
  c: string;
  /** Romanized vowel; '' after a virama; 'a' for the inherent vowel when `inherent`. */
  v: string;
  inherent: boolean;
  /** Anusvara, chandrabindu or visarga after the vowel, romanized. */
  tail: string;
}

/**
 * Hindi schwa deletion, the usual heuristic: scanning right to left, an inherent `a` goes at the end
 * of a word, and between a vowel-consonant and a consonant-vowel (`VC_CV`), unless nasalised. So
 * `हाथरस` is `haathras` not `haatharasa`, and `श्रीरामपुर` is `shriiraampur`, as people spell them.
 */
function deleteSchwas(syllables: Syllable[]): void {
  const hasVowel = (s: Syllable | undefined): boolean => s !== undefined && s.v !== '';
  for (let i = syllables.length - 1; i >= 1; i--) {
    const s = syllables[i];
    if (!s?.inherent || s.tail !== '' || s.c === '') continue;
    const next = syllables[i + 1];
    const isLast = next === undefined;
    if (isLast || (hasVowel(syllables[i - 1]) && next.c !== '' && hasVowel(next))) {
      s.v = '';
      s.inherent = false;
    }
  }
}

/**
 * Romanizes one prepared (NFD, lower-case) word: Devanagari letters to a plain Latin scheme, with the
 * inherent vowel where Hindi pronounces it (see `deleteSchwas`); Latin letters and digits pass
 * through; anything else is dropped. `हाथरस` → `haathras`.
 */
export function romanize(word: string): string {
  let out = '';
  let syllables: Syllable[] = [];
  const flush = (): void => {
    if (syllables.length === 0) return;
    deleteSchwas(syllables);
    for (const s of syllables) out += s.c + s.v + s.tail;
    syllables = [];
  };
  const n = word.length;
  for (let i = 0; i < n; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x0900 && code <= 0x097f) {
      const at = code - 0x0900;
      const consonant = DEVA_CONSONANT[at];
      const last = syllables[syllables.length - 1];
      if (consonant !== undefined) {
        let j = i + 1;
        let value = consonant;
        if (word.charCodeAt(j) === NUKTA_CODE) {
          value = DEVA_NUKTA[at] ?? consonant;
          j++;
        } else if (code === JA && word.charCodeAt(j) === VIRAMA_CODE && word.charCodeAt(j + 1) === NYA) {
          // ज्ञ is said, and spelt in English, "gy": ज्ञानपुर, Gyanpur.
          value = 'gy';
          j += 2;
        }
        const syllable: Syllable = { c: value, v: 'a', inherent: true, tail: '' };
        if (j < n && word.charCodeAt(j) === VIRAMA_CODE) {
          syllable.v = '';
          syllable.inherent = false;
          j++;
        }
        syllables.push(syllable);
        i = j - 1;
      } else if (DEVA_MATRA[at] && last?.inherent) {
        last.v = DEVA_VOWEL[at] ?? '';
        last.inherent = false;
      } else if (code === 0x0901 || code === 0x0902 || code === 0x0903) {
        if (last) last.tail += DEVA_VOWEL[at] ?? '';
        else out += DEVA_VOWEL[at] ?? '';
      } else if (code >= 0x0966 && code <= 0x096f) {
        flush();
        out += String(code - 0x0966);
      } else {
        const vowel = DEVA_VOWEL[at];
        if (vowel !== undefined) syllables.push({ c: '', v: vowel, inherent: false, tail: '' });
      }
    } else if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      flush();
      out += word[i];
    }
  }
  flush();
  return out;
}

const VOWEL_CODES = new Set([0x61, 0x65, 0x69, 0x6f, 0x75]);

/**
 * Folds what Latin spellings of Indian names vary on, keeping vowels: aspiration (kh→k, th→t, bh→b),
 * sh/s, z/j, ph/f, q/k, c/k (but ch→c), x→ks, v/w/b, y (dropped inside a word, j at its start), h
 * (kept only word-initially) and doubled letters. `Ghazipur` → `gajipur`, `chharra` → `cara`. Two
 * English habits for Hindi sounds are undone first: "eo" before a consonant is देव/शिव's v (Deoghar,
 * देवघर; Seoni, सिवनी), and a word ending in a vowel + y is the diphthong ai (सराय, Sarai); and the
 * village ending गांव (romanized "gaanv") is the English "gaon" (Kahalgaon, कहलगांव).
 */
function foldSpelling(word: string): string {
  let w = word;
  if (w.includes('eo')) w = w.replace(/eo(?=[^aeiou])/g, 'ev');
  if (w.endsWith('y')) w = w.replace(/(?<=[aeiou])y$/, 'i');
  if (w.endsWith('nv')) w = w.replace(/a+nv$/, 'aon');
  let out = '';
  let last = '';
  const emit = (ch: string): void => {
    if (ch !== last) {
      out += ch;
      last = ch;
    }
  };
  for (let i = 0; i < w.length; i++) {
    const c = w[i] ?? '';
    const next = w[i + 1];
    switch (c) {
      case 'x':
        emit('k');
        emit('s');
        break;
      case 'q':
        emit('k');
        break;
      case 'z':
        emit('j');
        break;
      case 'p':
        if (next === 'h') {
          emit('f');
          i++;
        } else emit('p');
        break;
      case 'c':
        if (next === 'h') {
          emit('c');
          i++;
        } else emit('k');
        break;
      case 'v':
      case 'w':
        emit('b');
        break;
      case 'y':
        if (i === 0) emit('j');
        break;
      case 'h':
        if (i === 0) emit('h');
        break;
      default:
        emit(c);
    }
  }
  return out;
}

/**
 * Consonant skeleton of a spelling-folded word: a nasal before a labial becomes n, vowels go, except
 * that a word starting with a vowel keeps an `a` marker.
 */
function skeleton(folded: string): string {
  if (folded.length === 0) return '';
  let out = VOWEL_CODES.has(folded.charCodeAt(0)) ? 'a' : (folded[0] ?? '');
  for (let i = 1; i < folded.length; i++) {
    const code = folded.charCodeAt(i);
    if (VOWEL_CODES.has(code)) continue;
    if (code === 0x6d) {
      const next = folded[i + 1];
      out += next === 'b' || next === 'p' || next === 'f' ? 'n' : 'm';
    } else {
      out += folded[i];
    }
  }
  return out;
}

/**
 * Vowel spellings that differ between Hindi and English for the same sound: `au`/`o` (इन्दौर, Indore),
 * `ai`/`e` (मैनपुरी, Mainpuri), and the silent final `e` of English (Indore, Pune).
 */
function loosenVowels(spelled: string): string {
  return spelled
    .replace(/(?<=[^aeiou])e$/, '')
    .replace(/au/g, 'o')
    .replace(/ai/g, 'e');
}

// --- Type words: the part of a segment's name that says which part of a city or district it is ---

/**
 * Words that qualify a place name ("Lucknow Central", "उदयपुर ग्रामीण", "Jabalpur Purba", "आगरा
 * छावनी"), grouped by meaning. Within a name of two or more words, each stands in the phonetic key and
 * the loose form as one capital letter (`C` for मध्य, Central and Madhya alike), so a Hindi query meets
 * an English name however either spells the qualifier. `nagar`/`नगर` is not among them: it is as often
 * part of the name itself (Ashok Nagar, अशोकनगर); {@link typeWordOf} leaves it to the search.
 */
const TYPE_WORD_GROUPS: Record<string, readonly string[]> = {
  N: ['north', 'uttar', 'uttara', 'उत्तर', 'उत्तरी', 'नॉर्थ', 'नार्थ'],
  S: ['south', 'dakshin', 'dakshina', 'दक्षिण', 'दक्षिणी', 'साउथ'],
  E: ['east', 'purba', 'purva', 'purv', 'purvi', 'poorv', 'पूर्व', 'पूर्वी', 'पूरब', 'ईस्ट'],
  W: ['west', 'paschim', 'pashchim', 'paschimi', 'पश्चिम', 'पश्चिमी', 'पच्छिम', 'वेस्ट'],
  C: ['central', 'madhya', 'मध्य', 'सेंट्रल', 'केंद्रीय', 'केन्द्रीय'],
  R: ['rural', 'gramin', 'grameen', 'dehat', 'ग्रामीण', 'देहात', 'देहाती', 'रूरल'],
  U: ['city', 'town', 'urban', 'shahar', 'शहर', 'शहरी', 'सिटी', 'टाउन', 'अर्बन'],
  K: ['cantt', 'cant', 'cantonment', 'कैंट', 'कैन्ट', 'केंट', 'छावनी', 'कैंटोनमेंट'],
};
const TYPE_WORDS = new Map<string, string>();
for (const [label, words] of Object.entries(TYPE_WORD_GROUPS)) {
  for (const word of words) for (const token of tokenize(word)) TYPE_WORDS.set(token.folded, label);
}

/**
 * The type-word label (`N`, `S`, `E`, `W`, `C`, `R`, `U`, `K`) of a folded word, or undefined. Only
 * meaningful inside a name of several words: alone, "Uttar" or "मध्य" names nothing.
 */
export function typeWordOf(folded: string): string | undefined {
  return TYPE_WORDS.get(folded);
}

/** Everything the search needs to know about one text, computed in one pass. */
export interface Analysis {
  tokens: Token[];
  /** {@link foldText}. */
  folded: string;
  /** {@link phoneticKey}. */
  key: string;
  /** {@link looseLatin}. */
  loose: string;
  /** The loose form of each token, a type word as its label (`loose` is their concatenation, repeats aside). */
  looseWords: string[];
}

/** Tokens, folded text, phonetic key and loose Latin form of `text` at once. */
export function analyze(text: string): Analysis {
  return analyzeTokens(tokenize(text));
}

/** {@link analyze} for words already split by {@link tokenize} (after dropping some of them). */
export function analyzeTokens(tokens: Token[]): Analysis {
  let folded = '';
  let key = '';
  let loose = '';
  const looseWords: string[] = [];
  const qualified = tokens.length > 1;
  for (const token of tokens) {
    folded += token.folded;
    const label = qualified ? TYPE_WORDS.get(token.folded) : undefined;
    if (label !== undefined) {
      looseWords.push(label);
      // "Central (Madhya)": one qualifier, however many times the name says it.
      if (!key.endsWith(label)) {
        key += label;
        loose += label;
      }
      continue;
    }
    const spelled = foldSpelling(romanize(token.raw));
    const word = loosenVowels(spelled);
    key += skeleton(spelled);
    loose += word;
    looseWords.push(word);
  }
  return { tokens, folded, key, loose, looseWords };
}

/**
 * Script-independent phonetic key: romanize, then reduce each word to its consonant skeleton and
 * join; a type word in a longer name becomes its label. `हाथरस`, `Hathras`, `Hatras` → `htrs`;
 * `गाज़ीपुर`, `Ghazipur`, `Gazipur` → `gjpr`; `लखनऊ मध्य` → `lknC`.
 */
export function phoneticKey(text: string): string {
  return analyze(text).key;
}

/**
 * A looser Latin form that keeps vowels (romanized and spelling-folded, see `foldSpelling`); used to
 * tell a real phonetic match (`हाथरस` / `hatras`) from a chance key collision (`mumbai` / `manvi`).
 */
export function looseLatin(text: string): string {
  return analyze(text).loose;
}
