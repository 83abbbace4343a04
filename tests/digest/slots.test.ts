import { describe, expect, it } from 'vitest';
import { dayPartOfHour, formatSlotClock } from '../../src/briefings/format-time.js';
import { parseConfig } from '../../src/config.js';
import { isQuietTime } from '../../src/delivery/quiet-hours.js';
import { catchUpWindow, ON_TIME_GRACE_MS } from '../../src/digest/run-slot.js';
import {
  dateInTz,
  latestOccurrence,
  schedulerId,
  slotCron,
  slotHour,
  slotInstant,
  slotOfSchedulerId,
} from '../../src/digest/slots.js';
import { createI18n } from '../../src/i18n/index.js';

const TZ = 'Asia/Kolkata';
const hi = createI18n('locales').forLang('hi');

describe('digest slots', () => {
  it('when a slot names a scheduler, then its id holds no ":" and maps back', () => {
    expect(schedulerId('07:00')).toBe('digest-0700');
    expect(schedulerId('19:30')).not.toContain(':');
    expect(slotOfSchedulerId('digest-1930')).toBe('19:30');
    expect(slotOfSchedulerId('digest-2560')).toBeUndefined();
    expect(slotOfSchedulerId('other')).toBeUndefined();
    expect(() => schedulerId('7:00')).toThrow(/HH:MM/);
  });

  it('when a slot becomes a cron pattern, then it fires daily at that minute', () => {
    expect(slotCron('07:00')).toBe('0 7 * * *');
    expect(slotCron('19:45')).toBe('45 19 * * *');
  });

  it('when times are read in IST, then dates and instants follow India, not the server', () => {
    const at = slotInstant('2024-05-20', '07:00', TZ);
    expect(new Date(at).toISOString()).toBe('2024-05-20T01:30:00.000Z');
    // 00:30 IST on the 21st is still the 20th in UTC.
    expect(dateInTz(Date.parse('2024-05-20T19:00:00Z'), TZ)).toBe('2024-05-21');
  });

  it('when asked for a slot’s latest time, then it is today’s once passed, else yesterday’s (across month ends)', () => {
    const now = slotInstant('2024-06-01', '06:59', TZ);
    expect(latestOccurrence('07:00', now, TZ)).toEqual({
      date: '2024-05-31',
      at: slotInstant('2024-05-31', '07:00', TZ),
    });
    expect(latestOccurrence('06:59', now, TZ)).toEqual({ date: '2024-06-01', at: now });
    expect(latestOccurrence('19:00', slotInstant('2024-01-01', '00:10', TZ), TZ).date).toBe('2023-12-31');
  });

  it('when a slot is said in words, then part of day and 12-hour clock fit how people say it', () => {
    expect(
      ['04:00', '07:00', '11:59', '12:00', '13:00', '16:00', '19:00', '20:00', '00:00'].map((s) =>
        dayPartOfHour(slotHour(s)),
      ),
    ).toEqual([
      'morning',
      'morning',
      'morning',
      'afternoon',
      'afternoon',
      'evening',
      'evening',
      'night',
      'night',
    ]);
    expect(['07:00', '13:00', '19:30', '00:00', '12:15'].map((s) => formatSlotClock(s, hi))).toEqual([
      'सुबह 7 बजे',
      'दोपहर 1 बजे',
      'शाम 7:30 बजे',
      'रात 12 बजे',
      'दोपहर 12:15 बजे',
    ]);
  });
});

describe('DIGEST_CATCHUP', () => {
  it('when unset, then a missed slot is caught up for 2 hours', () => {
    expect(parseConfig({}).digestCatchupMs).toBe(2 * 3600_000);
  });

  it('when given as 90, 90m, 1h30m or 3h, then it is read as minutes or hours', () => {
    expect(
      ['90', '90m', '1h30m', '3h', '0'].map(
        (v) => parseConfig({ DIGEST_CATCHUP: v }).digestCatchupMs / 60_000,
      ),
    ).toEqual([90, 90, 90, 180, 0]);
  });

  it('when it is not a duration or longer than a day, then the variable is named', () => {
    expect(() => parseConfig({ DIGEST_CATCHUP: 'soon' })).toThrow(/DIGEST_CATCHUP: a duration/);
    expect(() => parseConfig({ DIGEST_CATCHUP: '25h' })).toThrow(/DIGEST_CATCHUP: at most 24h/);
  });

  it('when it is 0, then a slot run by a live worker a little late still counts as on time', () => {
    expect(catchUpWindow(0)).toBe(ON_TIME_GRACE_MS);
    expect(catchUpWindow(2 * 3600_000)).toBe(2 * 3600_000);
  });
});

describe('quiet hours (breaking briefings at night arrive silently)', () => {
  const at = (hhmm: string) => slotInstant('2024-05-20', hhmm, TZ);
  it('when the span crosses midnight, then late evening and early morning are quiet and the day is not', () => {
    expect(['22:00', '23:59', '00:00', '06:59'].map((t) => isQuietTime(at(t), TZ, '22:00', '07:00'))).toEqual(
      [true, true, true, true],
    );
    expect(['07:00', '12:00', '21:59'].map((t) => isQuietTime(at(t), TZ, '22:00', '07:00'))).toEqual([
      false,
      false,
      false,
    ]);
  });
});
