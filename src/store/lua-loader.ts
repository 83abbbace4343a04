import { readFileSync } from 'node:fs';

/** Where the scripts are: `lua/` beside this module (the build copies them into dist/store/lua). */
export const LUA_DIR = new URL('./lua/', import.meta.url);

/** A script with its includes expanded and the KEYS and ARGV its header declares. */
export interface LoadedScript {
  /** File name without `.lua`. */
  name: string;
  lua: string;
  /** Names of KEYS[1..], in order; a last name ending in `...` takes every remaining key. */
  keys: string[];
  /** Names of ARGV[1..], likewise. */
  args: string[];
}

const INCLUDE_RE = /^--- @include "([a-z0-9-]+)"\s*$/;
const HEADER_RE = /^--\s+(KEYS|ARGV)\[(\d+)(\.\.)?\]\s+([A-Za-z][A-Za-z0-9]*)\b/;

/**
 * Reads `<dir>/<name>.lua` and replaces each `--- @include "x"` line with `<dir>/include/x.lua`, itself
 * expanded the same way. An include already pulled into the script is left out the second time (two
 * scripts' shared snippets may share a snippet of their own); a cycle is an error.
 */
export function expandLua(name: string, dir: URL = LUA_DIR): string {
  const done = new Set<string>();
  const expand = (file: URL, stack: readonly string[]): string => {
    const out: string[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = INCLUDE_RE.exec(line);
      if (!m) {
        out.push(line);
        continue;
      }
      const inc = m[1] as string;
      if (stack.includes(inc)) throw new Error(`Lua include cycle: ${[...stack, inc].join(' → ')}`);
      if (done.has(inc)) continue;
      done.add(inc);
      out.push(expand(new URL(`include/${inc}.lua`, dir), [...stack, inc]).trimEnd());
    }
    return out.join('\n');
  };
  return expand(new URL(`${name}.lua`, dir), [name]);
}

/**
 * The KEYS and ARGV a script's header (the comment lines it starts with) declares: `-- KEYS[n] name`
 * and `-- ARGV[n] name`, `[n..]` for "this and every later one" (last only), numbered 1, 2, 3… without
 * gaps.
 */
export function parseHeader(name: string, text: string): { keys: string[]; args: string[] } {
  const found = { KEYS: [] as string[], ARGV: [] as string[] };
  let rest: 'KEYS' | 'ARGV' | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!line.startsWith('--')) break;
    const m = HEADER_RE.exec(line);
    if (!m) continue;
    const kind = m[1] as 'KEYS' | 'ARGV';
    const list = found[kind];
    if (rest === kind) throw new Error(`${name}.lua: ${kind}[${m[2]}] after a ${kind}[n..] line`);
    if (Number(m[2]) !== list.length + 1) {
      throw new Error(`${name}.lua: ${kind}[${m[2]}] where ${kind}[${list.length + 1}] was expected`);
    }
    list.push(m[3] ? `${m[4]}...` : (m[4] as string));
    if (m[3]) rest = kind;
  }
  return { keys: found.KEYS, args: found.ARGV };
}

const cache = new Map<string, LoadedScript>();

/** A script ready for `defineCommand`, read once per process. */
export function loadScript(name: string): LoadedScript {
  let s = cache.get(name);
  if (!s) {
    // The header is read from the file itself: an include's own comments are not the script's.
    const header = parseHeader(name, readFileSync(new URL(`${name}.lua`, LUA_DIR), 'utf8'));
    s = { name, lua: expandLua(name), ...header };
    cache.set(name, s);
  }
  return s;
}
