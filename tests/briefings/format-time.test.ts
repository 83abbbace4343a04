import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { formatBriefingTime, formatDay, formatSlotClock } from '../../src/briefings/format-time.js';
import { createI18n, type Translate } from '../../src/i18n/index.js';

const i18n = createI18n('locales');
const hi = i18n.forLang('hi');
const en = i18n.forLang('en');

const ist = (mo: number, d: number, h: number, mi = 0) =>
  new TZDate(2024, mo - 1, d, h, mi, 0, 'Asia/Kolkata').getTime();

describe('times as Hindi newsrooms print them', () => {
  it.each([
    [ist(5, 4, 18, 35), '4 मई 2024, शाम 6:35 बजे', '4 May 2024, 6:35 pm'],
    [ist(5, 4, 7, 0), '4 मई 2024, सुबह 7 बजे', '4 May 2024, 7 am'],
    [ist(5, 4, 12, 5), '4 मई 2024, दोपहर 12:05 बजे', '4 May 2024, 12:05 pm'],
    [ist(5, 4, 15, 59), '4 मई 2024, दोपहर 3:59 बजे', '4 May 2024, 3:59 pm'],
    [ist(5, 4, 20, 0), '4 मई 2024, रात 8 बजे', '4 May 2024, 8 pm'],
    [ist(5, 4, 0, 30), '4 मई 2024, रात 12:30 बजे', '4 May 2024, 12:30 am'],
    [ist(5, 4, 3, 10), '4 मई 2024, रात 3:10 बजे', '4 May 2024, 3:10 am'],
    [ist(11, 26, 4, 0), '26 नवंबर 2024, सुबह 4 बजे', '26 November 2024, 4 am'],
  ])('%s → %s / %s', (ms, inHindi, inEnglish) => {
    expect(formatBriefingTime(ms, hi)).toBe(inHindi);
    expect(formatBriefingTime(ms, en)).toBe(inEnglish);
  });

  it('when the server runs in another zone, then the India date and hour are printed', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(formatBriefingTime(ist(2, 1, 0, 15) + 1, hi)).toBe('1 फरवरी 2024, रात 12:15 बजे');
    } finally {
      process.env.TZ = before;
    }
  });

  it('when a zone is given (DIGEST_TZ), then the date and hour are that zone’s', () => {
    // 18:35 in India is 14:05 in London (summer time) and 9:05 in New York.
    const ms = ist(5, 4, 18, 35);
    expect(formatBriefingTime(ms, hi, 'Europe/London')).toBe('4 मई 2024, दोपहर 2:05 बजे');
    expect(formatBriefingTime(ms, en, 'America/New_York')).toBe('4 May 2024, 9:05 am');
    // The same instant without a zone is still India time.
    expect(formatBriefingTime(ms, hi)).toBe('4 मई 2024, शाम 6:35 बजे');
    expect(formatDay(ist(5, 5, 2), en, 'America/New_York')).toBe('4 May');
  });

  it('spells months one way, by the house style: anusvara, no nukta, Latin digits only', () => {
    const months = hi('time.months').split(' ');
    expect(months).toHaveLength(12);
    expect(en('time.months').split(' ')).toHaveLength(12);
    expect(months).toContain('फरवरी');
    expect(months.join(' ')).not.toMatch(/म्ब|़/);
    for (let m = 1; m <= 12; m++) expect(formatBriefingTime(ist(m, 9, 10), hi)).not.toMatch(/[०-९]/);
  });

  it('when a time is printed, then every word and pattern comes from the locale (time.*), none from the code', () => {
    const keysAsked: string[] = [];
    const t: Translate = (key, params) => {
      keysAsked.push(key);
      if (key === 'time.months') return 'M1 M2 M3 M4 M5 M6 M7 M8 M9 M10 M11 M12';
      return `[${key} ${Object.values(params ?? {}).join(' ')}]`;
    };
    expect(formatSlotClock('07:00', t)).toBe('[time.clock-morning 7]');
    expect(formatSlotClock('02:30', t)).toBe('[time.clock-after-midnight 2:30]');
    expect(formatSlotClock('22:00', t)).toBe('[time.clock-night 10]');
    expect(formatDay(ist(5, 5, 7), t)).toBe('[time.day 5 M5]');
    expect(formatBriefingTime(ist(5, 4, 18, 35), t)).toBe(
      '[time.moment 4 M5 2024 [time.clock-evening 6:35]]',
    );
    expect(keysAsked.every((k) => k.startsWith('time.'))).toBe(true);
  });

  it('gives the digest its day and a slot its clock', () => {
    expect(formatDay(ist(5, 5, 7), hi)).toBe('5 मई');
    expect(formatDay(ist(5, 5, 7), en)).toBe('5 May');
    expect(formatSlotClock('07:00', hi)).toBe('सुबह 7 बजे');
    expect(formatSlotClock('19:30', en)).toBe('7:30 pm');
  });
});
