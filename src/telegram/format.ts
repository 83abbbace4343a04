import type { Lang } from '../i18n/index.js';

/** Indian digit grouping (1,23,456) for counts, in Latin digits in both languages. */
export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN');
}
