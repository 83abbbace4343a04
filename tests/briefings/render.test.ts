import { parseTelegramHtml } from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';
import { loadBriefings } from '../../src/briefings/load.js';
import { type RenderContext, renderBriefing, renderBriefingList } from '../../src/briefings/render.js';
import type { Briefing } from '../../src/briefings/types.js';
import type { Lang } from '../../src/i18n/index.js';
import { standardContent } from '../helpers/fixtures.js';
import { i18n, makeBriefing, TEST_BOT, TEST_BRIEFINGS, testCatalog, UNDATED_BRIEFING } from './fixtures.js';

// The tests' own two briefings (tests/helpers/fixtures.ts), loaded from files by the real loader.
const loaded = loadBriefings(standardContent().briefingsDir, { catalog: testCatalog() });
const briefings = loaded.briefings;
const byId = (id: string) => briefings.find((b) => b.id === id) as Briefing;
const HATHRAS = TEST_BRIEFINGS.hathras.id;
const GHAZIPUR = TEST_BRIEFINGS.ghazipur.id;

const ctx = (lang: Lang, extra: Partial<RenderContext> = {}): RenderContext => ({
  lang,
  i18n,
  catalog: testCatalog(),
  botUsername: TEST_BOT,
  related: briefings,
  ...extra,
});

/** Text and entities as Telegram would parse them; throws where Telegram would refuse the HTML. */
const telegramText = (html: string) => parseTelegramHtml(html).text;

describe('renderBriefing: the Hathras briefing', () => {
  it('when the test content is loaded, then both test briefings load without problems', () => {
    expect(loaded.problems).toEqual([]);
    expect(briefings.map((b) => b.id).sort()).toEqual([GHAZIPUR, HATHRAS]);
  });

  for (const lang of ['hi', 'en'] as const) {
    it(`when rendered in ${lang}, then it matches the snapshot and Telegram accepts it`, () => {
      const out = renderBriefing(byId(HATHRAS), ctx(lang));
      expect(out).toMatchSnapshot();
      expect(out.parts).toHaveLength(1);
      const text = telegramText(out.parts[0] as string);
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(out.buttons).toEqual([
        [
          {
            text: TEST_BRIEFINGS.ghazipur.title,
            url: `https://t.me/${TEST_BOT}?start=b_${GHAZIPUR}`,
          },
        ],
      ]);
      expect(out.linkPreview).toEqual({ is_disabled: true });
      // Dates keep Latin digits in both languages.
      expect(text).not.toMatch(/[०-९]/);
    });
  }

  it('when rendered, then the title is bold, the PC is named in the reader language and the time is printed as newsrooms print it', () => {
    const hi = renderBriefing(byId(HATHRAS), ctx('hi')).parts[0] as string;
    const en = renderBriefing(byId(HATHRAS), ctx('en')).parts[0] as string;
    expect(hi.startsWith(`<b>${TEST_BRIEFINGS.hathras.title}</b>\n`)).toBe(true);
    expect(hi).toContain('📍 लोकसभा सीट: हाथरस\n🕒 4 मई 2024, सुबह 10 बजे');
    expect(en).toContain('📍 Lok Sabha seat: Hathras\n🕒 4 May 2024, 10 am');
    expect(hi).toContain(
      `<b>ये भी पढ़ें</b>\n• <a href="https://t.me/ChunavTestBot?start=b_${GHAZIPUR}">${TEST_BRIEFINGS.ghazipur.title}</a>`,
    );
    expect(en).toContain('<b>Also read</b>');
  });

  it('when the Ghazipur briefing is rendered, then "also read" is topped up with the same-state Hathras briefing', () => {
    const out = renderBriefing(byId(GHAZIPUR), ctx('hi'));
    expect(out.alsoRead.map((l) => l.briefingId)).toEqual([HATHRAS]);
  });
});

