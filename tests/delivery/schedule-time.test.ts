import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { daysFromToday, parseScheduleTime } from '../../src/delivery/schedule-time.js';

const TZ = 'Asia/Kolkata';
/** An instant given as India wall time. */
const ist = (y: number, mo: number, d: number, h: number, mi = 0) =>
  new TZDate(y, mo - 1, d, h, mi, 0, TZ).getTime();
/** The fixed clock: Friday 20 November 2026, 12:00 noon in India. */
const NOW = ist(2026, 11, 20, 12, 0);

const READ: Array<[string, number]> = [
  ['18:30', ist(2026, 11, 20, 18, 30)],
  ['18.30', ist(2026, 11, 20, 18, 30)],
  ['09:00', ist(2026, 11, 21, 9, 0)], // already past today: tomorrow
  ['आज 18:30', ist(2026, 11, 20, 18, 30)],
  ['आज शाम 6:30', ist(2026, 11, 20, 18, 30)],
  ['शाम 6:30', ist(2026, 11, 20, 18, 30)],
  ['शाम 6 बजे', ist(2026, 11, 20, 18, 0)],
  ['शाम 18:30', ist(2026, 11, 20, 18, 30)],
  ['दोपहर 3 बजे', ist(2026, 11, 20, 15, 0)],
  ['रात 9 बजे', ist(2026, 11, 20, 21, 0)],
  ['आज रात 12 बजे', ist(2026, 11, 21, 0, 0)],
  ['आज रात 1 बजे', ist(2026, 11, 21, 1, 0)],
  ['कल 07:00', ist(2026, 11, 21, 7, 0)],
  ['कल सुबह 7 बजे', ist(2026, 11, 21, 7, 0)],
  ['कल सवेरे 7:15 बजे', ist(2026, 11, 21, 7, 15)],
  ['परसों 10 बजे', ist(2026, 11, 22, 10, 0)],
  ['परसों को 10 बजे', ist(2026, 11, 22, 10, 0)],
  ['26/11 18:30', ist(2026, 11, 26, 18, 30)],
  ['26-11 18:30', ist(2026, 11, 26, 18, 30)],
  ['26/11/2026 18:30', ist(2026, 11, 26, 18, 30)],
  ['26 नवंबर शाम 6 बजे', ist(2026, 11, 26, 18, 0)],
  ['26 नवम्बर को शाम 6 बजे', ist(2026, 11, 26, 18, 0)],
  ['26 नवंबर 2026, 18:30', ist(2026, 11, 26, 18, 30)],
  ['१ दिसंबर सुबह ९ बजे', ist(2026, 12, 1, 9, 0)],
  ['2026-11-26 18:30', ist(2026, 11, 26, 18, 30)],
  ['  2026-11-26   18:30 ', ist(2026, 11, 26, 18, 30)],
  ['today 6:30 pm', ist(2026, 11, 20, 18, 30)],
  ['today 6:30pm', ist(2026, 11, 20, 18, 30)],
  ['tomorrow 7am', ist(2026, 11, 21, 7, 0)],
  ['Tomorrow 7 AM', ist(2026, 11, 21, 7, 0)],
  ['tomorrow 12 pm', ist(2026, 11, 21, 12, 0)],
  ['tomorrow at 7 in the morning', ist(2026, 11, 21, 7, 0)],
  ['day after tomorrow 10:00', ist(2026, 11, 22, 10, 0)],
  ['26 Nov 6 pm', ist(2026, 11, 26, 18, 0)],
  ['26 November 6:30 pm', ist(2026, 11, 26, 18, 30)],
  ['Nov 26, 6 pm', ist(2026, 11, 26, 18, 0)],
  ['6 pm', ist(2026, 11, 20, 18, 0)],
];

const REFUSED: Array<[string, string]> = [
  ['', 'format'],
  ['कभी भी', 'format'],
  ['10', 'format'],
  ['26/11', 'format'],
  ['25:00', 'format'],
  ['18:75', 'format'],
  ['tomorrow 13 pm', 'hour'],
  ['सुबह 18:30', 'hour'],
  ['शाम 1 बजे', 'hour'],
  ['31/11 18:30', 'date'],
  ['30 फरवरी शाम 6 बजे', 'date'],
  ['आज 09:00', 'past'],
  ['19/11 18:30', 'past'],
  ['2026-11-19 18:30', 'past'],
  ['2026-12-26 18:30', 'too-far'],
  ['2027-01-01 09:00', 'too-far'],
];

describe('parseScheduleTime (fixed clock: 20 Nov 2026, noon, India)', () => {
  it.each(READ)('when an editor types "%s", then it is read as that India time', (input, at) => {
    expect(parseScheduleTime(input, NOW, TZ)).toEqual({ ok: true, at });
  });

  it.each(REFUSED)('when an editor types "%s", then it is refused as %s', (input, error) => {
    expect(parseScheduleTime(input, NOW, TZ)).toMatchObject({ ok: false, error });
  });

  it('when a past time is refused, then the answer carries the time it read, to name it', () => {
    expect(parseScheduleTime('आज 09:00', NOW, TZ)).toEqual({
      ok: false,
      error: 'past',
      at: ist(2026, 11, 20, 9),
    });
  });

  it('when the server runs in another zone, then times are still read in India time', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(parseScheduleTime('कल सुबह 7 बजे', NOW, TZ)).toEqual({ ok: true, at: ist(2026, 11, 21, 7) });
    } finally {
      process.env.TZ = before;
    }
  });

  it('counts calendar days in India, not 24-hour spans', () => {
    expect(daysFromToday(ist(2026, 11, 20, 23, 59), NOW, TZ)).toBe(0);
    expect(daysFromToday(ist(2026, 11, 21, 0, 1), NOW, TZ)).toBe(1);
    expect(daysFromToday(ist(2026, 11, 22, 10), NOW, TZ)).toBe(2);
  });
});
