import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBriefings } from '../../src/briefings/load.js';
import { readCatalogueYamlFast } from '../../src/catalog/catalog.js';
import {
  CONTENT_ROOT_ENV,
  catalogueYaml,
  SEATS,
  STATES,
  standardContent,
  TEST_BRIEFINGS,
  TEST_STATES,
  testCatalog,
  writeContent,
} from './fixtures.js';

describe('test content (tests/helpers/fixtures.ts)', () => {
  it('when the slice is written, then the fast reader and the YAML parser read each file the same', () => {
    for (const state of TEST_STATES) {
      const text = catalogueYaml(state);
      const fast = readCatalogueYamlFast(text);
      expect(fast, state.code).toBeDefined();
      expect(isDeepStrictEqual(fast, parse(text)), state.code).toBe(true);
    }
  });

  it('when the slice is loaded, then named seats keep their names and the rest are marked fillers', () => {
    const catalog = testCatalog();
    expect(catalog.states.map((s) => s.code).sort()).toEqual(['BR', 'CH', 'DL', 'GA', 'MH', 'UP']);
    expect(catalog.pcsOfState('UP')).toHaveLength(STATES.up.pcCount);
    expect(catalog.byCode('UP-16')).toMatchObject({
      nameHi: SEATS.hathras.nameHi,
      nameEn: 'Hathras',
      reserved: 'SC',
    });
    expect(catalog.byCode('UP-16')?.segments.map((s) => s.nameHi)).toContain('सिकंदराराऊ');
    expect(catalog.byCode('UP-3')).toMatchObject({ nameEn: 'Test seat UP-3', nameHi: 'परीक्षण सीट UP-3' });
    expect(catalog.byCode('UP-81')).toBeUndefined();
  });

  it('when the standard content is written, then its briefings load, say they are test briefings and link up', () => {
    const content = standardContent();
    const { briefings, problems } = loadBriefings(content.briefingsDir, { catalog: content.catalog() });
    expect(problems).toEqual([]);
    expect(briefings.map((b) => b.id).sort()).toEqual(
      [TEST_BRIEFINGS.ghazipur.id, TEST_BRIEFINGS.hathras.id].sort(),
    );
    for (const b of briefings) {
      expect(b.title).toContain('परीक्षण ब्रीफिंग');
      expect(b.summary).toContain('परीक्षण ब्रीफिंग');
      expect(b.body).toContain('यह परीक्षण ब्रीफिंग है');
    }
    expect(briefings.find((b) => b.id === TEST_BRIEFINGS.hathras.id)?.alsoRead).toEqual([
      { kind: 'briefing', id: TEST_BRIEFINGS.ghazipur.id },
    ]);
  });

  it('when a test writes its own content, then it lands in the run folder and remove() deletes it', () => {
    const root = process.env[CONTENT_ROOT_ENV];
    expect(root).toBeTypeOf('string');
    const content = writeContent({ states: [STATES.ch], briefings: [{ id: 'x', text: 'not checked here' }] });
    expect(content.dir.startsWith(`${root}/`)).toBe(true);
    expect(readdirSync(content.catalogueDir)).toEqual(['CH.yaml']);
    expect(readFileSync(join(content.briefingsDir, 'x.md'), 'utf8')).toBe('not checked here');
    content.remove();
    expect(readdirSync(root as string)).not.toContain(content.dir.slice((root as string).length + 1));
  });
});
