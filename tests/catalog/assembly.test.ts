import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acCode, MAX_AC_NO, NO_ASSEMBLY, parseAcCode } from '../../src/catalog/assembly.js';
import { CatalogError, loadCatalog, parsePcCode } from '../../src/catalog/catalog.js';
import { catalogueYaml, type StateSpec } from '../helpers/fixtures.js';

const catalog = loadCatalog();

/** Telegram's rule for a deep link's start parameter: 1-64 of A-Z, a-z, 0-9, _ and -. */
const START_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Seats in the assembly of each state and UT that has one (Election Commission figures; Puducherry's
 * 30 elected, not its nominated members). Assam and Jammu and Kashmir have assemblies, but their
 * post-2008 maps are not in the catalogue yet, so they offer none.
 */
// biome-ignore format: a table
const ASSEMBLY_SIZE: Record<string, number> = {
  AP: 175, AR: 60, BR: 243, CG: 90, DL: 70, GA: 40, GJ: 182, HP: 68, HR: 90, JH: 81, KA: 224, KL: 140,
  MH: 288, ML: 60, MN: 60, MP: 230, MZ: 40, NL: 60, OD: 147, PB: 117, PY: 30, RJ: 200, SK: 32, TN: 234,
  TR: 60, TS: 119, UK: 70, UP: 403, WB: 294, AS: 0, JK: 0,
};

describe('AC codes', () => {
  it('are unique, parse back to their state and number, and are never read as a PC code', () => {
    const codes = catalog.acs.map((ac) => ac.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const ac of catalog.acs) {
      expect(ac.code).toBe(acCode(ac.stateCode, ac.no));
      expect(parseAcCode(ac.code)).toEqual({ stateCode: ac.stateCode, no: ac.no });
      expect(parsePcCode(ac.code)).toBeUndefined();
    }
    for (const pc of catalog.pcs) expect(parseAcCode(pc.code)).toBeUndefined();
  });

  it('fit callback data and a deep link with room to spare', () => {
    for (const ac of catalog.acs) {
      expect(Buffer.byteLength(ac.code)).toBeLessThanOrEqual(7);
      expect(`ac_${ac.code}`).toMatch(START_PARAM);
    }
    // The longest possible code, inside the longest kind of callback the bot sends today (a tag and two fields).
    expect(Buffer.byteLength(`lp:${acCode('UP', MAX_AC_NO)}:9999999`)).toBeLessThanOrEqual(64);
  });

  it('parse in any case with spaces around, and refuse anything else', () => {
    expect(parseAcCode(' up-a80 ')).toEqual({ stateCode: 'UP', no: 80 });
    for (const bad of ['', 'UP-80', 'UP-A0', 'UP-A080', 'UP-A1000', 'UPA80', 'UP-AC-80', 'U-A80', 'UP-A8x']) {
      expect(parseAcCode(bad), bad).toBeUndefined();
    }
  });
});