describe('renderBriefing: rules', () => {
  it('when content holds HTML-like text, then everything is escaped and Telegram parses it', () => {
    const b = makeBriefing({
      id: 'escape',
      title: '<script>alert("x")</script> & <b>मोटा</b> (परीक्षण हेतु काल्पनिक)',
      body: 'पाठ में a < b & c > d "उद्धरण" और [लिंक](https://example.com/?a=1&b="2") (परीक्षण हेतु काल्पनिक)',
      tags: ['<i>टैग</i>'],
    });
    const out = renderBriefing(b, ctx('hi', { related: [] }));
    const html = out.parts[0] as string;
    expect(html).toContain(
      '<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;मोटा&lt;/b&gt;',
    );
    const parsed = parseTelegramHtml(html);
    expect(parsed.text).toContain('<script>alert("x")</script> & <b>मोटा</b>');
    expect(parsed.text).toContain('a < b & c > d "उद्धरण"');
    expect(parsed.entities.find((e) => e.type === 'text_link')).toMatchObject({
      url: 'https://example.com/?a=1&b=%222%22',
    });
  });

  it('when the briefing has a source, then the source is linked by its host and previewed', () => {
    const b = makeBriefing({ id: 'with-source', sourceUrl: 'https://www.example.com/news/1' });
    const hi = renderBriefing(b, ctx('hi', { related: [] }));
    expect(hi.parts[0]).toContain('स्रोत: <a href="https://www.example.com/news/1">example.com</a>');
    expect(hi.linkPreview).toEqual({ url: 'https://www.example.com/news/1' });
    expect(renderBriefing(b, ctx('en', { related: [] })).parts[0]).toContain('Source: <a href');
  });

  it('when the source is a tg:// link, then no preview is asked for and the generic label is used', () => {
    const b = makeBriefing({ id: 'tg-source', sourceUrl: 'tg://resolve?domain=example' });
    const out = renderBriefing(b, ctx('hi', { related: [] }));
    expect(out.linkPreview).toEqual({ is_disabled: true });
    expect(out.parts[0]).toContain('स्रोत: <a href="tg://resolve?domain=example">मूल खबर</a>');
  });

  it('when the briefing is for a state or the whole country, then the audience line says so', () => {
    const state = makeBriefing({ id: 'state-wide', scope: 'UP' });
    const national = makeBriefing({ id: 'national', scope: 'national' });
    const many = makeBriefing({ id: 'two-pcs', pcs: ['UP-16', 'UP-75'] });
    expect(renderBriefing(state, ctx('hi')).parts[0]).toContain('📍 उत्तर प्रदेश की सभी लोकसभा सीटें');
    expect(renderBriefing(state, ctx('en')).parts[0]).toContain('📍 All Lok Sabha seats in Uttar Pradesh');
    expect(renderBriefing(national, ctx('hi')).parts[0]).toContain('📍 देश भर की लोकसभा सीटें');
    expect(renderBriefing(many, ctx('hi')).parts[0]).toContain('📍 लोकसभा सीटें: हाथरस, गाजीपुर');
    expect(renderBriefing(many, ctx('en')).parts[0]).toContain('📍 Lok Sabha seats: Hathras, Ghazipur');
  });

  it('when the time is just after midnight IST, then the IST date is shown whatever the server zone', () => {
    const b = makeBriefing({ id: 'midnight', publishedAt: '2024-05-04T00:30:00+05:30' });
    expect(renderBriefing(b, ctx('hi')).parts[0]).toContain('🕒 4 मई 2024, रात 12:30 बजे');
    expect(renderBriefing(b, ctx('en')).parts[0]).toContain('🕒 4 May 2024, 12:30 am');
  });

  it('when the file gives no publication time, then no time line is shown in either language, only title, seat and body', () => {
    // Imported at 2024-05-05 10:00 IST: that instant orders it but is not news, so it must not appear.
    const b = makeBriefing(UNDATED_BRIEFING, Date.parse('2024-05-05T10:00:00+05:30'));
    expect(b.publishedAt).toBeUndefined();
    for (const lang of ['hi', 'en'] as const) {
      const html = renderBriefing(b, ctx(lang)).parts[0] as string;
      expect(html).not.toContain('🕒');
      expect(html).not.toMatch(/2024|मई|May|बजे|\bam\b|\bpm\b/);
      const seat = lang === 'hi' ? '📍 लोकसभा सीट: हाथरस' : '📍 Lok Sabha seat: Hathras';
      expect(html.startsWith(`<b>${UNDATED_BRIEFING.title}</b>\n${seat}\n\n`)).toBe(true);
      expect(() => parseTelegramHtml(html)).not.toThrow();
    }
  });

  it('when a briefing is longer than 4096, then it is split, each part valid, "also read" once at the very end', () => {
    const sentence = 'यह वाक्य परीक्षण हेतु काल्पनिक है और इसमें **कुछ शब्द मोटे** हैं 🗳️। ';
    const body = Array.from({ length: 14 }, (_, i) => `${i + 1}. अनुच्छेद: ${sentence.repeat(9)}`).join('\n\n');
    const b = makeBriefing({ id: 'long', body, alsoRead: [GHAZIPUR] });
    const out = renderBriefing(b, ctx('hi'));
    expect(out.parts.length).toBeGreaterThan(1);
    out.parts.forEach((p, i) => {
      const text = telegramText(p);
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text.includes('ये भी पढ़ें')).toBe(i === out.parts.length - 1);
    });
    expect(out.parts.join('').match(/ये भी पढ़ें/g)).toHaveLength(1);
    expect(out.parts[0]?.startsWith('<b>long (परीक्षण हेतु काल्पनिक)</b>')).toBe(true);
    expect(out.buttons.flat().map((x) => x.url)[0]).toBe(`https://t.me/${TEST_BOT}?start=b_${GHAZIPUR}`);
  });

  it('when a smaller limit is given, then no part exceeds it', () => {
    const out = renderBriefing(byId(HATHRAS), ctx('hi', { limit: 500 }));
    expect(out.parts.length).toBeGreaterThan(2);
    for (const p of out.parts) expect(telegramText(p).length).toBeLessThanOrEqual(500);
    expect(out.parts.at(-1)).toContain('ये भी पढ़ें');
  });

  it('when an also-read title is long, then its button text is clipped at a grapheme with an ellipsis', () => {
    const target = makeBriefing({ id: 'long-title', title: `${'क्षत्रिय '.repeat(10)}(परीक्षण हेतु काल्पनिक)` });
    const b = makeBriefing({ id: 'points', alsoRead: ['long-title'] });
    const [row] = renderBriefing(b, ctx('hi', { related: [target] })).buttons;
    expect(row?.[0]?.text.length).toBeLessThanOrEqual(64);
    expect(row?.[0]?.text.endsWith('…')).toBe(true);
  });

  it('when an also-read title has no space to cut at, then the button text never ends inside a conjunct or emoji', () => {
    const title = `${'क्षत्रिय👨‍👩‍👧'.repeat(8)}(परीक्षण हेतु काल्पनिक)`;
    const target = makeBriefing({ id: 'no-space', title });
    const b = makeBriefing({ id: 'points', alsoRead: ['no-space'] });
    const text = renderBriefing(b, ctx('hi', { related: [target] })).buttons[0]?.[0]?.text ?? '';
    const kept = text.slice(0, -1);
    expect(text.endsWith('…')).toBe(true);
    expect(title.startsWith(kept)).toBe(true);
    expect(kept).not.toMatch(/(?:\u094d|\u200d|[\uD800-\uDBFF])$/);
    expect(title.slice(kept.length)).not.toMatch(/^(?:\p{M}|\u200d|[\uDC00-\uDFFF])/u);
  });
});

