import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DIR, readState, renderState } from '../../scripts/catalogue/files.js';
import { houseStyleProblems, toHouseStyle } from '../../scripts/catalogue/house-style.js';

describe('house style', () => {
  it.each([
    ['चम्पारण', 'चंपारण'],
    ['अम्बाला', 'अंबाला'],
    ['नालन्दा', 'नालंदा'],
    ['चण्डीगढ़', 'चंडीगढ़'],
    ['भन्डारा', 'भंडारा'],
    ['राँची', 'रांची'],
    ['गाज़ियाबाद', 'गाजियाबाद'],
    ['मिज़ोरम', 'मिजोरम'],
    ['\u095bहीराबाद', 'जहीराबाद'], // precomposed ज़
    ['मुंबई - दक्षिण', 'मुंबई-दक्षिण'],
    ['लखनऊ   मध्य ', 'लखनऊ मध्य'],
  ])('%s → %s', (before, after) => {
    expect(toHouseStyle(before)).toBe(after);
    expect(toHouseStyle(after)).toBe(after);
  });

  it('keeps a half nasal before a nasal, semivowel, sibilant or h, and keeps ड़ and ढ़', () => {
    for (const name of ['कन्नौज', 'उन्नाव', 'जम्मू', 'कन्याकुमारी', 'कुम्हरार', 'अलीगढ़', 'बाड़मेर', 'खगड़िया']) {
      expect(toHouseStyle(name)).toBe(name);
      expect(houseStyleProblems(name), name).toEqual([]);
    }
  });

  it('names each problem of a name off style', () => {
    expect(houseStyleProblems('चम्पारण')).toEqual(['half nasal before a stop (write anusvara)']);
    expect(houseStyleProblems('चाँदनी चौक')).toEqual(['chandrabindu (write anusvara)']);
    expect(houseStyleProblems('गाज़ीपुर')).toEqual(['nukta on क़ ख़ ग़ ज़ फ़ (write without)']);
    expect(houseStyleProblems('मुंबई - दक्षिण')).toContain('spaces around a hyphen');
    expect(houseStyleProblems('Hathras')).toContain('not Devanagari words separated by one space or hyphen');
    expect(houseStyleProblems('लखनऊ  मध्य')).toContain(
      'not Devanagari words separated by one space or hyphen',
    );
    expect(houseStyleProblems('')).not.toEqual([]);
  });

  it('accepts seat numbers and an abbreviation dot', () => {
    expect(houseStyleProblems('इंदौर-1')).toEqual([]);
    expect(houseStyleProblems('डॉ. अंबेडकर नगर-महू')).toEqual([]);
  });
});

describe('catalogue tools: file layout', () => {
  const files = readdirSync(CATALOGUE_DIR).filter((f) => f.endsWith('.yaml'));

  it.each(files)('write %s back byte for byte after reading it', (file) => {
    const text = readFileSync(path.join(CATALOGUE_DIR, file), 'utf8');
    expect(renderState(readState(text))).toBe(text);
  });

  it('quote a value only where YAML would misread it', () => {
    const text = renderState({
      code: 'XX',
      name_en: 'Test',
      name_hi: 'परीक्षा',
      pcs: [
        {
          no: 1,
          code: 'XX-1',
          name_en: 'No',
          name_hi: 'नहीं',
          hi_from: 'checked',
          reserved: 'GEN',
          aliases: ['a: b', 'सिकंदरा राव'],
          segments: [
            {
              no: 1,
              name_en: '1e3',
              name_hi: 'एक',
              hi_from: 'translit',
              reserved: 'GEN',
              aliases: ['x, y'],
            },
          ],
        },
      ],
    });
    expect(text).toContain('name_en: "No"');
    expect(text).toContain('aliases: ["a: b", सिकंदरा राव]');
    expect(text).toContain(
      '- {no: 1, name_en: "1e3", name_hi: एक, hi_from: translit, reserved: GEN, aliases: ["x, y"]}',
    );
    expect(readState(text).pcs[0]?.segments[0]?.aliases).toEqual(['x, y']);
  });
});
