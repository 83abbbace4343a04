/**
 * English → Devanagari for Indian place names, as the catalogue's first draft of a Hindi name.
 *
 * A tool for building the catalogue, not product code: its output is read (and for the Hindi-belt
 * states corrected) by hand before readers see it as `checked`; elsewhere it ships marked `translit`.
 * Accuracy is measured by scripts/transliteration-eval.ts (figures in content/catalogue/README.md).
 *
 * How a name is written, in order:
 * 1. Words and separators: spaces and hyphens are kept; "(North)" loses its brackets (and is dropped
 *    when it repeats the word before it, "Central (Madhya)"); initials ("R.K.", "B.H.E.L") are spelled
 *    letter by letter; Roman seat numbers become digits ("Dimapur-Ii" → दीमापुर-2).
 * 2. A whole word found in the caller's lexicon (names already written by hand: the PCs' Hindi names)
 *    or in the built-in one (direction and type words in house style, common name parts) is taken as is.
 * 3. Otherwise a place-name ending is split off (-pur पुर, -abad आबाद, -garh गढ़, -nagar नगर, -ganj
 *    गंज, -gaon गांव, …); the stem is looked up again, then spelled by rule.
 * 4. Spelling rules: digraphs (kh, chh, sh, rh → ढ़, …), long vowels (aa, ee, oo; final i, u are long),
 *    diphthongs (ai, au, eo → ेव, ia → िया), a nasal before a stop as anusvara, a conjunct only where
 *    Hindi writes one (before y and r, s + stop, doubled letters, a word-final cluster) and elsewhere
 *    the consonant with its inherent vowel (Hardoi हरदोई, Karnal करनाल); a one-syllable stem before an
 *    ending takes a long a (Rampur रामपुर, Lalganj लालगंज). Regional habits by state: doubled t and d
 *    are retroflex (ट्ट, ड्ड), and in the south th is dental (त).
 *
 * Usage: `npx tsx scripts/transliterate.ts [--state UP] "Sikandra Rao" …` prints one line per name.
 */
import { pathToFileURL } from 'node:url';
import { toHouseStyle } from './catalogue/house-style.js';

export interface TransliterateOptions {
  /** State code (ISO 3166-2:IN without "IN-"): selects regional spelling habits. */
  state?: string;
  /** Known words, lower-case Latin → Devanagari (e.g. from PC names already written by hand). */
  lexicon?: { get(word: string): string | undefined };
}

/** States whose English spellings follow Dravidian habits (th dental, d and doubled l retroflex or kept). */
const SOUTH = new Set(['AP', 'TS', 'KA', 'TN', 'KL', 'PY', 'LD']);
/** States whose names do not follow Hindi's schwa habit (Bengali, Odia, Assamese, north-east). */
const EAST = new Set(['WB', 'OD', 'AS', 'AR', 'MN', 'ML', 'MZ', 'NL', 'SK', 'TR', 'AN']);
/** States where an English d is mostly ड (Marathi, Gujarati, Konkani and Dravidian names). */
const RETROFLEX_D = new Set([...SOUTH, 'MH', 'GJ', 'GA', 'DH']);

/**
 * Built-in whole words: the house style's direction and type words, and common parts of names
 * (general Hindi vocabulary, written without looking at the evaluation names).
 */
