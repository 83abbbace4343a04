import { describe, expect, it } from 'vitest';
import {
  analyze,
  foldText,
  foldWords,
  isDevanagari,
  looseLatin,
  phoneticKey,
  romanize,
  tokenize,
} from '../../src/catalog/normalize.js';

describe('foldText', () => {
  it.each([
    // case, spacing, hyphens, punctuation
    ['Hathras', 'hathras'],
    ['  HATHRAS  ', 'hathras'],
    ['Sikandra Rao', 'sikandrarao'],
    ['Sikandra-Rao', 'sikandrarao'],
    ['Mumbai North-West', 'mumbainorthwest'],
    ['Agra Cantt.', 'agracantt'],
    ['B.H.E.L Ranipur', 'bhelranipur'],
    ['Andaman & Nicobar', 'andamanandnicobar'],
    ['Indore-1', 'indore1'],
    // Latin diacritics
    ['Bihār', 'bihar'],
    ['Arunāchal', 'arunachal'],
    // Devanagari: nukta, chandrabindu/anusvara, half nasal, long/short vowels, spaces
    ['गाज़ीपुर', 'गाजिपुर'],
    ['गाजीपुर', 'गाजिपुर'],
    ['शाहजहाँपुर', 'शाहजहांपुर'],
    ['सिकन्दराराऊ', 'सिकंदराराउ'],
    ['सिकंदराराऊ', 'सिकंदराराउ'],
    ['चण्डीगढ़', 'चंडिगढ'],
    ['मुंबई - दक्षिण', 'मुंबइदक्षिण'],
    ['रॉबर्ट्सगंज', 'रोबर्ट्सगंज'],
    ['१६', '16'],
    // invisible characters do not split or change a word
    ['हा\u200dथरस', 'हाथरस'],
    ['Hath\u00adras', 'hathras'],
  ])('%s → %s', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('makes the spelling variants people type equal', () => {
    const same: string[][] = [
      ['गाज़ीपुर', 'गाजीपुर', 'गाजिपुर'],
      ['Ghazipur', 'ghazipur', 'GHAZIPUR', ' Ghazi-pur '],
      ['अम्बाला', 'अंबाला'],
      ['झाँसी', 'झांसी'],
      ['गुड़गांव', 'गुडगांव', 'गुडगाँव'],
    ];
    for (const group of same)
      expect(new Set(group.map(foldText)), group.join(' / ')).toHaveProperty('size', 1);
  });

  it('splits words on anything that is not a letter, mark or digit', () => {
    expect(foldWords('Hathras, UP!')).toEqual(['hathras', 'up']);
    expect(foldWords('हाथरस (उत्तर प्रदेश)')).toEqual(['हाथरस', 'उत्तर', 'प्रदेश']);
    expect(foldWords('🙂 ... ⚡')).toEqual([]);
  });
});

describe('romanize', () => {
  it.each([
    ['हाथरस', 'haathras'],
    ['श्रीरामपुर', 'shriiraampur'],
    ['शाहजहाँपुर', 'shaahajhaanpur'],
    ['संभल', 'sanbhal'],
    ['गाज़ीपुर', 'gaaziipur'],
    ['चंडीगढ़', 'chandiigarh'],
    ['कोष़िक्कोड', 'kozhikkod'],
    ['कृष्णनगर', 'krishnangar'],
    ['अयोध्या', 'ayodhyaa'],
    ['लखनऊ', 'lakhnauu'],
    ['१२', '12'],
    ['abc', 'abc'],
  ])('%s → %s', (input, latin) => {
    expect(romanize(input.normalize('NFD'))).toBe(latin);
  });
});

describe('phoneticKey', () => {
  it.each([
    // The same place, across scripts and spellings, shares one key.
    [['हाथरस', 'Hathras', 'Hatras', 'hathras '], 'htrs'],
    [['गाज़ीपुर', 'गाजीपुर', 'Ghazipur', 'Gazipur'], 'gjpr'],
    [['औरंगाबाद', 'Aurangabad'], 'arngbd'],
    [['सिकंदराराऊ', 'Sikandra Rao', 'sikandrarao', 'सिकन्दरा राऊ'], 'skndrr'],
    [['वाराणसी', 'वाराणासी', 'Varanasi', 'Varansi', 'Waranasi'], 'brns'],
    [['गोरखपुर', 'Gorakhpur', 'Gorakpur'], 'grkpr'],
    // a type word in a longer name is one label, whichever script and spelling: S = south, दक्षिण
    [['बंगलौर दक्षिण', 'बेंगलुरु दक्षिण', 'Bangalore South', 'Banglore South', 'Bengaluru South'], 'bnglrS'],
    [['लखनऊ मध्य', 'लखनऊ सेंट्रल'], 'lknC'],
    [['Udaipur Rural', 'उदयपुर ग्रामीण', 'उदयपुर देहात'], 'adprR'],
    [['Jabalpur Purba', 'Jabalpur East', 'जबलपुर पूर्व', 'जबलपुर पूर्वी'], 'jblprE'],
    [['Nagpur South West', 'नागपुर दक्षिण पश्चिम', 'Nagpur Dakshin-Paschim'], 'ngprSW'],
    [['Agra Cantt.', 'आगरा कैंट', 'आगरा छावनी', 'Agra Cantonment'], 'agrK'],
    [['Ratlam City', 'रतलाम शहर'], 'rtlmU'],
    [['Bhubaneswar Central (Madhya)', 'भुवनेश्वर मध्य'], 'bbnsbrC'],
    // English habits for Hindi sounds: eo = देव/शिव's v, final ay = ai, gaon = गांव, ज्ञ = gy
    [['Deoghar', 'देवघर'], 'dbgr'],
    [['Deoband', 'देवबंद'], 'dbnd'],
    [['Kahalgaon', 'कहलगांव'], 'klgn'],
    [['Gyanpur', 'ज्ञानपुर'], 'gnpr'],
    [['शाहजहाँपुर', 'Shahjahanpur'], 'sjnpr'],
    [['जोरहाट', 'Jorhat'], 'jrt'],
    [['कोष़िक्कोड', 'कोझिकोड', 'Kozhikode'], 'kjkd'],
    [['चण्डीगढ़', 'Chandigarh'], 'cndgr'],
    [['कन्याकुमारी', 'Kanniyakumari', 'Kanyakumari'], 'knkmr'],
    [['रायबरेली', 'Rae Bareli', 'Raebareli'], 'rbrl'],
    [['सम्बलपुर', 'संबलपुर', 'Sambalpur'], 'snblpr'],
    [['छर्रा', 'Chharra', 'Charra'], 'cr'],
    [['श्रीरामपुर', 'Sreerampur', 'Srirampur', 'Shrirampur'], 'srrnpr'],
    [['सेरमपुर', 'Serampore', 'Serampur'], 'srnpr'],
  ])('%j → %s', (spellings, key) => {
    for (const s of spellings) expect(phoneticKey(s), s).toBe(key);
  });

  it('reads a type word alone, or "Nagar", as part of the name', () => {
    expect(phoneticKey('उत्तर')).not.toBe(phoneticKey('North'));
    expect(phoneticKey('Ashok Nagar')).toBe(phoneticKey('अशोकनगर'));
  });

  it('keeps places apart that only share some letters', () => {
    expect(phoneticKey('Sikandra Rao')).not.toBe(phoneticKey('Sikandra'));
    expect(phoneticKey('Hathras')).not.toBe(phoneticKey('Hardoi'));
    expect(phoneticKey('Mumbai')).not.toBe(phoneticKey('Mandi'));
  });

  it('is empty for text in no script it knows', () => {
    expect(phoneticKey('مرحبا')).toBe('');
    expect(phoneticKey('🙂🙂')).toBe('');
    expect(phoneticKey('')).toBe('');
  });
});

describe('looseLatin', () => {
  it('keeps vowels, so a real match stays close and a chance key collision does not', () => {
    expect(looseLatin('हाथरस')).toBe('hatras');
    expect(looseLatin('Hathras')).toBe('hatras');
    // au/o, ai/e and the silent final e of English spellings fold together
    expect(looseLatin('इन्दौर')).toBe('indor');
    expect(looseLatin('Indore')).toBe('indor');
    expect(looseLatin('मैनपुरी')).toBe(looseLatin('Mainpuri'));
    // same key (mnb), far apart once vowels count
    expect(phoneticKey('Mumbai')).toBe(phoneticKey('Manvi'));
    expect(looseLatin('Mumbai')).toBe('mumbe');
    expect(looseLatin('Manvi')).toBe('manbi');
  });

  it('reads a final ay as ai, so सराय meets Sarai', () => {
    expect(looseLatin('सराय')).toBe(looseLatin('Sarai'));
  });
});

describe('tokenize and analyze', () => {
  it('keeps the raw (nukta-bearing) form for the key and the folded form for matching', () => {
    expect(tokenize('गाज़ीपुर सीट')).toEqual([
      { raw: 'गाज़ीपुर'.normalize('NFD'), folded: 'गाजिपुर' },
      { raw: 'सीट'.normalize('NFD'), folded: 'सिट' },
    ]);
    expect(analyze('Sikandra Rao')).toEqual({
      tokens: [
        { raw: 'sikandra', folded: 'sikandra' },
        { raw: 'rao', folded: 'rao' },
      ],
      folded: 'sikandrarao',
      key: 'skndrr',
      loose: 'sikandrarao',
      looseWords: ['sikandra', 'rao'],
    });
    // a type word is its label in the key, the loose form and the loose words
    expect(analyze('Lucknow Central').looseWords).toEqual(['luknob', 'C']);
  });

  it('agrees between the ASCII fast path and the general path', () => {
    for (const s of ['Hathras', 'Agra Cantt.', 'Andaman & Nicobar', 'Indore-1', 'St.Andre', 'a\tb']) {
      // A trailing non-ASCII word sends the same text down the general path.
      const general = tokenize(`${s} \u00e9`);
      expect(general.at(-1)).toEqual({ raw: 'e', folded: 'e' });
      expect(tokenize(s), s).toEqual(general.slice(0, -1));
    }
  });

  it('tells Devanagari text apart', () => {
    expect(isDevanagari('हाथरस')).toBe(true);
    expect(isDevanagari('Hathras हा')).toBe(true);
    expect(isDevanagari('Hathras')).toBe(false);
  });
});

describe('robustness', () => {
  const nasty: [string, string][] = [
    ['empty', ''],
    ['a space', ' '],
    ['control characters', '\u0000\u0001'],
    ['a lone high surrogate', '\ud800'],
    ['reversed surrogates', '\udfff\ud800'],
    ['emoji', '🙂👍🏽🇮🇳'],
    ['Arabic (RTL)', 'مرحبا بالعالم'],
    ['bidi overrides', '\u202eHathras\u202c'],
    ['only Devanagari marks', '़़़ंंं््'],
    ['10,000 letters', 'x'.repeat(10_000)],
    ['1,000 Devanagari consonants', 'क'.repeat(1_000)],
    ['zalgo text', 'Z̸̧͙̈́a̷͇̓l̵̰̈g̶̣̈́o̴̱͒'],
    ['regex metacharacters', '\u0024{}()[]\\^$.|?*+'],
  ];
  it.each(nasty)('never throws on %s', (_, input) => {
    expect(() => analyze(input)).not.toThrow();
    expect(typeof foldText(input)).toBe('string');
    expect(typeof phoneticKey(input)).toBe('string');
  });
});
