/**
 * What "no English inside a Hindi sentence" means, as a check the tests share: Latin letters are allowed
 * only in what is Latin by nature (commands such as /start, URLs, code and ids inside <code>, HTML
 * markup, named exceptions such as the language chooser's "English") and nowhere else.
 */

const LATIN = /[A-Za-z]/;

/** Text with everything that may be Latin taken out: markup, <code> spans, URLs, /commands, entities. */
export function withoutAllowedLatin(html: string, exceptions: readonly string[] = []): string {
  let s = html;
  for (const e of exceptions) s = s.split(e).join(' ');
  return s
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<a\s[^>]*>/g, ' ')
    .replace(/<\/?[a-z-]+(?:\s[^>]*)?>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#\d+);/g, ' ')
    .replace(/\b(?:https?:\/\/|tg:\/\/|t\.me\/)\S+/g, ' ')
    .replace(/(^|[\s(])\/[a-z_]+(?:@\w+)?/g, '$1 ');
}

/** The Latin words left in a Hindi text once the allowed parts are out (empty when it reads as Hindi). */
export function latinWords(html: string, exceptions: readonly string[] = []): string[] {
  return withoutAllowedLatin(html, exceptions)
    .split(/\s+/)
    .filter((w) => LATIN.test(w));
}

/** Problems of one rendered text in one language: Latin in Hindi, «», unfilled placeholders. */
export function textProblems(text: string, lang: 'hi' | 'en', exceptions: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (lang === 'hi') {
    const words = latinWords(text, exceptions);
    if (words.length > 0) problems.push(`Latin in Hindi: ${words.join(' ')}`);
  } else {
    let s = text;
    for (const e of exceptions) s = s.split(e).join(' ');
    if (/[\u0900-\u097F]/.test(s)) problems.push('Devanagari in English');
  }
  if (/[«»]/.test(text)) problems.push('«» quotes (Hindi and English use “ ”)');
  if (/\$\{|\{\{|undefined|NaN|\[object /.test(text)) problems.push('a placeholder left unfilled');
  if (/ IST\b/.test(text)) problems.push('"IST" after a time');
  return problems;
}