// biome-ignore format: a table
const WORDS: Record<string, string> = {
  north: 'उत्तर', south: 'दक्षिण', east: 'पूर्व', west: 'पश्चिम', central: 'मध्य',
  uttar: 'उत्तर', dakshin: 'दक्षिण', purba: 'पूर्व', purva: 'पूर्व', purv: 'पूर्व', purab: 'पूर्व',
  paschim: 'पश्चिम', pashchim: 'पश्चिम', madhya: 'मध्य', rural: 'ग्रामीण', gramin: 'ग्रामीण',
  urban: 'शहर', city: 'शहर', shahar: 'शहर', cantt: 'कैंट', cantonment: 'कैंट', sadar: 'सदर',
  dehat: 'देहात', nagar: 'नगर', town: 'टाउन', sahib: 'साहिब', saheb: 'साहिब', kalan: 'कलां',
  khurd: 'खुर्द', and: 'और', new: 'नई', sri: 'श्री', shri: 'श्री', sree: 'श्री', sant: 'संत',
  bazar: 'बाजार', bazaar: 'बाजार', road: 'रोड', station: 'स्टेशन', model: 'मॉडल', colony: 'कॉलोनी',
  port: 'पोर्ट', harbour: 'हार्बर', island: 'द्वीप', islands: 'द्वीपसमूह', hills: 'हिल्स',
  valley: 'वैली', layout: 'लेआउट', dr: 'डॉ.', st: 'सेंट', mount: 'माउंट', park: 'पार्क',
  rao: 'राव', singh: 'सिंह', shah: 'शाह', mahal: 'महल', ganj: 'गंज', garh: 'गढ़', pur: 'पुर',
  pura: 'पुरा', puram: 'पुरम', gaon: 'गांव', ghat: 'घाट', bagh: 'बाग', mandi: 'मंडी', chowk: 'चौक',
  ram: 'राम', raj: 'राज', lal: 'लाल', shiv: 'शिव', shiva: 'शिव', deo: 'देव', dev: 'देव',
  hari: 'हरि', krishna: 'कृष्ण', gopal: 'गोपाल', sultan: 'सुल्तान', fateh: 'फतेह', akbar: 'अकबर',
  azam: 'आजम', bahadur: 'बहादुर', chand: 'चंद', kishan: 'किशन', mohan: 'मोहन', nand: 'नंद',
  narayan: 'नारायण', bhim: 'भीम', sita: 'सीता', ratan: 'रतन', mahesh: 'महेश', ganesh: 'गणेश',
  jagdish: 'जगदीश', laxmi: 'लक्ष्मी', lakshmi: 'लक्ष्मी', durga: 'दुर्गा', kali: 'काली',
  bhawani: 'भवानी', bhabani: 'भवानी', shyam: 'श्याम', vishnu: 'विष्णु', mahadev: 'महादेव',
  rani: 'रानी', raja: 'राजा', bara: 'बड़ा', chhota: 'छोटा', nawab: 'नवाब', jahan: 'जहां',
  jahangir: 'जहांगीर', ali: 'अली', mirza: 'मिर्जा', khan: 'खान', amar: 'अमर', anand: 'आनंद',
  bhagwan: 'भगवान', karan: 'करण', bharat: 'भरत', lakhan: 'लखन', laxman: 'लक्ष्मण',
  lakshman: 'लक्ष्मण', hanuman: 'हनुमान', gobind: 'गोबिंद', govind: 'गोविंद', sundar: 'सुंदर',
  chandra: 'चंद्र', surya: 'सूर्य', indra: 'इंद्र', maha: 'महा', pratap: 'प्रताप', jai: 'जय',
  jay: 'जय', vijay: 'विजय', dharam: 'धरम', sona: 'सोना', hira: 'हीरा', moti: 'मोती', ganga: 'गंगा',
  jamuna: 'जमुना', narmada: 'नर्मदा', gandhi: 'गांधी', nehru: 'नेहरू', ambedkar: 'अंबेडकर',
  subhash: 'सुभाष', rajendra: 'राजेंद्र', mahatma: 'महात्मा', kabir: 'कबीर', tulsi: 'तुलसी',
  buddha: 'बुद्ध', buddh: 'बुद्ध', gautam: 'गौतम', mahavir: 'महावीर', nanak: 'नानक', guru: 'गुरु',
  pir: 'पीर', shahid: 'शहीद', azad: 'आजाद', ashok: 'अशोक', vikram: 'विक्रम', devi: 'देवी',
  mata: 'माता', bhagat: 'भगत', kunwar: 'कुंवर', kumar: 'कुमार', rai: 'राय', bhawan: 'भवन',
  purwa: 'पुरवा', tola: 'टोला', pahar: 'पहाड़', pahari: 'पहाड़ी', sagar: 'सागर', kund: 'कुंड',
  garhi: 'गढ़ी', hat: 'हाट', haat: 'हाट', nath: 'नाथ', dham: 'धाम', gram: 'ग्राम', tirth: 'तीर्थ',
  shankar: 'शंकर', shanker: 'शंकर', prasad: 'प्रसाद', nagari: 'नगरी', khas: 'खास', kasba: 'कस्बा',
  mohammad: 'मोहम्मद', muhammad: 'मुहम्मद', mohammadi: 'मोहम्मदी', islam: 'इस्लाम',
  rahim: 'रहीम', karim: 'करीम', hasan: 'हसन', husain: 'हुसैन', hussain: 'हुसैन', jalal: 'जलाल',
  kamal: 'कमल', nawada: 'नवादा', chak: 'चक', dih: 'डीह', tal: 'ताल', kothi: 'कोठी', ghazi: 'गाजी',
  rae: 'राय', siva: 'शिव', dakshina: 'दक्षिण', uttara: 'उत्तर', outer: 'बाहरी', inner: 'आंतरिक',
  puri: 'पुरी', amrit: 'अमृत',
};

