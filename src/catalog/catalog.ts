import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { acCode, MAX_AC_NO, NO_ASSEMBLY } from './assembly.js';
import type { Assembly, Catalog, Constituency, HindiSource, Segment, State } from './types.js';

/** `content/catalogue` of this checkout, wherever the process was started from (src/ or dist/). */
export const DEFAULT_CATALOGUE_DIR = fileURLToPath(new URL('../../content/catalogue', import.meta.url));

const PC_CODE = /^([A-Z]{2})-([1-9]\d?)$/;
const hasDevanagari = (s: string): boolean => /[\u0900-\u097f]/.test(s);

const name = z.string().trim().min(1);
const hindiName = name.refine(hasDevanagari, 'expected a name in Devanagari');
const HINDI_SOURCES = ['ref', 'checked', 'translit'] as const satisfies readonly HindiSource[];
const hindiSource = z.enum(HINDI_SOURCES);

const segmentSchema = z.strictObject({
  no: z.number().int().positive(),
  name_en: name,
  name_hi: hindiName,
  hi_from: hindiSource,
  reserved: z.enum(['GEN', 'SC', 'ST', 'BL', 'SANGHA']),
  aliases: z.array(name).default([]),
});

const pcSchema = z.strictObject({
  no: z.number().int().positive(),
  code: z.string().regex(PC_CODE, 'expected a PC code such as UP-16'),
  name_en: name,
  name_hi: hindiName,
  hi_from: hindiSource,
  reserved: z.enum(['GEN', 'SC', 'ST']),
  aliases: z.array(name).default([]),
  segments: z.array(segmentSchema).default([]),
});

const stateSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-2:IN code without IN-, such as UP'),
  name_en: name,
  name_hi: hindiName,
  pcs: z.array(pcSchema).min(1),
});

/** Thrown by {@link loadCatalog}; the message names the file and the field. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

// --- A strict reader for the one shape the catalogue files have ---
//
// The `yaml` package parses about 1 MB/s, which makes the 0.3 MB catalogue cost 300-500 ms at start.
// These files use a tiny, regular subset of YAML (written by scripts/build-catalogue.ts), so a
// line-based reader handles them in a few milliseconds. It returns undefined on anything outside that
// subset (comments after values, block scalars, anchors, odd quoting, other indentation...) and the
// caller falls back to the full parser, so hand edits in any valid YAML still load. A test checks both
// readers agree on every shipped file.

type Plain = string | number;

/** One scalar: a plain word, or a quoted string; undefined when outside the subset. */
function readScalar(text: string, inFlow: boolean): Plain | undefined {
  const s = text.trim();
  if (s.length === 0) return undefined;
  if (s.startsWith('"')) {
    if (s.length < 2 || !s.endsWith('"')) return undefined;
    try {
      const value: unknown = JSON.parse(s);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (s.startsWith("'")) {
    const inner = s.slice(1, -1);
    if (s.length < 2 || !s.endsWith("'") || /'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
    return inner.replace(/''/g, "'");
  }
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':'))
    return undefined;
  if (inFlow && /[,[\]{}]/.test(s)) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  // Anything YAML might read as a number, boolean or null is left to the real parser.
  if (/^[-+.\d]/.test(s) || /^(?:~|null|true|false|yes|no|on|off)$/i.test(s)) return undefined;
  return s;
}

/** Splits the inside of a one-line flow collection at commas outside quotes. */
function splitFlow(inner: string): string[] | undefined {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ',') {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) return undefined;
  const last = inner.slice(start);
  if (last.trim() !== '' || parts.length > 0) parts.push(last);
  return parts;
}