describe('renderBriefingList (/latest)', () => {
  it('when there are briefings, then each shows a deep-linked title, where, when and its summary', () => {
    const parts = renderBriefingList({ items: [byId(HATHRAS), byId(GHAZIPUR)] }, ctx('hi'));
    expect(parts).toHaveLength(1);
    const html = parts[0] as string;
    expect(html.startsWith('<b>🗞 आपकी सीटों की ताजा ब्रीफिंग</b>')).toBe(true);
    expect(html).toContain(
      `<b><a href="https://t.me/${TEST_BOT}?start=b_${HATHRAS}">${TEST_BRIEFINGS.hathras.title}</a></b>`,
    );
    expect(html).toContain('📍 लोकसभा सीट: गाजीपुर · 4 मई 2024, सुबह 9 बजे');
    expect(html).toContain(byId(GHAZIPUR).summary);
    expect(() => parseTelegramHtml(html)).not.toThrow();
  });

  it('when a briefing has no publication time, then its line names the seat and no time', () => {
    const undated = makeBriefing(UNDATED_BRIEFING, Date.parse('2024-05-05T10:00:00+05:30'));
    for (const lang of ['hi', 'en'] as const) {
      const html = renderBriefingList({ items: [undated, byId(GHAZIPUR)] }, ctx(lang))[0] as string;
      const seat = lang === 'hi' ? '📍 लोकसभा सीट: हाथरस' : '📍 Lok Sabha seat: Hathras';
      expect(html).toContain(`${UNDATED_BRIEFING.title}</a></b>\n${seat}\n${undated.summary}`);
      // The dated one keeps its time; the undated one's import day (5 May) is never printed.
      expect(html).toContain(lang === 'hi' ? '4 मई 2024, सुबह 9 बजे' : '4 May 2024, 9 am');
      expect(html).not.toMatch(/5 (मई|May)/);
    }
  });

  it('when there are none, then it says so in the reader language', () => {
    expect(renderBriefingList({ items: [] }, ctx('en'))).toEqual([i18n.t('en', 'latest.empty')]);
  });
});
