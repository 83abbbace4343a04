import type { Catalog, Constituency } from './types.js';

/**
 * Names of seats and states in a reader's language, defined once for the bot, the workers and the
 * renderers. They live with the catalogue, the lowest layer, because briefings/ and digest/ name seats
 * too and must not import anything above them. `lang` is a UI language code: `hi` reads Hindi (falling
 * back to English where the catalogue has no Hindi name), anything else English.
 */

/**
 * The name of anything the catalogue names in both languages (a PC, a state, an assembly segment, a
 * city) in the reader's language.
 */
export function localName(place: { nameHi?: string; nameEn: string }, lang: string): string {
  return lang === 'hi' ? place.nameHi || place.nameEn : place.nameEn;
}

/** The PC's name in the reader's language. */
export function pcName(pc: Constituency, lang: string): string {
  return localName(pc, lang);
}

/** The name of the PC with this code in the reader's language, or the code when the catalogue lacks it. */
export function pcNameOf(catalog: Pick<Catalog, 'byCode'>, code: string, lang: string): string {
  const pc = catalog.byCode(code);
  return pc ? localName(pc, lang) : code;
}

/** The name of the AC with this code (`UP-A80`) in the reader's language, or the code when unknown. */
export function acNameOf(catalog: Partial<Pick<Catalog, 'acByCode'>>, code: string, lang: string): string {
  const ac = catalog.acByCode?.(code);
  return ac ? localName(ac, lang) : code;
}

/** The state's name in the reader's language, or the code when unknown. */
export function stateName(catalog: Pick<Catalog, 'state'>, stateCode: string, lang: string): string {
  const state = catalog.state(stateCode);
  return state ? localName(state, lang) : stateCode;
}

/** "हाथरस (उत्तर प्रदेश)": the PC with its state, for lists and buttons. */
export function pcWithState(catalog: Pick<Catalog, 'state'>, pc: Constituency, lang: string): string {
  return `${pcName(pc, lang)} (${stateName(catalog, pc.stateCode, lang)})`;
}