/** Place-name endings, longest first: Latin → Devanagari. A leading matra joins the stem. */
// biome-ignore format: a table
const ENDINGS: [string, string][] = [
  ['nagaram', 'नगरम'], ['puram', 'पुरम'], ['garhi', 'गढ़ी'], ['nagar', 'नगर'], ['palli', 'पल्ली'],
  ['pally', 'पल्ली'], ['palle', 'पल्ले'], ['patti', 'पट्टी'], ['sagar', 'सागर'], ['halli', 'हल्ली'],
  ['ganga', 'गंगा'], ['khand', 'खंड'], ['abad', 'ाबाद'], ['garh', 'गढ़'], ['ganj', 'गंज'],
  ['gunj', 'गंज'], ['gaon', 'गांव'], ['ghat', 'घाट'], ['pura', 'पुरा'], ['pore', 'पुर'],
  ['wadi', 'वाड़ी'], ['wada', 'वाड़ा'], ['wara', 'वाड़ा'], ['bagh', 'बाग'], ['ghar', 'घर'],
  ['guri', 'गुड़ी'], ['giri', 'गिरि'], ['durg', 'दुर्ग'], ['nath', 'नाथ'], ['dham', 'धाम'],
  ['kund', 'कुंड'], ['peta', 'पेटा'], ['puri', 'पुरी'], ['pur', 'पुर'], ['kot', 'कोट'], ['pet', 'पेट'], ['bad', 'बाद'],
  ['dih', 'डीह'],
];

/** Letter names for initials (B.H.E.L → बीएचईएल). */
// biome-ignore format: a table
const LETTERS: Record<string, string> = {
  a: 'ए', b: 'बी', c: 'सी', d: 'डी', e: 'ई', f: 'एफ', g: 'जी', h: 'एच', i: 'आई', j: 'जे', k: 'के',
  l: 'एल', m: 'एम', n: 'एन', o: 'ओ', p: 'पी', q: 'क्यू', r: 'आर', s: 'एस', t: 'टी', u: 'यू', v: 'वी',
  w: 'डब्ल्यू', x: 'एक्स', y: 'वाई', z: 'जेड',
};

const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4', v: '5' };

// --- The letter rules ---

/** A consonant unit: its Devanagari letter(s) without vowel, and its Latin form. */
interface Cons {
  kind: 'c';
  latin: string;
  dev: string;
}
/** A vowel unit: independent letter and matra (empty matra = inherent a). */
interface Vow {
  kind: 'v';
  latin: string;
  letter: string;
  matra: string;
}
type Unit = Cons | Vow;

// Longest first. Values are the consonant without a vowel.
// biome-ignore format: a table
const CONSONANTS: [string, string][] = [
  ['chh', 'छ'], ['ksh', 'क्ष'], ['kh', 'ख'], ['gh', 'घ'], ['ch', 'च'], ['jh', 'झ'], ['th', 'थ'],
  ['dh', 'ध'], ['ph', 'फ'], ['bh', 'भ'], ['sh', 'श'], ['zh', 'झ'], ['rh', 'ढ़'], ['ck', 'क'],
  ['b', 'ब'], ['c', 'क'], ['d', 'द'], ['f', 'फ'], ['g', 'ग'], ['h', 'ह'], ['j', 'ज'], ['k', 'क'],
  ['l', 'ल'], ['m', 'म'], ['n', 'न'], ['p', 'प'], ['q', 'क'], ['r', 'र'], ['s', 'स'], ['t', 'त'],
  ['v', 'व'], ['w', 'व'], ['x', 'क्स'], ['y', 'य'], ['z', 'ज'],
];

