import { describe, expect, it } from 'vitest';
import { i18n } from './fixtures.js';

/** Every key the briefings code uses, with the parameters it passes. */
const USED: [string, Record<string, string>][] = [
  ['briefing.pc-one', { names: 'हाथरस' }],
  ['briefing.pc-many', { names: 'हाथरस, गाजीपुर' }],
  ['briefing.ac-one', { names: 'सिकंदराराऊ' }],
  ['briefing.ac-many', { names: 'सिकंदराराऊ, सादाबाद' }],
  ['briefing.seats-both', { pcs: 'हाथरस', acs: 'सिकंदराराऊ' }],
  ['briefing.scope-state', { state: 'उत्तर प्रदेश' }],
  ['briefing.scope-national', {}],
  ['briefing.published', { time: '4 मई 2024, सुबह 10 बजे' }],
  ['briefing.revised', { time: '30 नवंबर 2026, दोपहर 2:05 बजे' }],
  ['briefing.photo-link', {}],
  ['briefing.source', { link: 'x' }],
  ['briefing.source-link', {}],
  ['briefing.also-read', {}],
  ['briefing.not-found', {}],
  ['latest.title', {}],
  ['latest.title-pc', { pc: 'हाथरस' }],
  ['latest.title-ac', { ac: 'सिकंदराराऊ' }],
  ['latest.empty', {}],
  ['latest.no-seats', {}],
];

describe('briefing and latest locale keys', () => {
  it('hi and en hold the same briefing.* and latest.* keys', () => {
    const mine = (lang: 'hi' | 'en') =>
      i18n
        .keys(lang)
        .filter((k) => /^(briefing|latest)\./.test(k))
        .sort();
    expect(mine('hi')).toEqual(mine('en'));
    expect(mine('hi')).toEqual(USED.map(([k]) => k).sort());
  });

  it.each(USED)('%s renders in both languages with the parameters the code passes', (key, params) => {
    for (const lang of ['hi', 'en'] as const) expect(i18n.t(lang, key, params).length).toBeGreaterThan(0);
  });

  it('uses the newsroom labels', () => {
    expect(i18n.t('hi', 'briefing.also-read')).toBe('ये भी पढ़ें');
    expect(i18n.t('hi', 'briefing.source', { link: 'x' })).toBe('स्रोत: x');
  });
});
