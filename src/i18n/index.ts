import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import TelegrafI18n from 'telegraf-i18n';
import { parse } from 'yaml';

/** UI languages. Hindi is the default. */
export const LANGS = ['hi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'hi';

/** True when `value` is one of the UI languages. */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** A fragment of Telegram HTML that is inserted into a template as it is, without escaping. */
export class RawHtml {
  constructor(readonly html: string) {}
}

/** Marks already-escaped Telegram HTML so that `t()` inserts it unescaped. */
export function raw(html: string): RawHtml {
  return new RawHtml(html);
}

export type Params = Record<string, string | number | RawHtml>;

/** Translates one key for one language. */
export type Translate = (key: string, params?: Params) => string;

/** The program's i18n: telegraf-i18n holding the YAML locales, with HTML-safe parameters. */
export interface I18n {
  /**
   * The text of `key` in `lang` with `params` filled in. String parameters are HTML-escaped (every
   * message is sent with parse_mode HTML); pass `raw(html)` for pre-rendered HTML. A missing key throws.
   */
  t(lang: Lang, key: string, params?: Params): string;
  /** `t` bound to one language. */
  forLang(lang: Lang): Translate;
  /** Every key (dotted path) defined for `lang`. */
  keys(lang: Lang): string[];
  /** Keys that `reference` has and `lang` lacks. */
  missingKeys(lang: Lang, reference: Lang): string[];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

type Tree = { [key: string]: string | Tree | TemplateFn };
type TemplateFn = (ctx: Record<string, unknown>) => string;

const SIMPLE_PLACEHOLDER = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

/**
 * telegraf-i18n compiles every `${...}` template into a `vm.Script` run in a fresh context per call
 * (about 0.9 ms each here), too slow for digests to 100,000 readers. Templates whose placeholders are
 * plain names are compiled here into a split/join function instead; telegraf-i18n keeps functions it is
 * given as they are, and still does lookup, language fallback and key listing. Anything richer (an
 * expression inside `${}`) is left to the engine.
 */
function precompile(tree: Tree, path: string): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const here = path ? `${path}.${key}` : key;
    if (typeof value === 'string') {
      out[key] = compileSimple(value) ?? value;
    } else if (typeof value === 'object' && value !== null) {
      out[key] = precompile(value as Tree, here);
    } else {
      throw new Error(`locale key ${here}: expected text or a section, got ${typeof value}`);
    }
  }
  return out;
}

function compileSimple(template: string): TemplateFn | undefined {
  if (!template.includes('${')) return undefined;
  const withoutSimple = template.replace(SIMPLE_PLACEHOLDER, '');
  if (withoutSimple.includes('${')) return undefined;
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of template.matchAll(SIMPLE_PLACEHOLDER)) {
    parts.push(template.slice(last, m.index));
    names.push(m[1] as string);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(template.slice(last));
  return (ctx) => {
    let s = parts[0] as string;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (!(name in ctx)) throw new Error(`missing parameter "${name}"`);
      s += String(ctx[name]) + parts[i + 1];
    }
    return s;
  };
}

function prepare(params: Params | undefined): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v instanceof RawHtml ? v.html : typeof v === 'string' ? escapeHtml(v) : v;
  }
  return out;
}

/** Loads `locales/<lang>.yaml` for every UI language into telegraf-i18n. */
export function createI18n(directory = 'locales'): I18n {
  const engine = new TelegrafI18n({ defaultLanguage: DEFAULT_LANG, allowMissing: false });
  for (const file of readdirSync(directory)) {
    const ext = extname(file);
    if (ext !== '.yaml' && ext !== '.yml') continue;
    const lang = basename(file, ext).toLowerCase();
    const tree = parse(readFileSync(join(directory, file), 'utf8'), { uniqueKeys: true }) as Tree;
    engine.loadLocale(lang, precompile(tree ?? {}, ''));
  }
  for (const lang of LANGS) {
    if (!engine.availableLocales().includes(lang))
      throw new Error(`locale file for "${lang}" not found in ${directory}`);
  }
  const t = (lang: Lang, key: string, params?: Params): string => {
    try {
      return engine.t(lang, key, prepare(params));
    } catch (err) {
      throw new Error(`i18n ${lang}.${key}: ${(err as Error).message}`);
    }
  };
  return {
    t,
    forLang: (lang) => (key, params) => t(lang, key, params),
    keys: (lang) => engine.resourceKeys(lang),
    missingKeys: (lang, reference) => engine.missingKeys(lang, reference),
  };
}
