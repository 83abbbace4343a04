import { InlineKeyboard } from 'grammy';
import { pcName, pcWithState, stateName } from '../../catalog/names.js';
import type { Catalog, Constituency } from '../../catalog/types.js';
import type { Lang, Translate } from '../../i18n/index.js';
import { encodeCallback } from '../callback-codec.js';

export const STATES_PER_PAGE = 12;
export const PCS_PER_PAGE = 16;

function pageCount(total: number, per: number): number {
  return Math.max(1, Math.ceil(total / per));
}

/** Clamps a page number from callback data (possibly stale or forged) into range. */
export function clampPage(page: number, total: number, per: number): number {
  return Math.min(Math.max(0, page), pageCount(total, per) - 1);
}

function navRow(
  kb: InlineKeyboard,
  t: Translate,
  page: number,
  pages: number,
  to: (page: number) => string,
): void {
  if (pages <= 1) return;
  kb.row();
  if (page > 0) kb.text(t('common.prev'), to(page - 1));
  kb.text(t('common.page', { page: page + 1, pages }), encodeCallback({ kind: 'noop' }));
  if (page < pages - 1) kb.text(t('common.next'), to(page + 1));
}

/** States in two columns, paged; names in the reader's language. */
export function statesKeyboard(catalog: Catalog, lang: Lang, t: Translate, page: number): InlineKeyboard {
  const states = [...catalog.states].sort((a, b) =>
    lang === 'hi' ? a.nameHi.localeCompare(b.nameHi, 'hi') : a.nameEn.localeCompare(b.nameEn, 'en'),
  );
  const p = clampPage(page, states.length, STATES_PER_PAGE);
  const kb = new InlineKeyboard();
  states.slice(p * STATES_PER_PAGE, (p + 1) * STATES_PER_PAGE).forEach((s, i) => {
    if (i > 0 && i % 2 === 0) kb.row();
    kb.text(stateName(catalog, s.code, lang), encodeCallback({ kind: 'state', state: s.code, page: 0 }));
  });
  navRow(kb, t, p, pageCount(states.length, STATES_PER_PAGE), (n) =>
    encodeCallback({ kind: 'states', page: n }),
  );
  return kb;
}

/**
 * A state's PCs in the order a reader looks for them: alphabetical by the name the reader sees, Hindi
 * names in Hindi collation for Hindi readers (अ, आ … ह), English names for English readers. The number
 * order of the catalogue means nothing to a reader hunting for a name.
 */
export function pcsByName(pcs: readonly Constituency[], lang: Lang): Constituency[] {
  const collator = new Intl.Collator(lang === 'hi' ? 'hi' : 'en');
  return [...pcs].sort((a, b) => collator.compare(pcName(a, lang), pcName(b, lang)) || a.no - b.no);
}

/** PCs of one state by name in the reader's language, two columns, paged; followed ones marked. */
export function statePcsKeyboard(
  catalog: Catalog,
  stateCode: string,
  lang: Lang,
  t: Translate,
  page: number,
  followed: ReadonlySet<string>,
): InlineKeyboard {
  const pcs = pcsByName(catalog.pcsOfState(stateCode), lang);
  const p = clampPage(page, pcs.length, PCS_PER_PAGE);
  const kb = new InlineKeyboard();
  pcs.slice(p * PCS_PER_PAGE, (p + 1) * PCS_PER_PAGE).forEach((pc, i) => {
    if (i > 0 && i % 2 === 0) kb.row();
    const label = followed.has(pc.code) ? `✅ ${pcName(pc, lang)}` : pcName(pc, lang);
    kb.text(label, encodeCallback(followed.has(pc.code) ? { kind: 'noop' } : { kind: 'sub', pc: pc.code }));
  });
  navRow(kb, t, p, pageCount(pcs.length, PCS_PER_PAGE), (n) =>
    encodeCallback({ kind: 'state', state: stateCode, page: n }),
  );
  kb.row().text(t('subscribe.back-to-states'), encodeCallback({ kind: 'states', page: 0 }));
  return kb;
}

/** One "follow" button per PC (search results). */
export function choosePcKeyboard(catalog: Catalog, pcs: readonly Constituency[], lang: Lang): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const pc of pcs)
    kb.text(pcWithState(catalog, pc, lang), encodeCallback({ kind: 'sub', pc: pc.code })).row();
  return kb;
}