// biome-ignore format: a table
const VOWELS: [string, string, string][] = [
  ['aa', 'आ', 'ा'], ['ee', 'ई', 'ी'], ['oo', 'ऊ', 'ू'], ['ai', 'ऐ', 'ै'], ['au', 'औ', 'ौ'],
  ['ou', 'औ', 'ौ'], ['ei', 'ए', 'े'], ['a', 'अ', ''], ['i', 'इ', 'ि'], ['u', 'उ', 'ु'], ['e', 'ए', 'े'], ['o', 'ओ', 'ो'],
];

const LONG: Record<string, [string, string]> = {
  a: ['आ', 'ा'],
  i: ['ई', 'ी'],
  u: ['ऊ', 'ू'],
};

/** Stops a preceding n/m becomes anusvara before (not nasals, semivowels, sibilants or h). */
const STOP = /^(?:k|kh|g|gh|ch|chh|j|jh|t|th|d|dh|p|ph|b|bh|ck|q|c|rh)$/;
const LABIAL = /^(?:p|ph|b|bh)$/;
const ASPIRATE = /^(?:kh|gh|chh|jh|th|dh|ph|bh)$/;

/** Regional habits that change single letters. */
interface Habits {
  south: boolean;
  retroflexD: boolean;
  /** Names follow Hindi's schwa deletion, so a written medial a is a long one (see spell). */
  schwaRule: boolean;
}

const cons = (latin: string, dev: string): Cons => ({ kind: 'c', latin, dev });
const vow = (latin: string, letter: string, matra: string): Vow => ({ kind: 'v', latin, letter, matra });
const LONG_A = (): Vow => vow('aa', 'आ', 'ा');

function letterOf(latin: string): string {
  return CONSONANTS.find(([l]) => l === latin)?.[1] ?? '';
}

function tokenize(word: string, habits: Habits): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < word.length) {
    const rest = word.slice(i);
    // Doubled consonants: one unit, a conjunct (tt त्त/ट्ट, dd ड्ड, nn न्न, ll ल्ल, ddh द्ध, …).
    const doubled = /^([bcdfgjklmnprstvz])\1(h?)/.exec(rest);
    if (doubled?.[1]) {
      const base = doubled[1];
      const aspirated = doubled[2] === 'h';
      let dev: string;
      if (base === 't') dev = habits.south ? (aspirated ? 'ट्ठ' : 'ट्ट') : aspirated ? 'त्थ' : 'त्त';
      else if (base === 'd') dev = aspirated ? 'द्ध' : 'ड्ड';
      else if (base === 'c') dev = aspirated ? 'च्छ' : 'क्क';
      // In the north an English ll is mostly one l (Ballia बलिया, Bareilly बरेली).
      else if (base === 'l' && !habits.south) dev = 'ल';
      else dev = `${letterOf(base)}्${letterOf(aspirated ? `${base}h` : base)}`;
      units.push(cons(doubled[0], dev));
      i += doubled[0].length;
      continue;
    }
    // "singh" inside a name (Singhbhum, Jagatsinghpur) is सिंह.
    if (rest.startsWith('ngh')) {
      units.push(cons('ṁ', 'ं'), cons('h', 'ह'));
      i += 3;
      continue;
    }
    if (rest.startsWith('cch')) {
      units.push(cons('cch', 'च्छ'));
      i += 3;
      continue;
    }
    const v = VOWELS.find(([l]) => rest.startsWith(l));
    if (v) {
      units.push(vow(v[0], v[1], v[2]));
      i += v[0].length;
      continue;
    }
    const c = CONSONANTS.find(([l]) => rest.startsWith(l));
    if (c) {
      let dev = c[1];
      if (habits.south && c[0] === 'th') dev = 'त';
      if (habits.retroflexD && c[0] === 'd' && !rest.startsWith('dr') && !word.slice(0, i).endsWith('n'))
        dev = 'ड';
      units.push(cons(c[0], dev));
      i += c[0].length;
      continue;
    }
    i++; // anything else (apostrophes, digits) is skipped
  }
  // y between two consonants is a vowel (Mysore मैसूर, Hyderabad हैदराबाद).
  for (let k = 1; k < units.length - 1; k++) {
    const u = units[k];
    if (u?.kind === 'c' && u.latin === 'y' && units[k - 1]?.kind === 'c' && units[k + 1]?.kind === 'c')
      units[k] = vow('ai', 'ऐ', 'ै');
  }
  return units;
}

