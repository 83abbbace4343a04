import type { Catalog, Constituency } from '../catalog/types.js';
import type { Lang } from '../i18n/index.js';

/** The PC's name in the reader's language. */
export function pcName(pc: Constituency, lang: Lang): string {
  return lang === 'hi' ? pc.nameHi || pc.nameEn : pc.nameEn;
}

/** The state's name in the reader's language, or the code when unknown. */
export function stateName(catalog: Catalog, stateCode: string, lang: Lang): string {
  const s = catalog.state(stateCode);
  if (!s) return stateCode;
  return lang === 'hi' ? s.nameHi || s.nameEn : s.nameEn;
}

/** "हाथरस (उत्तर प्रदेश)" — the PC with its state, for lists and buttons. */
export function pcWithState(catalog: Catalog, pc: Constituency, lang: Lang): string {
  return `${pcName(pc, lang)} (${stateName(catalog, pc.stateCode, lang)})`;
}

/** Cuts `text` to at most `max` UTF-16 units, adding an ellipsis when cut (for echoing user input). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${[...text.slice(0, max - 1)].join('').replace(/[\uD800-\uDBFF]$/, '')}…`;
}
