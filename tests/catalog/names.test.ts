import { describe, expect, it } from 'vitest';
import { pcName, pcNameOf, pcWithState, stateName } from '../../src/catalog/names.js';
import type { Constituency } from '../../src/catalog/types.js';
import { testCatalog } from '../helpers/fixtures.js';

describe('localized names', () => {
  const catalog = testCatalog();
  const hathras = catalog.byCode('UP-16') as Constituency;

  it('when a seat or state is named in Hindi or English, then the catalogue name in that language is used', () => {
    expect(pcName(hathras, 'hi')).toBe('हाथरस');
    expect(pcName(hathras, 'en')).toBe('Hathras');
    expect(stateName(catalog, 'UP', 'hi')).toBe('उत्तर प्रदेश');
    expect(stateName(catalog, 'UP', 'en')).toBe('Uttar Pradesh');
    expect(pcWithState(catalog, hathras, 'hi')).toBe('हाथरस (उत्तर प्रदेश)');
    expect(pcNameOf(catalog, 'UP-16', 'en')).toBe('Hathras');
  });

  it('when the catalogue has no Hindi name, then Hindi readers get the English one', () => {
    expect(pcName({ ...hathras, nameHi: '' }, 'hi')).toBe('Hathras');
  });

  it('when a code is not in the catalogue, then the code itself is shown', () => {
    expect(pcNameOf(catalog, 'ZZ-9', 'hi')).toBe('ZZ-9');
    expect(stateName(catalog, 'ZZ', 'en')).toBe('ZZ');
  });
});