/** Should consonant `a` join consonant `b` as a conjunct (a् b)? Else `a` keeps its inherent vowel. */
function conjunct(a: Cons, b: Cons, initial: boolean, final: boolean): boolean {
  if (initial || final) return true;
  if (b.latin === 'y') return true;
  if (b.latin === 'r') return !/^(?:m|n|l|r|s|h|sh|v|w|y)$/.test(a.latin) && !ASPIRATE.test(a.latin);
  if (b.latin === 'h') return true;
  if ((a.latin === 's' || a.latin === 'sh') && /^(?:t|th|k|kh|p|ph)$/.test(b.latin)) return true;
  if (a.latin === 'sh' && b.latin === 'n') return true;
  if (a.latin === 'n' && /^(?:n|m)$/.test(b.latin)) return true;
  return false;
}

/**
 * Spells one word (or the stem before an ending) by rule. `beforeEnding`: an ending follows, so a
 * final consonant keeps its inherent vowel and the stem's last vowel may lengthen.
 */
function spell(word: string, habits: Habits, beforeEnding: boolean): string {
  let w = word;
  // A silent final e after o + consonant (Indore, Erode, Khargone); Kaiser-ganj, Hyder-abad: the
  // English "er" before an ending is a short a.
  if (!beforeEnding) w = w.replace(/(o[bcdfghjklmnprstvz])e$/, '$1');
  if (beforeEnding) w = w.replace(/([bcdfghjklmnpstvz])er$/, '$1ar');
  const units = tokenize(w, habits);

  // Vowel pairs: ia → िया, io → ियो (a y glide), eo → ेव, ao → ाव.
  const seq: Unit[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    const next = units[k + 1];
    if (!u) continue;
    seq.push(u);
    if (u.kind === 'v' && next?.kind === 'v') {
      if (u.latin === 'i' && (next.latin === 'a' || next.latin === 'o')) seq.push(cons('y', 'य'));
      else if (u.latin === 'e' && next.latin === 'o') units[k + 1] = cons('v', 'व');
      else if (u.latin === 'a' && next.latin === 'o') {
        seq[seq.length - 1] = LONG_A();
        units[k + 1] = cons('v', 'व');
      }
    }
  }
  const isV = (u: Unit | undefined): u is Vow => u?.kind === 'v';
  const isC = (u: Unit | undefined): u is Cons => u?.kind === 'c';

  if (!beforeEnding) {
    // A final y after a consonant is a long i (Bareilly बरेली).
    const last = seq.at(-1);
    if (isC(last) && last.latin === 'y' && isC(seq.at(-2))) seq[seq.length - 1] = vow('i', 'इ', 'ि');
    // A final "au" after a consonant is a + ऊ (Mau मऊ); a final "ah" is a long a (Etah एटा).
    const end = seq.at(-1);
    if (isV(end) && end.latin === 'au' && isC(seq.at(-2))) {
      seq[seq.length - 1] = vow('a', 'अ', '');
      seq.push(vow('oo', 'ऊ', 'ू'));
    }
    const h = seq.at(-1);
    const beforeH = seq.at(-2);
    if (isC(h) && h.latin === 'h' && isV(beforeH) && beforeH.latin === 'a' && seq.length > 2) {
      seq.pop();
      seq[seq.length - 1] = LONG_A();
    }
  }

  const vowelIdx = seq.flatMap((u, k) => (isV(u) ? [k] : []));
  const long = new Set<number>();
  const single = (u: Unit | undefined): boolean => isC(u) && u.latin.length <= 2 && !/^(.)\1/.test(u.latin);
  // A written a in V C a C V would be silent if short (Hindi drops such a schwa), so it is long:
  // Saharanpur सहारनपुर, Vaishali वैशाली, Kairana कैराना; not twice in a row (Mahasamund महासमुंद).
  // Only where names follow Hindi's schwa habit: not in the south, east or north-east.
  if (habits.schwaRule) {
    for (let n = 1; n < vowelIdx.length; n++) {
      const k = vowelIdx[n] ?? -1;
      const u = seq[k];
      if (!isV(u) || u.latin !== 'a' || !isV(seq[k - 2]) || !single(seq[k - 1]) || !single(seq[k + 1]))
        continue;
      if (!isV(seq[k + 2]) || /^(?:y|v|w|h)$/.test((seq[k + 1] as Cons).latin)) continue;
      if (long.has(vowelIdx[n - 1] ?? -1)) continue;
      long.add(k);
    }
  }
  if (beforeEnding && vowelIdx.length > 0) {
    const lastV = vowelIdx.at(-1) ?? -1;
    const v = seq[lastV];
    const closed = lastV < seq.length - 1;
    if (isV(v) && vowelIdx.length === 1 && v.latin === 'a' && closed && isC(seq[0])) long.add(lastV);
    // A stem's last vowel before an ending: final i and a are long (Hajipur हाजीपुर, Mathurapur
    // मथुरापुर) unless after a cluster (Surendranagar सुरेंद्रनगर); so is i in a closed last syllable
    // (Hamirpur हमीरपुर, Karimganj करीमगंज). A final ai is "ay" (Udaipur उदयपुर).
    if (isV(v) && v.latin === 'i' && vowelIdx.length > 1 && lastV >= seq.length - 2) long.add(lastV);
    if (
      isV(v) &&
      v.latin === 'a' &&
      !closed &&
      habits.schwaRule &&
      vowelIdx.length > 1 &&
      single(seq[lastV - 1]) &&
      !isC(seq[lastV - 2])
    )
      long.add(lastV);
    if (isV(v) && v.latin === 'ai' && !closed && vowelIdx.length > 1) {
      seq[lastV] = vow('a', 'अ', '');
      seq.push(cons('y', 'य'));
    }
  }
  for (const k of long) {
    const u = seq[k];
    if (isV(u)) {
      const l = LONG[u.latin];
      if (l) seq[k] = vow(u.latin === 'a' ? 'aa' : `${u.latin}${u.latin}`, l[0], l[1]);
    }
  }
  if (!beforeEnding) {
    // Final a, i, u are long; so is u in a final "ur" (Guntur गुंटूर, Chimur चिमूर).
    const end = seq.at(-1);
    if (isV(end) && seq.length > 1) {
      const l = LONG[end.latin];
      if (l) seq[seq.length - 1] = { ...end, letter: l[0], matra: l[1] };
    }
    const u = seq.at(-2);
    const r = seq.at(-1);
    if (isV(u) && u.latin === 'u' && isC(r) && r.latin === 'r' && vowelIdx.length > 1)
      seq[seq.length - 2] = vow('oo', 'ऊ', 'ू');
    // A Sanskrit -tra, -dra at the end of a long word ends in a schwa (Kurukshetra कुरुक्षेत्र).
    const a = seq.at(-1);
    if (isV(a) && a.latin === 'a' && vowelIdx.length >= 3) {
      const rr = seq.at(-2);
      const c0 = seq.at(-3);
      if (isC(rr) && rr.latin === 'r' && isC(c0) && /^(?:t|bh|dh|sh)$/.test(c0.latin)) seq.pop();
    }
  }

  let out = '';
  for (let k = 0; k < seq.length; k++) {
    const u = seq[k];
    if (!u) continue;
    const prev = seq[k - 1];
    if (u.kind === 'v') {
      out += prev?.kind === 'c' ? u.matra : u.letter;
      continue;
    }
    if (u.latin === 'ṁ') {
      out += 'ं';
      continue;
    }
    const next = seq[k + 1];
    if (next?.kind === 'c') {
      // A nasal before a stop is an anusvara (n before any stop, m before a labial); "ans" is ांस
      // (Jhansi झांसी, Banswara बांसवाड़ा).
      if ((u.latin === 'n' && STOP.test(next.latin)) || (u.latin === 'm' && LABIAL.test(next.latin))) {
        out += 'ं';
        continue;
      }
      if (u.latin === 'n' && next.latin === 's' && isV(prev) && prev.latin === 'a' && k - 1 === vowelIdx[0]) {
        out += isC(seq[k - 2]) ? 'ां' : 'ं';
        continue;
      }
      const initial = k === 0;
      const final = !beforeEnding && k + 2 === seq.length;
      out += conjunct(u, next, initial, final) ? `${u.dev}्` : u.dev;
      continue;
    }
    out += u.dev;
  }
  return out;
}

