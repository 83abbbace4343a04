import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from '../../src/briefings/split.js';
import type { Briefing } from '../../src/briefings/types.js';
import { composeDigest, type DigestInput } from '../../src/digest/compose.js';
import { createI18n } from '../../src/i18n/index.js';
import { testCatalog } from '../helpers/fixtures.js';
import { fictional, ist } from './digest-env.js';

const i18n = createI18n('locales');
const catalog = testCatalog();
const AT = ist('2024-05-20', '07:00');

function input(briefings: Briefing[], over: Partial<DigestInput> = {}): DigestInput {
  return {
    briefings,
    reader: { lang: 'hi', pcs: ['UP-16', 'UP-75'] },
    i18n,
    catalog,
    botUsername: 'chunav_test_bot',
    slot: '07:00',
    at: AT,
    ...over,
  };
}

const hathras = (id: string, hour: string, n: string) =>
  fictional(id, { kind: 'pcs', pcs: ['UP-16'] }, ist('2024-05-20', hour), n);

/** Tokens of the briefings in a digest, in order. */
const tokens = (text: string | undefined) =>
  [...(text ?? '').matchAll(/परीक्षण ब्रीफिंग (\w+) \(/g)].map((m) => m[1] as string);

describe('composeDigest (pure)', () => {
  it('when there is nothing new, then there is no digest', () => {
    expect(composeDigest(input([]))).toBeUndefined();
  });

  it('when briefings span seats, a state and the country, then they are grouped, groups by their newest, newest first', () => {
    const text = composeDigest(
      input([
        hathras('t-h1', '01:00', 'H1'),
        fictional('t-g1', { kind: 'pcs', pcs: ['UP-75'] }, ist('2024-05-20', '03:00'), 'G1'),
        hathras('t-h2', '05:00', 'H2'),
        fictional('t-n1', { kind: 'national' }, ist('2024-05-20', '02:00'), 'N1'),
        fictional('t-s1', { kind: 'state', state: 'UP' }, ist('2024-05-20', '04:00'), 'S1'),
      ]),
    );
    expect(tokens(text)).toEqual(['H2', 'H1', 'S1', 'G1', 'N1']);
    expect(text).toMatch(/^<b>🗞 सुबह का सार · 20 मई<\/b>\n\n<b>📍 हाथरस<\/b>\n• /);
    expect(text).toMatch(/📍 हाथरस[\s\S]*📍 उत्तर प्रदेश: पूरे राज्य से[\s\S]*📍 गाजीपुर[\s\S]*📍 देश भर से/);
    // One heading per group, however many briefings it holds.
    expect(text?.match(/📍 हाथरस/g)).toHaveLength(1);
    expect(text).toContain(
      '• <b><a href="https://t.me/chunav_test_bot?start=b_t-h2">परीक्षण ब्रीफिंग H2 (परीक्षण हेतु काल्पनिक)</a></b>\nसार H2: यह ब्रीफिंग परीक्षण हेतु काल्पनिक है।',
    );
    expect(text).not.toContain('और पढ़ें');
  });

  it('when the reader reads English, then headings and dates are English and briefing texts stay as written', () => {
    const text = composeDigest(
      input([hathras('t-h1', '01:00', 'H1')], {
        reader: { lang: 'en', pcs: ['UP-16'] },
        slot: '19:00',
        at: ist('2024-05-20', '19:00'),
      }),
    );
    expect(text).toContain('<b>🗞 Evening digest · 20 May</b>');
    expect(text).toContain('<b>📍 Hathras</b>');
    expect(text).toContain('परीक्षण ब्रीफिंग H1');
    expect(text).not.toMatch(/[\u0900-\u097F]+ का सार/);
  });

  it('when DIGEST_TZ is not India time, then the heading carries the run’s date in that zone', () => {
    // 22:00 on 20 May in New York is already 21 May in India.
    const at = new TZDate(2024, 4, 20, 22, 0, 0, 'America/New_York').getTime();
    const text = composeDigest(
      input([fictional('t-h1', { kind: 'pcs', pcs: ['UP-16'] }, at - 3600_000, 'H1')], {
        slot: '22:00',
        at,
        tz: 'America/New_York',
      }),
    );
    expect(text).toMatch(/^<b>🗞 रात का सार · 20 मई<\/b>/);
  });

  it('when one briefing is for two of the reader’s seats, then it is listed once, under the first', () => {
    const both = fictional(
      't-both',
      { kind: 'pcs', pcs: ['UP-75', 'UP-16'] },
      ist('2024-05-20', '05:00'),
      'B1',
    );
    const text = composeDigest(input([both]));
    expect(tokens(text)).toEqual(['B1']);
    expect(text).toContain('📍 गाजीपुर');
    expect(text).not.toContain('📍 हाथरस');
  });

  it('when titles and summaries hold HTML characters, then they are escaped', () => {
    const b = {
      ...hathras('t-x', '05:00', 'X1'),
      title: 'A <b> & "B" (परीक्षण हेतु काल्पनिक)',
      summary: '1 < 2 & 3 > 2\nदूसरी पंक्ति',
    };
    const text = composeDigest(input([b])) ?? '';
    expect(text).toContain('A &lt;b&gt; &amp; &quot;B&quot; (परीक्षण हेतु काल्पनिक)');
    // One line of summary.
    expect(text).toContain('1 &lt; 2 &amp; 3 &gt; 2 दूसरी पंक्ति');
  });

  it('when a briefing has a photo, then the digest stays text with a 📷 link to an https photo, and none for a Telegram file id', () => {
    const withUrl = {
      ...hathras('t-p1', '05:00', 'P1'),
      photo: { kind: 'url' as const, url: 'https://example.com/p.jpg' },
    };
    const withId = {
      ...hathras('t-p2', '04:00', 'P2'),
      photo: { kind: 'telegram' as const, fileId: 'AgACAgIAAxkBAAIBdGZ0' },
    };
    const text = composeDigest(input([withUrl, withId])) ?? '';
    expect(tokens(text)).toEqual(['P1', 'P2']);
    expect(text.match(/📷/g)).toHaveLength(1);
    expect(text).toContain('<a href="https://example.com/p.jpg">📷</a>');
    expect(text).not.toContain('AgACAgIAAxkBAAIBdGZ0');
  });

  it('when more briefings came than one message holds, then the newest that fit are kept within 4096 and "और पढ़ें" ends it', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...hathras(`t-m${i}`, `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`, `M${i}`),
      summary: `सार M${i}: ${'यह ब्रीफिंग परीक्षण हेतु काल्पनिक है। '.repeat(6)}`,
    }));
    const text = composeDigest(input(many)) ?? '';
    const length = telegramTextLength(text);
    expect(length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    expect(length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 400);
    expect(text.endsWith('\n\n➕ और पढ़ें: /latest')).toBe(true);
    const kept = tokens(text);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(40);
    // Newest first, and the newest of all is there.
    expect(kept[0]).toBe('M39');
    expect(kept).toEqual([...kept].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))));
  });

  it('when everything fits exactly, then no "more" line; when the store had more, then the line is there', () => {
    const one = [hathras('t-h1', '01:00', 'H1')];
    const full = composeDigest(input(one)) ?? '';
    const exact = composeDigest(input(one, { limit: telegramTextLength(full) }));
    expect(exact).toBe(full);
    const tooSmall = composeDigest(input(one, { limit: telegramTextLength(full) - 1 })) ?? '';
    expect(tokens(tooSmall)).toEqual([]);
    expect(tooSmall).toContain('और पढ़ें: /latest');
    expect(composeDigest(input(one, { more: true }))).toBe(`${full}\n\n➕ और पढ़ें: /latest`);
    expect(composeDigest(input(one, { more: true, reader: { lang: 'en', pcs: ['UP-16'] } }))).toMatch(
      /Read more: \/latest$/,
    );
  });

  it('when the "more" line would not fit after the last briefing, then that briefing gives way to it', () => {
    const two = [hathras('t-h1', '01:00', 'H1'), hathras('t-h2', '02:00', 'H2')];
    const full = composeDigest(input(two)) ?? '';
    for (const limit of [telegramTextLength(full), telegramTextLength(full) + 10]) {
      const text = composeDigest(input(two, { more: true, limit })) ?? '';
      expect(telegramTextLength(text)).toBeLessThanOrEqual(limit);
      expect(tokens(text)).toEqual(['H2']);
      expect(text.endsWith('और पढ़ें: /latest')).toBe(true);
    }
  });

  it('when composed twice from the same input, then the text is the same (pure)', () => {
    const bs = [hathras('t-h1', '01:00', 'H1'), hathras('t-h2', '02:00', 'H2')];
    expect(composeDigest(input(bs))).toBe(composeDigest(input([...bs].reverse())));
  });
});
