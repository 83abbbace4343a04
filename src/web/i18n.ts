import { type I18n, isLang, type Lang, raw } from '../i18n/index.js';

/** A page string: plain text (JSX escapes it once, so parameters go in unescaped here). */
export type WebT = (key: string, params?: Record<string, string | number>) => string;

/** The desk's translate for one language: keys under `web.` in locales/*.yaml. */
export function webT(i18n: I18n, lang: Lang): WebT {
  return (key, params) =>
    i18n.t(
      lang,
      `web.${key}`,
      params &&
        Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? raw(v) : v])),
    );
}

/** The page language: the `desk-lang` cookie when it names one, else Hindi. */
export function pageLang(cookie: string | undefined): Lang {
  return isLang(cookie) ? cookie : 'hi';
}