// --- Words ---

function lookup(word: string, options: TransliterateOptions): string | undefined {
  return options.lexicon?.get(word) ?? WORDS[word];
}

/** Joins a stem and an ending whose Devanagari may start with a matra (ाबाद). */
function join(stem: string, ending: string): string {
  // Ghazi + abad: a y glide, the i before it short (गाजियाबाद).
  if (stem.endsWith('ी') && ending.startsWith('ा')) return `${stem.slice(0, -1)}िय${ending}`;
  if (/^[\u093e-\u094c]/.test(ending) && /[\u093e-\u094c\u0905-\u0914]$/.test(stem))
    return stem + (ending.startsWith('ा') ? `आ${ending.slice(1)}` : ending);
  return stem + ending;
}

/** Splits `w` wholly into known words and endings (shah + jahan + pur), or undefined. */
function segmentKnown(w: string, options: TransliterateOptions, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const whole = lookup(w, options);
  if (whole && depth > 0) return whole;
  for (let cut = w.length - 2; cut >= 2; cut--) {
    const head = lookup(w.slice(0, cut), options);
    if (!head) continue;
    const tail = w.slice(cut);
    const ending = ENDINGS.find(([e]) => e === tail)?.[1];
    const rest = ending ?? segmentKnown(tail, options, depth + 1);
    if (rest && !/^[\u093e-\u094c]/.test(rest)) return head + rest;
    if (rest) return join(head, rest);
  }
  return undefined;
}

