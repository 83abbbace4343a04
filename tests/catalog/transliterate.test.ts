import { describe, expect, it } from 'vitest';
import { houseStyleProblems } from '../../scripts/catalogue/house-style.js';
import { lexiconFrom, transliterate } from '../../scripts/transliterate.js';
import { evaluate, isHeldOut } from '../../scripts/transliteration-eval.js';

describe('transliterate: English place names → Devanagari drafts', () => {
  it.each([
    // names issue 13 found missing, where the rules alone get them right
    ['Deoband', 'देवबंद'],
    ['Jahoorabad', 'जहूराबाद'],
    ['Mau', 'मऊ'],
    ['Datia', 'दतिया'],
    ['Tiloi', 'तिलोई'],
    // endings, vowel length, schwa and clusters
    ['Rampur', 'रामपुर'],
    ['Saharanpur', 'सहारनपुर'],
    ['Ghaziabad', 'गाजियाबाद'],
    ['Hamirpur', 'हमीरपुर'],
    ['Hardoi', 'हरदोई'],
    ['Sambhal', 'संभल'],
    ['Unnao', 'उन्नाव'],
    ['Bareilly', 'बरेली'],
    ['Jagatsinghpur', 'जगतसिंहपुर'],
    ['Kurukshetra', 'कुरुक्षेत्र'],
  ])('%s → %s', (en, hi) => {
    expect(transliterate(en)).toBe(hi);
  });

  it('writes direction and type words in house style, after the name as in English', () => {
    expect(transliterate('Nagpur South West')).toBe('नागपुर दक्षिण पश्चिम');
    expect(transliterate('Agra Cantt.')).toMatch(/^\S+ कैंट$/);
    expect(transliterate('Etah')).toMatch(/ा$/); // a final "ah" is a long a
    expect(transliterate('Gorakhpur Urban')).toBe('गोरखपुर शहर');
    expect(transliterate('Alwar Rural')).toBe('अलवर ग्रामीण');
    expect(transliterate('Bhubaneswar Central (Madhya)', { state: 'OD' })).toMatch(/ मध्य$/);
  });

  it('takes known words from the lexicon: a PC name written by hand spells its segments', () => {
    const lexicon = lexiconFrom([['Lucknow', 'लखनऊ']]);
    expect(transliterate('Lucknow Central', { lexicon })).toBe('लखनऊ मध्य');
    expect(transliterate('Lucknow Central')).not.toBe('लखनऊ मध्य');
  });

  it('spells initials, seat numbers and hyphens', () => {
    expect(transliterate('R.K. Puram')).toBe('आरके पुरम');
    expect(transliterate('B.H.E.L Ranipur')).toBe('बीएचईएल रानीपुर');
    expect(transliterate('Dimapur-Ii', { state: 'NL' })).toMatch(/-2$/);
    expect(transliterate('Indore-3')).toMatch(/-3$/);
    expect(transliterate('Baran-Atru')).toContain('-');
  });

  it('follows regional habits: doubled t is retroflex in the south, dental in the north', () => {
    expect(transliterate('Kottayam', { state: 'KL' })).toContain('ट्ट');
    expect(transliterate('Uttar')).toBe('उत्तर');
    expect(transliterate('Chhattisgarh')).toContain('त्त');
  });

  it('always gives a name in house style, whatever the input', () => {
    for (const en of [
      'Champaran',
      'Ambala',
      'Kanchipuram',
      'Zahirabad',
      'Lahaul & Spiti',
      'Kakch:Ng',
      "O'Brien",
    ]) {
      const hi = transliterate(en);
      expect(houseStyleProblems(hi), `${en} → ${hi}`).toEqual([]);
    }
  });

  it('builds a lexicon from names word by word, skipping pairs whose words do not line up', () => {
    const lexicon = lexiconFrom([
      ['Lucknow Central', 'लखनऊ मध्य'],
      ['Rae Bareli', 'रायबरेली'],
    ]);
    expect(lexicon.get('lucknow')).toBe('लखनऊ');
    expect(lexicon.has('central')).toBe(false); // a house-style word, never learned
    expect(lexicon.has('rae')).toBe(false);
  });
});

describe('transliteration accuracy (scripts/transliteration-eval.ts)', () => {
  it('splits names into tune and held-out halves by a stable hash, about evenly', () => {
    expect(isHeldOut('Hathras')).toBe(isHeldOut('hathras'));
    const names = ['Agra', 'Aligarh', 'Banda', 'Bhind', 'Churu', 'Dhar', 'Etah', 'Guna', 'Hisar', 'Jind'];
    const held = names.filter(isHeldOut).length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(names.length);
  });

  it('stays at or above the figures in content/catalogue/README.md on the held-out halves', () => {
    const { sets } = evaluate();
    const pc = sets.pc?.['held-out'];
    const seg = sets['segment-checked']?.['held-out'];
    expect(pc?.n).toBe(272);
    expect(pc?.exact).toBeGreaterThanOrEqual(0.37);
    expect(seg?.n).toBeGreaterThan(600);
    expect(seg?.exact).toBeGreaterThanOrEqual(0.39);
  }, 30_000);
});
