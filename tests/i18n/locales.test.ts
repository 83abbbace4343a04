import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createI18n, raw } from '../../src/i18n/index.js';

const i18n = createI18n('locales');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Keys the code asks for literally: t('a.b'), ctx.t("a.b"), i18n.t(lang, 'a.b'). */
function usedKeys(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*(?:[A-Za-z_.]+,\s*)?'([a-z0-9-]+(?:\.[a-z0-9-]+)+)'/g))
      literal.add(m[1] as string);
    for (const m of text.matchAll(/\bt\(\s*(?:[A-Za-z_.]+,\s*)?`([a-z0-9-]+(?:\.[a-z0-9-]+)*\.)[^`]*\$\{/g))
      prefixes.add(m[1] as string);
  }
  return { literal, prefixes };
}

describe('locales', () => {
  it('when both locale files are loaded, then they hold exactly the same keys', () => {
    expect(i18n.keys('hi').length).toBeGreaterThan(40);
    expect(i18n.missingKeys('en', 'hi')).toEqual([]);
    expect(i18n.missingKeys('hi', 'en')).toEqual([]);
  });

  it('when the code names a key, then the key exists in both languages', () => {
    const { literal, prefixes } = usedKeys();
    expect(literal.size).toBeGreaterThan(30);
    const hi = new Set(i18n.keys('hi'));
    const en = new Set(i18n.keys('en'));
    const missing = [...literal].filter((k) => !hi.has(k) || !en.has(k));
    expect(missing).toEqual([]);
    for (const p of prefixes)
      expect(
        [...hi].some((k) => k.startsWith(p)),
        `prefix ${p}`,
      ).toBe(true);
  });

  it('when a template has parameters, then both languages use the same parameter names for that key', () => {
    const flat = (file: string): Map<string, string> => {
      const out = new Map<string, string>();
      const walk = (node: unknown, path: string) => {
        if (typeof node === 'string') out.set(path, node);
        else if (node && typeof node === 'object')
          for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
      };
      walk(parse(readFileSync(file, 'utf8')), '');
      return out;
    };
    const names = (t: string) =>
      [...new Set([...t.matchAll(/\$\{\s*([A-Za-z_]+)\s*\}/g)].map((m) => m[1]))].sort();
    const hi = flat('locales/hi.yaml');
    const en = flat('locales/en.yaml');
    const differ = [...hi].filter(
      ([k, v]) => JSON.stringify(names(v)) !== JSON.stringify(names(en.get(k) ?? '')),
    );
    expect(differ.map(([k]) => k)).toEqual([]);
  });

  it('when a locale comment names a file or folder of the repository, then it exists', () => {
    for (const file of ['locales/hi.yaml', 'locales/en.yaml']) {
      const comments = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trimStart().startsWith('#'));
      const paths = comments.flatMap((line) => [
        ...line.matchAll(/\b((?:src|packages|content|web|locales)\/[A-Za-z0-9_./-]*[A-Za-z0-9_/-])/g),
      ]);
      expect(paths.length, file).toBeGreaterThan(0);
      for (const [, path] of paths) expect(existsSync(path as string), `${file}: ${path}`).toBe(true);
    }
  });

  it('when a string parameter holds HTML, then it is escaped unless marked raw', () => {
    const text = i18n.t('hi', 'search.none', { query: '<b>x</b> & "y"' });
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    expect(i18n.t('en', 'mysubs.title', { count: raw('<i>2</i>'), max: 20 })).toContain('<i>2</i>');
  });

  it('when a key or a parameter is missing, then t throws naming it', () => {
    expect(() => i18n.t('hi', 'no.such-key')).toThrow(/no\.such-key/);
    expect(() => i18n.t('hi', 'search.none')).toThrow(/query/);
  });

  it('when Hindi is asked for, then the text is Devanagari, and English is not', () => {
    expect(i18n.t('hi', 'start.welcome')).toMatch(/[\u0900-\u097F]/);
    expect(i18n.t('en', 'start.welcome')).not.toMatch(/[\u0900-\u097F]/);
  });
});