function word(latin: string, options: TransliterateOptions): string {
  const w = latin.toLowerCase();
  const known = lookup(w, options) ?? segmentKnown(w, options);
  if (known) return known;
  const state = options.state ?? '';
  const habits: Habits = {
    south: SOUTH.has(state),
    retroflexD: RETROFLEX_D.has(state) && !/abad$/.test(w),
    schwaRule: !SOUTH.has(state) && !EAST.has(state),
  };
  // Sri-, Shri-, Sree- at the start of a word (Srikakulam, Sriperumbudur).
  const sri = /^(?:sri|shri|sree)(?=[bcdfghjklmnpqrstvwxyz])/.exec(w);
  if (sri && w.length > sri[0].length + 2) return `श्री${word(w.slice(sri[0].length), options)}`;
  for (const [ending, dev] of ENDINGS) {
    if (!w.endsWith(ending) || w.length - ending.length < 2) continue;
    const stem = w.slice(0, -ending.length);
    let stemDev = lookup(stem, options) ?? spell(stem, habits, true);
    if (/^[aeiou]/.test(ending) && /[aeiou]$/.test(stem)) {
      // Ghazi + abad: a y glide, and the i before it short (गाजियाबाद).
      if (!stem.endsWith('i')) continue;
      stemDev = `${stemDev.replace(/ी$/, 'ि')}य`;
    }
    // The same consonant on both sides of the cut is a doubled one (Tiruppur: tirup + pur → प्प).
    if (stem.endsWith(ending[0] ?? '') && !/^[aeiou]/.test(ending)) stemDev += '्';
    return join(stemDev, dev);
  }
  return spell(w, habits, false);
}

/**
 * The Devanagari draft of an English place name, in the catalogue's house style.
 * `transliterate('Sikandra Rao')` is `'सिकंदरा राव'`; `transliterate('Lucknow Central', { lexicon })`
 * with `lucknow → लखनऊ` is `'लखनऊ मध्य'`.
 */
