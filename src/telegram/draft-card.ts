import { InlineKeyboard } from 'grammy';
import type { Audience } from '../briefings/types.js';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import type { Catalog } from '../catalog/types.js';
import { escapeHtml, type I18n, type Lang, type Params, raw, type Translate } from '../i18n/index.js';
import { encodeCallback } from './callback-codec.js';
import { seatsLabel } from './targets.js';

/**
 * What a draft card shows of a draft: the desk's `Draft` (src/usecases/desk.ts) fits it as it is. Kept
 * structural because this layer sits below the use cases.
 */
export interface DraftCardInput {
  id: string;
  title: string;
  summary: string;
  audience?: Audience;
  suggestedAudience?: Audience;
  photo?: unknown;
  origin: { kind: string };
  status?: 'open' | 'published' | 'discarded';
}

/** Seat names for audiences; without it the card names seats by code. */
type SeatNames = Pick<Catalog, 'byCode' | 'state'> & Partial<Pick<Catalog, 'acByCode'>>;

/**
 * Who an audience reaches, as a phrase after "पाने वाले:": "हाथरस सीट के पाठक", "हाथरस लोकसभा और
 * सिकंदराराऊ विधानसभा सीटों के पाठक", "उत्तर प्रदेश के सभी पाठक", "सभी पाठक" (as `targetLabel` names a
 * delivery's target). Seats are named from the catalogue when one is given.
 */
export function audienceLabel(i18n: I18n, lang: Lang, audience: Audience, catalog?: SeatNames): string {
  const t: Translate = (key, params) => i18n.t(lang, key, params);
  switch (audience.kind) {
    case 'pcs': {
      const names = audience.pcs.map((code) => (catalog ? pcNameOf(catalog, code, lang) : code));
      const acs = (audience.acs ?? []).map((code) => (catalog ? acNameOf(catalog, code, lang) : code));
      return seatsLabel(names, acs, t);
    }
    case 'state':
      return t('admin.target-state', {
        state: catalog ? stateName(catalog, audience.state, lang) : audience.state,
      });
    case 'national':
      return t('admin.target-all');
  }
}

/**
 * A draft as one short message for an editor, with the buttons to act on it: [अभी भेजें] publishes it
 * (`draftSend`), [सीटें] changes who gets it (`draftSeats`), [पूरी झलक] shows it as readers would
 * (`draftOpen`), [छोड़ें] discards it (`draftDrop`). The buttons act on any draft id, whatever made the
 * draft (/new, the web desk, a feed, the API); the bot's desk answers them. Pass the catalogue to name
 * seats (the card otherwise shows their codes).
 */
export function draftCard(
  i18n: I18n,
  lang: Lang,
  draft: DraftCardInput,
  catalog?: SeatNames,
): { text: string; reply_markup: InlineKeyboard } {
  const t = (key: string, params?: Params) => i18n.t(lang, key, params);
  const lines = [
    t(`desk.card-origin-${originKey(draft.origin.kind)}`),
    '',
    `<b>${escapeHtml(draft.title)}</b>`,
    escapeHtml(draft.summary),
    '',
  ];
  if (draft.audience)
    lines.push(t('desk.card-audience', { target: raw(audienceLabel(i18n, lang, draft.audience, catalog)) }));
  else if (draft.suggestedAudience)
    lines.push(
      t('desk.card-suggested', { target: raw(audienceLabel(i18n, lang, draft.suggestedAudience, catalog)) }),
    );
  else lines.push(t('desk.card-no-audience'));
  if (draft.photo) lines.push(t('desk.card-photo'));
  if (draft.status && draft.status !== 'open') lines.push('', t(`desk.card-status-${draft.status}`));

  const kb = new InlineKeyboard();
  if (!draft.status || draft.status === 'open') {
    kb.text(t('desk.button-send-now'), encodeCallback({ kind: 'draftSend', id: draft.id }))
      .row()
      .text(t('desk.button-seats'), encodeCallback({ kind: 'draftSeats', id: draft.id }))
      .text(t('desk.button-open'), encodeCallback({ kind: 'draftOpen', id: draft.id }))
      .row()
      .text(t('desk.button-drop'), encodeCallback({ kind: 'draftDrop', id: draft.id }));
  }
  return { text: lines.join('\n'), reply_markup: kb };
}

function originKey(kind: string): string {
  return kind === 'feed' || kind === 'api' || kind === 'web' ? kind : 'telegram';
}