describe('ACs in the shipped catalogue', () => {
  it('सिकंदराराऊ is UP-A80 in Hathras (UP-16), next to Sadabad (UP-A79)', () => {
    const ac = catalog.acByCode('UP-A80');
    expect(ac).toMatchObject({
      code: 'UP-A80',
      stateCode: 'UP',
      no: 80,
      nameEn: 'Sikandra Rao',
      nameHi: 'सिकंदराराऊ',
      reserved: 'GEN',
      pc: 'UP-16',
    });
    expect(ac?.aliases).toContain('सिकंदराराव');
    expect(catalog.acByCode(' up-a80 ')).toBe(ac);
    expect(catalog.acByCode('UP-A79')).toMatchObject({ nameEn: 'Sadabad', pc: 'UP-16' });
    expect(catalog.acsOfPc('UP-16').map((a) => [a.no, a.nameHi, a.reserved])).toEqual([
      [74, 'छर्रा', 'GEN'],
      [77, 'इगलास', 'SC'],
      [78, 'हाथरस', 'SC'],
      [79, 'सादाबाद', 'GEN'],
      [80, 'सिकंदराराऊ', 'GEN'],
    ]);
    expect(catalog.acsOfPc('up-16')).toBe(catalog.acsOfPc('UP-16'));
  });

  it('number as the assembly of each state does, and every segment of it is one AC', () => {
    for (const state of catalog.states) {
      const acs = catalog.acsOfState(state.code);
      const segments = catalog.pcsOfState(state.code).flatMap((pc) => pc.segments);
      const expected = NO_ASSEMBLY.has(state.code) ? 0 : ASSEMBLY_SIZE[state.code];
      expect(acs.length, state.code).toBe(expected);
      if (!NO_ASSEMBLY.has(state.code)) expect(acs.length, state.code).toBe(segments.length);
      expect(acs.map((a) => a.no)).toEqual([...acs.map((a) => a.no)].sort((a, b) => a - b));
    }
    expect(catalog.acs).toHaveLength(Object.values(ASSEMBLY_SIZE).reduce((a, b) => a + b, 0));
  });

  it('numbers every state from 1, Andhra Pradesh as the Election Commission has since 2014 (1 to 175)', () => {
    for (const state of catalog.states) {
      const nos = catalog.acsOfState(state.code).map((a) => a.no);
      if (nos.length === 0) continue;
      expect(nos, state.code).toEqual(Array.from({ length: nos.length }, (_, i) => 1 + i));
    }
    // The 2008 number less 119 (Telangana kept 1 to 119): Ichchapuram 1, Palakonda 10, Tirupati 167.
    expect(catalog.acByCode('AP-A1')?.nameEn).toBe('Ichchapuram');
    expect(catalog.acByCode('AP-A10')?.nameEn).toBe('Palakonda');
    expect(catalog.acByCode('AP-A167')?.nameEn).toBe('Tirupati');
    expect(catalog.acByCode('TS-A1')?.stateCode).toBe('TS');
  });

  it('offers none where there is no assembly, or its post-2008 map is not in the catalogue yet', () => {
    for (const code of ['AN', 'CH', 'DH', 'LA', 'LD', 'AS', 'JK'])
      expect(catalog.acsOfState(code), code).toEqual([]);
    expect(catalog.acsOfPc('CH-1')).toEqual([]);
    expect(catalog.acsOfPc('AS-1')).toEqual([]);
    expect(catalog.acsOfState('XX')).toEqual([]);
    expect(catalog.acsOfPc('UP-81')).toEqual([]);
    expect(catalog.acByCode('CH-A1')).toBeUndefined();
    expect(catalog.acByCode('UP-16')).toBeUndefined();
  });

  it('keep the segment’s names and lie in the PC whose segment they are, listed by state then number', () => {
    const seen: string[] = [];
    for (const ac of catalog.acs) {
      const pc = catalog.byCode(ac.pc);
      const segment = pc?.segments.find((s) => s.no === ac.no);
      expect(segment, ac.code).toBeDefined();
      expect([ac.nameEn, ac.nameHi, ac.nameHiSource, ac.reserved, ac.aliases]).toEqual([
        segment?.nameEn,
        segment?.nameHi,
        segment?.nameHiSource,
        segment?.reserved,
        segment?.aliases,
      ]);
      expect(catalog.acByCode(ac.code)).toBe(ac);
      expect(catalog.acsOfPc(ac.pc)).toContain(ac);
      seen.push(ac.code);
    }
    const inOrder = catalog.states.flatMap((s) => catalog.acsOfState(s.code).map((a) => a.code));
    expect(seen).toEqual(inOrder);
    expect(Object.isFrozen(catalog.acs)).toBe(true);
    expect(Object.isFrozen(catalog.acByCode('UP-A80'))).toBe(true);
  });
});

describe('the loader and ACs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function catalogueOf(...states: StateSpec[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-acs-'));
    dirs.push(dir);
    for (const s of states) writeFileSync(path.join(dir, `${s.code}.yaml`), catalogueYaml(s));
    return dir;
  }
  const state = (code: string, pcs: StateSpec['pcs']): StateSpec => ({
    code,
    nameEn: `Test state ${code}`,
    nameHi: 'परीक्षण राज्य',
    pcCount: pcs.length,
    pcs,
  });
  const seat = (no: number, segments: number[]) => ({
    no,
    nameEn: `Seat ${no}`,
    nameHi: `सीट ${no}`,
    segments: segments.map((n) => ({ no: n, nameEn: `Segment ${n}` })),
  });

  it('rejects an AC number in two PCs of a state, naming both', () => {
    const dir = catalogueOf(state('UP', [seat(1, [1, 2]), seat(2, [2, 3])]));
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
    expect(() => loadCatalog(dir)).toThrow(/UP\.yaml: pcs: segment 2 is in both UP-1 and UP-2/);
  });

  it('rejects an AC number its code cannot carry', () => {
    const dir = catalogueOf(state('UP', [seat(1, [1, MAX_AC_NO + 1])]));
    expect(() => loadCatalog(dir)).toThrow(/segment 1000 of UP-1: AC numbers stop at 999/);
  });

  it('makes no ACs where there is no assembly, so its PC-sized segments may share a number', () => {
    const loaded = loadCatalog(
      catalogueOf(state('DH', [seat(1, [1]), seat(2, [1])]), state('GA', [seat(1, [2, 1])])),
    );
    expect(loaded.acsOfState('DH')).toEqual([]);
    expect(loaded.acs.map((a) => a.code)).toEqual(['GA-A1', 'GA-A2']);
    expect(loaded.acsOfPc('GA-1').map((a) => a.no)).toEqual([1, 2]);
  });
});
