/**
 * The catalogue's Hindi house style as code (written out in content/catalogue/README.md):
 *
 * 1. Anusvara, not a half nasal, before a stop: चंपारण, not चम्पारण; अंबाला, not अम्बाला. A half nasal
 *    stays before another nasal, a semivowel, a sibilant or ह, where it is a sounded consonant and not a
 *    nasal colouring: कन्नौज, उन्नाव, जम्मू, कन्याकुमारी, कन्हैया.
 * 2. Anusvara, not chandrabindu: गांव, रांची, चांदनी चौक (as Hindi dailies print them).
 * 3. No nukta on the Perso-Arabic letters क़ ख़ ग़ ज़ फ़ (गाजीपुर, आजमगढ़, फैजाबाद); ड़ and ढ़ are letters of
 *    Hindi in their own right and always keep their dot (गढ़, बाड़मेर, पौड़ी).
 * 4. Words separated by one space; a hyphen, without spaces, only between two place names joined in the
 *    seat's name (भिवानी-महेंद्रगढ़, दरांग-उदालगुड़ी) or before a seat's number (इंदौर-1); never " - ".
 *
 * Pure functions, used by the catalogue tools, the transliterator's evaluation and the catalogue test.
 */

/** Half-form nasal (ङ् ञ् ण् न् म्) before a non-nasal stop (क..ध, प..भ). */
const HALF_NASAL_BEFORE_STOP =
  /[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d])/g;
/**
 * क़ ख़ ग़ ज़ फ़ (and य़) as letter + nukta: NFC decomposes the precomposed forms (U+0958..U+095F are
 * composition exclusions), so after NFC this one pattern finds them all, and ड़/ढ़ are letter + nukta.
 */
const PERSO_ARABIC_NUKTA = /([\u0915\u0916\u0917\u091c\u092b\u092f])\u093c/g;

/**
 * The house-style spelling of a Devanagari name: anusvara for a half nasal before a stop and for
 * chandrabindu, no nukta on क़ ख़ ग़ ज़ फ़, ड़/ढ़ as letter + nukta, single spaces, no spaces around hyphens.
 * Idempotent; leaves Latin text alone.
 */
export function toHouseStyle(text: string): string {
  return text
    .normalize('NFC')
    .replace(PERSO_ARABIC_NUKTA, '$1')
    .replace(HALF_NASAL_BEFORE_STOP, '\u0902')
    .replace(/\u0901/g, '\u0902')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A catalogue Hindi name: Devanagari words, separated by one space or a hyphen; digits only as a
 * seat's number (इंदौर-1, आइजोल पूर्व-2); a dot only after an abbreviation (डॉ.).
 */
const HINDI_NAME = /^[\u0900-\u0963\u0970-\u097f]+\.?(?:[ -](?:[\u0900-\u0963\u0970-\u097f]+\.?|\d+))*$/;

/** What is wrong with `name` as a catalogue Hindi name in house style; empty when nothing. */
export function houseStyleProblems(name: string): string[] {
  const problems: string[] = [];
  if (!HINDI_NAME.test(name)) problems.push('not Devanagari words separated by one space or hyphen');
  if (
    /[\u0919\u091e\u0923\u0928\u092e]\u094d[\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d]/.test(
      name,
    )
  )
    problems.push('half nasal before a stop (write anusvara)');
  if (/\u0901/.test(name)) problems.push('chandrabindu (write anusvara)');
  if (/[\u0958-\u095b\u095e\u095f]|[\u0915\u0916\u0917\u091c\u092b\u092f]\u093c/.test(name))
    problems.push('nukta on क़ ख़ ग़ ज़ फ़ (write without)');
  if (/\s-|-\s/.test(name)) problems.push('spaces around a hyphen');
  if (/\u094d$|\u094d[ -]/.test(name)) problems.push('a word ending in virama');
  if (name !== name.normalize('NFC')) problems.push('not NFC');
  return problems;
}