export function transliterate(nameEn: string, options: TransliterateOptions = {}): string {
  const text = nameEn
    .replace(/&/g, ' and ')
    .replace(/\(([^)]*)\)/g, ' ($1) ')
    .trim();
  const parts: string[] = [];
  let previous = '';
  // Tokens: words (letters and dots), hyphens, spaces, brackets.
  for (const raw of text.split(/(\s+|-)/)) {
    if (raw === '' || /^\s+$/.test(raw)) {
      if (parts.length > 0 && parts.at(-1) !== ' ' && parts.at(-1) !== '-') parts.push(' ');
      continue;
    }
    if (raw === '-') {
      if (parts.at(-1) === ' ') parts.pop();
      parts.push('-');
      continue;
    }
    const bracketed = /^\((.*)\)$/.exec(raw);
    const token = bracketed ? (bracketed[1] ?? '') : raw;
    const lower = token.toLowerCase();
    if (parts.at(-1) === '-' && ROMAN[lower]) {
      parts.push(ROMAN[lower] ?? '');
      continue;
    }
    if (/^\d+$/.test(token)) {
      parts.push(token);
      continue;
    }
    const dev = spellToken(token, options);
    if (bracketed && dev === previous) {
      // "Central (Madhya)": the bracket repeats the word before it.
      while (parts.at(-1) === ' ') parts.pop();
      continue;
    }
    parts.push(dev);
    previous = dev;
  }
  while (parts.at(-1) === ' ' || parts.at(-1) === '-') parts.pop();
  return toHouseStyle(parts.join(''));
}

/** One token, which may hold initials and dots ("R.K.", "Dr.Ambedkarnagar", "K.R.Pura"). */
function spellToken(token: string, options: TransliterateOptions): string {
  const pieces = token.split('.').filter((p) => p.length > 0);
  if (pieces.length === 0) return '';
  const out: string[] = [];
  let initials = '';
  for (const piece of pieces) {
    const lower = piece.toLowerCase();
    if (piece.length === 1 && LETTERS[lower]) {
      initials += LETTERS[lower];
      continue;
    }
    if (/^[A-Z]{2,5}$/.test(piece) && pieces.length > 1 && !WORDS[lower]) {
      initials += [...lower].map((c) => LETTERS[c] ?? '').join('');
      continue;
    }
    if (initials) {
      out.push(initials);
      initials = '';
    }
    out.push(
      piece
        .split(/[^A-Za-z]+/)
        .filter(Boolean)
        .map((w) => word(w, options))
        .join(''),
    );
  }
  if (initials) out.push(initials);
  return out.join(' ');
}

/** Votes for each Latin word's Devanagari spelling: word → spelling → count. */
export type LexiconVotes = Map<string, Map<string, number>>;

/**
 * Counts, word by word, how names already written spell each word: "Lucknow Central"/"लखनऊ मध्य"
 * votes lucknow → लखनऊ. Pairs whose words do not line up one to one ("Rae Bareli"/"रायबरेली") and
 * the built-in words (house style decides those) give no votes.
 */
export function lexiconVotes(pairs: Iterable<readonly [string, string]>): LexiconVotes {
  const votes: LexiconVotes = new Map();
  for (const [en, hi] of pairs) {
    const enWords = en
      .replace(/\([^)]*\)/g, ' ')
      .split(/[\s-]+/)
      .filter(Boolean);
    const hiWords = hi.split(/[\s-]+/).filter(Boolean);
    if (enWords.length !== hiWords.length) continue;
    enWords.forEach((w, i) => {
      const key = w.toLowerCase();
      if (!/^[a-z]+$/.test(key) || WORDS[key]) return;
      const h = hiWords[i] ?? '';
      const count = votes.get(key) ?? new Map<string, number>();
      count.set(h, (count.get(h) ?? 0) + 1);
      votes.set(key, count);
    });
  }
  return votes;
}

/** The spelling with most votes (ties: the first seen). */
export function bestSpelling(count: ReadonlyMap<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let n = 0;
  for (const [spelling, votes] of count ?? []) {
    if (votes > n) {
      best = spelling;
      n = votes;
    }
  }
  return best;
}

/** Single-word pairs of names already written, as a lexicon: "Lucknow Central"/"लखनऊ मध्य" gives lucknow → लखनऊ. */
export function lexiconFrom(pairs: Iterable<readonly [string, string]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, count] of lexiconVotes(pairs)) {
    const best = bestSpelling(count);
    if (best) out.set(key, best);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  let state: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--state') state = args[++i];
    else names.push(args[i] ?? '');
  }
  for (const name of names) console.log(`${name}\t${transliterate(name, { state })}`);
}
