import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/index.js';
import { decodeCallback, MAX_CALLBACK_BYTES } from '../../src/telegram/callback-codec.js';
import { draftCard } from '../../src/telegram/draft-card.js';
import { catalogIn, standardContent } from '../helpers/fixtures.js';

const i18n = createI18n('locales');
const catalog = catalogIn(standardContent().dir);

const feedDraft = {
  id: 'k3x9a2',
  title: 'परीक्षण: सिकंदराराऊ में <रैली>',
  summary: 'आज रैली हुई।',
  origin: { kind: 'feed', feedId: 'site', itemKey: 'x' },
  suggestedAudience: { kind: 'pcs' as const, pcs: ['UP-16'] },
  status: 'open' as const,
};

/** The callback data of every button, decoded. */
function buttons(markup: ReturnType<typeof draftCard>['reply_markup']) {
  return markup.inline_keyboard.flat().map((b) => {
    const data = 'callback_data' in b ? b.callback_data : undefined;
    expect(Buffer.byteLength(data ?? '')).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    return { text: b.text, data: decodeCallback(data) };
  });
}

describe('draft card', () => {
  it('when a feed draft has a suggested seat, then the card names it in Hindi and offers send, seats, preview and discard for that draft', () => {
    const card = draftCard(i18n, 'hi', feedDraft, catalog);
    expect(card.text).toContain('फीड');
    expect(card.text).toContain('<b>परीक्षण: सिकंदराराऊ में &lt;रैली&gt;</b>');
    expect(card.text).toContain('हाथरस');
    expect(card.text).not.toContain('UP-16');
    const bs = buttons(card.reply_markup);
    expect(bs.map((b) => b.data)).toEqual([
      { kind: 'draftSend', id: 'k3x9a2' },
      { kind: 'draftSeats', id: 'k3x9a2' },
      { kind: 'draftOpen', id: 'k3x9a2' },
      { kind: 'draftDrop', id: 'k3x9a2' },
    ]);
    expect(bs[0]?.text).toContain('अभी भेजें');
  });

  it('when the editor chose English and no seat is known, then the card is English and says a seat must be chosen', () => {
    const { suggestedAudience: _, ...noSeat } = feedDraft;
    const card = draftCard(i18n, 'en', noSeat, catalog);
    expect(card.text).toContain('not chosen yet');
    expect(card.text).toContain('Draft from the website feed');
    expect(buttons(card.reply_markup)[0]?.text).toContain('Send now');
  });

  it('when the draft is already published, then the card says so and has no buttons', () => {
    const card = draftCard(i18n, 'hi', { ...feedDraft, status: 'published' }, catalog);
    expect(card.text).toContain('भेजा जा चुका');
    expect(card.reply_markup.inline_keyboard.flat()).toEqual([]);
  });

  it('when a seat\'s name holds "&", then the card escapes it once, not twice', () => {
    const names = {
      byCode: (code: string) =>
        code === 'XX-1'
          ? { ...catalog.byCode('UP-16'), code, nameHi: 'दमन & दीव', nameEn: 'Daman & Diu' }
          : undefined,
      state: catalog.state.bind(catalog),
    } as unknown as typeof catalog;
    const card = draftCard(
      i18n,
      'en',
      { ...feedDraft, suggestedAudience: { kind: 'pcs', pcs: ['XX-1'] } },
      names,
    );
    expect(card.text).toContain('Daman &amp; Diu');
    expect(card.text).not.toContain('&amp;amp;');
  });
});
