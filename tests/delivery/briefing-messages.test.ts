import { parseTelegramHtml } from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';
import { renderBriefingList } from '../../src/briefings/render.js';
import type { Briefing } from '../../src/briefings/types.js';
import type { Outgoing } from '../../src/delivery/content-kind.js';
import { briefingLayoutChange, briefingMessages, CAPTION_LIMIT } from '../../src/delivery/kinds/briefing.js';
import { i18n, makeBriefing, TEST_BOT, testCatalog } from '../briefings/fixtures.js';

const PHOTO = 'https://example.com/p.jpg';
const ctx = { i18n, catalog: testCatalog(), botUsername: TEST_BOT };

/** A made-up briefing (it says so) with a body of about `n` characters. */
function briefing(n: number, over: Partial<Briefing> = {}): Briefing {
  const sentence = 'यह परीक्षण हेतु काल्पनिक वाक्य है। ';
  const body = sentence.repeat(Math.max(1, Math.ceil(n / sentence.length))).trim();
  return { ...makeBriefing({ id: 'test-photo', body }), ...over };
}

const visible = (o: Outgoing) =>
  o.method === 'text'
    ? parseTelegramHtml(o.text).text
    : o.method === 'photo'
      ? parseTelegramHtml(o.caption ?? '').text
      : '';

describe('briefingMessages: photos', () => {
  it('when the whole briefing fits a caption, then it is one photo with the briefing as caption; one character more, and it is text under a large preview', () => {
    // Find the longest body whose caption fits, by growing it a sentence at a time.
    let fits: Outgoing[] = [];
    let over: Outgoing[] = [];
    for (let n = 100; n < 2000; n += 40) {
      const m = briefingMessages(briefing(n, { photo: { kind: 'url', url: PHOTO } }), { ...ctx, lang: 'hi' });
      if (m[0]?.method === 'photo') fits = m;
      else {
        over = m;
        break;
      }
    }
    expect(fits).toHaveLength(1);
    expect(fits[0]).toMatchObject({ method: 'photo', photo: PHOTO, parseMode: 'HTML' });
    expect(visible(fits[0] as Outgoing).length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({
      method: 'text',
      linkPreview: { url: PHOTO, prefer_large_media: true, show_above_text: true },
    });
    expect(visible(over[0] as Outgoing).length).toBeGreaterThan(CAPTION_LIMIT);
  });

  it('when a photo by file id comes with a long text, then the photo comes alone first and the text follows whole', () => {
    const b = briefing(9000, { photo: { kind: 'telegram', fileId: 'AgACAgIAAxkBAAIBdGZ0' } });
    const m = briefingMessages(b, { ...ctx, lang: 'en' });
    expect(m[0]).toEqual({ method: 'photo', photo: 'AgACAgIAAxkBAAIBdGZ0' });
    expect(m.slice(1).every((o) => o.method === 'text')).toBe(true);
    expect(m.length).toBeGreaterThanOrEqual(4);
    const text = m.slice(1).map(visible).join(' ');
    // Every sentence of the body is there: nothing is cut.
    expect(text.split('यह परीक्षण हेतु काल्पनिक वाक्य है।').length - 1).toBe(
      b.body.split('यह परीक्षण हेतु काल्पनिक वाक्य है।').length - 1,
    );
  });

  it('when a briefing is revised, then readers see "संशोधित" with the time of the revision, in their language', () => {
    const at = Date.parse('2026-11-30T14:05:00+05:30');
    const b = briefing(200, { revision: 2, updatedAt: at });
    expect(visible(briefingMessages(b, { ...ctx, lang: 'hi' })[0] as Outgoing)).toContain(
      '✏️ संशोधित: 30 नवंबर 2026, दोपहर 2:05 बजे',
    );
    expect(visible(briefingMessages(b, { ...ctx, lang: 'en' })[0] as Outgoing)).toContain(
      '✏️ Updated: 30 November 2026, 2:05 pm',
    );
    expect(
      visible(briefingMessages({ ...b, revision: 1 }, { ...ctx, lang: 'hi' })[0] as Outgoing),
    ).not.toContain('संशोधित');
  });

  it('when an edit would need more messages or another photo than readers hold, then it is named as a layout change', () => {
    const short = briefing(200, { photo: { kind: 'url', url: PHOTO } });
    expect(briefingLayoutChange(short, { ...short, title: 'नया परीक्षण शीर्षक' }, [], ctx)).toBeUndefined();
    expect(briefingLayoutChange(short, briefing(3000, { photo: short.photo }), [], ctx)).toMatch(/photo/);
    expect(
      briefingLayoutChange(
        short,
        { ...short, photo: { kind: 'url', url: 'https://example.com/q.jpg' } },
        [],
        ctx,
      ),
    ).toMatch(/photo/);
    const text = briefing(200);
    expect(briefingLayoutChange(text, briefing(9000), [], ctx)).toMatch(/needs \d+/);
  });

  it('when a list shows a briefing with an https photo, then it has a link to the photo', () => {
    const html = renderBriefingList(
      { items: [briefing(100, { photo: { kind: 'url', url: PHOTO } })] },
      { ...ctx, lang: 'hi' },
    ).join('');
    expect(html).toContain(`<a href="${PHOTO}">📷 फोटो</a>`);
    const noLink = renderBriefingList(
      { items: [briefing(100, { photo: { kind: 'telegram', fileId: 'AgACAgIAAxkBAAIBdGZ0' } })] },
      { ...ctx, lang: 'hi' },
    ).join('');
    expect(noLink).not.toContain('📷');
  });
});