function readFlowSeq(text: string): Plain[] | undefined {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return undefined;
  const parts = splitFlow(s.slice(1, -1));
  if (!parts) return undefined;
  const out: Plain[] = [];
  for (const part of parts) {
    const value = readScalar(part, true);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

function readFlowMap(text: string): Record<string, Plain> | undefined {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
  const parts = splitFlow(s.slice(1, -1));
  if (!parts) return undefined;
  const out: Record<string, Plain> = {};
  for (const part of parts) {
    const m = /^\s*([a-z_]+):\s(.*)$/.exec(part);
    if (!m?.[1] || m[2] === undefined || m[1] in out) return undefined;
    const value = readScalar(m[2], true);
    if (value === undefined) return undefined;
    out[m[1]] = value;
  }
  return out;
}

/**
 * A plain name YAML reads back unchanged: starts with a letter (so never a number or an indicator),
 * no `: `, ` #`, flow punctuation or quotes, no trailing space.
 */
const PLAIN_NAME = "[A-Za-z\\u0900-\\u097f](?:[A-Za-z0-9\\u0900-\\u097f.()&'-]|:(?![ ,])| (?![ #,]))*";
/** The generator's segment line, read with one regular expression (the bulk of every file). */
const SEGMENT_LINE = new RegExp(
  `^ {6}- \\{no: ([1-9]\\d*), name_en: (${PLAIN_NAME}), (?:name_hi: (${PLAIN_NAME}), )?` +
    `(?:hi_from: ([a-z]+), )?reserved: ([A-Z]+)(?:, aliases: \\[(${PLAIN_NAME}(?:, ${PLAIN_NAME})*)\\])?\\}$`,
);
/** Words YAML 1.1 readers take for booleans or null: left to the full parser. */
const BOOLISH = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** Reads a catalogue file in the generator's layout; undefined when the text strays from it. */
export function readCatalogueYamlFast(text: string): unknown {
  const root: Record<string, unknown> = {};
  let pcs: Record<string, unknown>[] | undefined;
  let pc: Record<string, unknown> | undefined;
  let segments: unknown[] | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.includes('\t')) return undefined;
    const indent = line.length - line.trimStart().length;
    if (segments && indent === 6 && trimmed.startsWith('- ')) {
      const m = SEGMENT_LINE.exec(line);
      const aliases = m?.[6]?.split(', ');
      if (
        m?.[2] &&
        m[5] &&
        !BOOLISH.test(m[2]) &&
        !(m[3] && BOOLISH.test(m[3])) &&
        !aliases?.some((a) => BOOLISH.test(a))
      ) {
        const seg: Record<string, unknown> = { no: Number(m[1]), name_en: m[2] };
        if (m[3]) seg.name_hi = m[3];
        if (m[4]) seg.hi_from = m[4];
        seg.reserved = m[5];
        if (aliases) seg.aliases = aliases;
        segments.push(seg);
        continue;
      }
      const seg = readFlowMap(trimmed.slice(2));
      if (!seg) return undefined;
      segments.push(seg);
      continue;
    }
    segments = undefined;
    let body = trimmed;
    if (pcs && indent === 2 && trimmed.startsWith('- ')) {
      pc = {};
      pcs.push(pc);
      body = trimmed.slice(2);
    } else if (!((indent === 0 && !pcs) || (indent === 4 && pc))) {
      return undefined;
    }
    const m = /^([a-z_]+):(?:\s(.*))?$/.exec(body);
    const key = m?.[1];
    if (!m || !key) return undefined;
    const target = indent === 0 ? root : pc;
    if (!target || key in target) return undefined;
    const rest = (m[2] ?? '').trim();
    if (indent === 0 && key === 'pcs' && rest === '') {
      pcs = [];
      root.pcs = pcs;
    } else if (indent !== 0 && key === 'segments' && rest === '') {
      segments = [];
      target.segments = segments;
    } else if (rest.startsWith('[')) {
      const list = readFlowSeq(rest);
      if (!list) return undefined;
      target[key] = list;
    } else {
      const value = readScalar(rest, false);
      if (value === undefined) return undefined;
      target[key] = value;
    }
  }
  return root;
}

/** Splits a PC code such as `UP-16` (any case) into state code and number, or undefined. */
export function parsePcCode(code: string): { stateCode: string; no: number } | undefined {
  const match = PC_CODE.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  return { stateCode: match[1] ?? '', no: Number(match[2]) };
}

/** The state code of a PC code: `stateOfCode('UP-16')` is `'UP'`; undefined when it is not a PC code. */
export function stateOfCode(code: string): string | undefined {
  return parsePcCode(code)?.stateCode;
}

/**
 * Loads and checks every `<STATE>.yaml` in `dir`. Synchronous, meant to run once at start.
 * Throws {@link CatalogError} naming file and field on bad data: schema errors, a file named unlike
 * its state code, a PC code that is not `<state>-<no>`, PC numbers that are not 1..N, duplicate codes,
 * duplicate segment numbers within a PC, and (in a state with an assembly) an assembly constituency
 * number in two PCs or above {@link MAX_AC_NO}, which would give two ACs one code.
 */
