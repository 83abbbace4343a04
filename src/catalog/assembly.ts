/**
 * Assembly (Vidhan Sabha) constituency codes and the states that have none in the catalogue.
 * The scheme and its reasons are in content/catalogue/README.md ("Assembly constituencies").
 */

/**
 * `<state>-A<number>`: the letter keeps an AC code apart from a PC code (`UP-16`), so neither the PC
 * parser nor the callback codec's `pc` field can ever take one for the other. At most 7 ASCII bytes.
 */
const AC_CODE = /^([A-Z]{2})-A([1-9]\d{0,2})$/;

/** The highest number an AC code can carry (three digits; Uttar Pradesh, the largest, has 403). */
export const MAX_AC_NO = 999;

/**
 * States and union territories without a legislative assembly. The catalogue gives each of their PCs
 * one "segment" that is the PC itself (the 2008 Order lists no ACs there), so these yield no ACs.
 * Ladakh has been one since the 2019 reorganisation of Jammu and Kashmir.
 */
export const NO_ASSEMBLY: ReadonlySet<string> = new Set(['AN', 'CH', 'DH', 'LA', 'LD']);

/** The code of AC `no` of a state: `acCode('UP', 80)` is `'UP-A80'`. */
export function acCode(stateCode: string, no: number): string {
  return `${stateCode}-A${no}`;
}

/** Splits an AC code such as `UP-A80` (any case, spaces around ignored) into state and number, or undefined. */
export function parseAcCode(code: string): { stateCode: string; no: number } | undefined {
  const match = AC_CODE.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  return { stateCode: match[1] ?? '', no: Number(match[2]) };
}
