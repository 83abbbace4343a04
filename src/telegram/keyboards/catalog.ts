import { InlineKeyboard } from 'grammy';
import { localName, pcName, pcWithState, stateName } from '../../catalog/names.js';
import type { Assembly, Catalog, Constituency } from '../../catalog/types.js';
import type { Lang, Translate } from '../../i18n/index.js';
import { type CallbackData, encodeCallback } from '../callback-codec.js';

export const STATES_PER_PAGE = 12;
export const PCS_PER_PAGE = 16;
export const ACS_PER_PAGE = 20;

/** Which kind of seat a state's election puts first: `ls` Lok Sabha, `vs` Vidhan Sabha (store/elections.ts). */
export type SeatKindFirst = 'ls' | 'vs';

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
    // A state with assembly seats asks which kind first; one without goes straight to its PCs.
    const to =
      catalog.acsOfState(s.code).length > 0
        ? encodeCallback({ kind: 'stateKind', state: s.code })
        : encodeCallback({ kind: 'state', state: s.code, page: 0 });
    kb.text(stateName(catalog, s.code, lang), to);
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
  return byName(pcs, lang, (pc) => pcName(pc, lang));
}

/** Seats sorted by the name the reader sees (Hindi collation for Hindi readers), then by number. */
function byName<S extends { no: number }>(seats: readonly S[], lang: Lang, name: (s: S) => string): S[] {
  const collator = new Intl.Collator(lang === 'hi' ? 'hi' : 'en');
  return [...seats].sort((a, b) => collator.compare(name(a), name(b)) || a.no - b.no);
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
  const kb = seatPages(t, page, PCS_PER_PAGE, followed, {
    seats: pcsByName(catalog.pcsOfState(stateCode), lang),
    name: (pc) => pcName(pc, lang),
    follow: (pc) => ({ kind: 'sub', pc: pc.code }),
    page: (n) => ({ kind: 'state', state: stateCode, page: n }),
  });
  kb.row().text(t('subscribe.back-to-states'), encodeCallback({ kind: 'states', page: 0 }));
  return kb;
}

/**
 * One page of seats, two columns, each button following its seat (✅ and doing nothing when followed
 * already), then the page row.
 */
function seatPages<S extends { code: string }>(
  t: Translate,
  page: number,
  perPage: number,
  followed: ReadonlySet<string>,
  seats: {
    seats: readonly S[];
    name: (seat: S) => string;
    follow: (seat: S) => CallbackData;
    page: (n: number) => CallbackData;
  },
): InlineKeyboard {
  const p = clampPage(page, seats.seats.length, perPage);
  const kb = new InlineKeyboard();
  seats.seats.slice(p * perPage, (p + 1) * perPage).forEach((seat, i) => {
    if (i > 0 && i % 2 === 0) kb.row();
    const on = followed.has(seat.code);
    const name = seats.name(seat);
    kb.text(on ? `✅ ${name}` : name, encodeCallback(on ? { kind: 'noop' } : seats.follow(seat)));
  });
  navRow(kb, t, p, pageCount(seats.seats.length, perPage), (n) => encodeCallback(seats.page(n)));
  return kb;
}

/** One "follow" button per PC (search results). */
export function choosePcKeyboard(catalog: Catalog, pcs: readonly Constituency[], lang: Lang): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const pc of pcs)
    kb.text(pcWithState(catalog, pc, lang), encodeCallback({ kind: 'sub', pc: pc.code })).row();
  return kb;
}

/**
 * A state's choice between its Lok Sabha and its Vidhan Sabha seats, the kind of its current election
 * (`first`) on top; both always offered.
 */
export function stateKindKeyboard(
  catalog: Catalog,
  stateCode: string,
  t: Translate,
  first: SeatKindFirst,
): InlineKeyboard {
  const ls = {
    text: t('subscribe.kind-pc', { count: catalog.pcsOfState(stateCode).length }),
    data: encodeCallback({ kind: 'state', state: stateCode, page: 0 }),
  };
  const vs = {
    text: t('subscribe.kind-ac', { count: catalog.acsOfState(stateCode).length }),
    data: encodeCallback({ kind: 'stateAcs', state: stateCode, page: 0 }),
  };
  const kb = new InlineKeyboard();
  for (const b of first === 'vs' ? [vs, ls] : [ls, vs]) kb.text(b.text, b.data).row();
  kb.text(t('subscribe.back-to-states'), encodeCallback({ kind: 'states', page: 0 }));
  return kb;
}

/** ACs in the order a reader looks for them: by the name they see (see {@link pcsByName}). */
export function acsByName(acs: readonly Assembly[], lang: Lang): Assembly[] {
  return byName(acs, lang, (ac) => localName(ac, lang));
}

/** The page of a state's AC keyboard that shows `ac`. */
export function acPage(catalog: Catalog, ac: Assembly, lang: Lang): number {
  const i = acsByName(catalog.acsOfState(ac.stateCode), lang).findIndex((a) => a.code === ac.code);
  return Math.max(0, Math.floor(i / ACS_PER_PAGE));
}

/** ACs of one state by name in the reader's language, two columns, paged; followed ones marked. */
export function stateAcsKeyboard(
  catalog: Catalog,
  stateCode: string,
  lang: Lang,
  t: Translate,
  page: number,
  followed: ReadonlySet<string>,
): InlineKeyboard {
  const kb = seatPages(t, page, ACS_PER_PAGE, followed, {
    seats: acsByName(catalog.acsOfState(stateCode), lang),
    name: (ac) => localName(ac, lang),
    follow: (ac) => ({ kind: 'subAc', ac: ac.code }),
    page: (n) => ({ kind: 'stateAcs', state: stateCode, page: n }),
  });
  kb.row().text(t('subscribe.back-to-kinds'), encodeCallback({ kind: 'stateKind', state: stateCode }));
  return kb;
}

/**
 * The two ways to follow an assembly seat's news (a search that named it): the AC itself or its whole
 * PC, the kind of the state's current election first (the AC alone when the reader has the PC).
 */
export function chooseAcOrPcKeyboard(
  ac: Assembly,
  pc: Constituency,
  lang: Lang,
  t: Translate,
  first: SeatKindFirst,
  withPc = true,
): InlineKeyboard {
  const acButton = {
    text: t('subscribe.follow-ac', { ac: localName(ac, lang) }),
    data: encodeCallback({ kind: 'subAc', ac: ac.code }),
  };
  const pcButton = {
    text: t('subscribe.follow-pc', { pc: pcName(pc, lang) }),
    data: encodeCallback({ kind: 'sub', pc: pc.code }),
  };
  const kb = new InlineKeyboard();
  const buttons = withPc ? (first === 'vs' ? [acButton, pcButton] : [pcButton, acButton]) : [acButton];
  for (const b of buttons) kb.text(b.text, b.data).row();
  return kb;
}