export function loadCatalog(dir: string = DEFAULT_CATALOGUE_DIR): Catalog {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new CatalogError(dir, '', 'no catalogue files (*.yaml)');

  const states: State[] = [];
  const pcsByState = new Map<string, Constituency[]>();
  const byCode = new Map<string, Constituency>();
  const acsByState = new Map<string, Assembly[]>();
  const acsByPc = new Map<string, Assembly[]>();
  const acByCode = new Map<string, Assembly>();

  for (const file of files) {
    const shown = path.join(path.basename(dir), file);
    let raw: unknown;
    try {
      const text = readFileSync(path.join(dir, file), 'utf8');
      raw = readCatalogueYamlFast(text) ?? parse(text);
    } catch (err) {
      throw new CatalogError(shown, '', `not valid YAML: ${(err as Error).message}`);
    }
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CatalogError(shown, fieldPath(issue?.path ?? []), issue?.message ?? 'invalid');
    }
    const data = parsed.data;
    if (file !== `${data.code}.yaml`)
      throw new CatalogError(shown, 'code', `${data.code} does not match the file name`);
    if (pcsByState.has(data.code)) throw new CatalogError(shown, 'code', `state ${data.code} appears twice`);

    const pcs: Constituency[] = [];
    data.pcs.forEach((pc, i) => {
      const at = `pcs[${i}]`;
      if (pc.code !== `${data.code}-${pc.no}`) {
        throw new CatalogError(shown, `${at}.code`, `${pc.code} should be ${data.code}-${pc.no}`);
      }
      if (byCode.has(pc.code)) throw new CatalogError(shown, `${at}.code`, `duplicate code ${pc.code}`);
      const seen = new Set<number>();
      const segments = pc.segments.map((s, j): Segment => {
        if (seen.has(s.no)) {
          throw new CatalogError(shown, `${at}.segments[${j}].no`, `duplicate segment ${s.no} in ${pc.code}`);
        }
        seen.add(s.no);
        return Object.freeze({
          no: s.no,
          nameEn: s.name_en,
          nameHi: s.name_hi,
          nameHiSource: s.hi_from,
          reserved: s.reserved,
          aliases: Object.freeze([...new Set(s.aliases)]) as string[],
        });
      });
      const constituency: Constituency = {
        code: pc.code,
        stateCode: data.code,
        no: pc.no,
        nameEn: pc.name_en,
        nameHi: pc.name_hi,
        nameHiSource: pc.hi_from,
        reserved: pc.reserved,
        aliases: Object.freeze([...new Set(pc.aliases)]) as string[],
        segments: Object.freeze(segments) as Segment[],
      };
      byCode.set(pc.code, Object.freeze(constituency));
      pcs.push(constituency);
    });
    pcs.sort((a, b) => a.no - b.no);
    pcs.forEach((pc, i) => {
      if (pc.no !== i + 1) {
        throw new CatalogError(
          shown,
          'pcs',
          `PC numbers must run 1..${pcs.length} without gaps; ${i + 1} is missing`,
        );
      }
    });
    states.push(Object.freeze({ code: data.code, nameEn: data.name_en, nameHi: data.name_hi }));
    pcsByState.set(data.code, Object.freeze(pcs) as Constituency[]);
    if (!NO_ASSEMBLY.has(data.code)) addAssemblies(shown, data.code, pcs, acsByState, acsByPc, acByCode);
  }

  states.sort((a, b) => a.nameEn.localeCompare(b.nameEn, 'en'));
  const allPcs = states.flatMap((s) => pcsByState.get(s.code) ?? []);
  const allAcs = states.flatMap((s) => acsByState.get(s.code) ?? []);
  const stateByCode = new Map(states.map((s) => [s.code, s]));
  const none: readonly Constituency[] = Object.freeze([]);
  const noAcs: readonly Assembly[] = Object.freeze([]);

  return Object.freeze({
    states: Object.freeze(states),
    pcs: Object.freeze(allPcs),
    byCode: (code: string) => byCode.get(code.trim().toUpperCase()),
    state: (code: string) => stateByCode.get(code.trim().toUpperCase()),
    pcsOfState: (stateCode: string) => pcsByState.get(stateCode.trim().toUpperCase()) ?? none,
    acs: Object.freeze(allAcs),
    acByCode: (code: string) => acByCode.get(code.trim().toUpperCase()),
    acsOfPc: (pcCode: string) => acsByPc.get(pcCode.trim().toUpperCase()) ?? noAcs,
    acsOfState: (stateCode: string) => acsByState.get(stateCode.trim().toUpperCase()) ?? noAcs,
  });
}

/**
 * Makes the ACs of one state from its PCs' segments (PCs already checked and sorted) and files them
 * by code, PC and state, each list by number. A segment is one AC: the 2008 Order puts every AC in
 * exactly one PC, so a number seen twice in a state is a data error, not a shared seat.
 */
function addAssemblies(
  shown: string,
  stateCode: string,
  pcs: readonly Constituency[],
  acsByState: Map<string, Assembly[]>,
  acsByPc: Map<string, Assembly[]>,
  acByCode: Map<string, Assembly>,
): void {
  const byNo = (a: Assembly, b: Assembly) => a.no - b.no;
  const ofState: Assembly[] = [];
  for (const pc of pcs) {
    const ofPc: Assembly[] = [];
    for (const s of pc.segments) {
      const code = acCode(stateCode, s.no);
      if (s.no > MAX_AC_NO) {
        throw new CatalogError(
          shown,
          'pcs',
          `segment ${s.no} of ${pc.code}: AC numbers stop at ${MAX_AC_NO}`,
        );
      }
      const other = acByCode.get(code);
      if (other) {
        throw new CatalogError(shown, 'pcs', `segment ${s.no} is in both ${other.pc} and ${pc.code}`);
      }
      const ac: Assembly = Object.freeze({
        code,
        stateCode,
        no: s.no,
        nameEn: s.nameEn,
        nameHi: s.nameHi,
        nameHiSource: s.nameHiSource,
        reserved: s.reserved,
        aliases: s.aliases,
        pc: pc.code,
      });
      acByCode.set(code, ac);
      ofPc.push(ac);
      ofState.push(ac);
    }
    acsByPc.set(pc.code, Object.freeze(ofPc.sort(byNo)) as Assembly[]);
  }
  acsByState.set(stateCode, Object.freeze(ofState.sort(byNo)) as Assembly[]);
}
