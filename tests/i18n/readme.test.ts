import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScheduleTime } from '../../src/delivery/schedule-time.js';
import { createI18n } from '../../src/i18n/index.js';

const i18n = createI18n('locales');
const readme = readFileSync('README.md', 'utf8');

describe('README shows what the bot shows', () => {
  it('when the README names a Hindi button in brackets, then the bot has that button', () => {
    // Button labels take no parameters (the ✅ mark of a chosen one is added around a label).
    const labels = new Set(
      i18n
        .keys('hi')
        .filter((k) => /(^|[.-])button/.test(k) && k !== 'digest.button-chosen')
        .map((k) => i18n.t('hi', k)),
    );
    const named = [...readme.matchAll(/\[([^\]\n]*[\u0900-\u097F][^\]\n]*)\]/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThanOrEqual(6);
    expect(named.filter((b) => !labels.has(b))).toEqual([]);
  });

  it('when the README shows a time to schedule with, then it is read as a time to come', () => {
    const examples = [...readme.matchAll(/--at "([^"]+)"/g)].map((m) => m[1] as string);
    expect(examples.length).toBeGreaterThan(0);
    for (const at of examples) {
      const parsed = parseScheduleTime(at, Date.now(), 'Asia/Kolkata');
      expect(parsed.ok, at).toBe(true);
    }
  });
});
