import { createHash } from 'node:crypto';
import { isMap, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../catalog/types.js';
import { BRIEFING_ID_PATTERN, checkLink, MAX_BRIEFING_ID_LENGTH } from './links.js';
import { markdownToTelegramHtml } from './markdown.js';
import { type AlsoReadRef, type Audience, type Briefing, normalizeTag, type Problem } from './types.js';

/** What validation needs from the catalogue: PC and state look-up. */
/** What parsing needs of the catalogue; `acByCode` is optional (without it, no `acs` is known). */
export type CatalogLookup = Pick<Catalog, 'byCode' | 'state'> & Partial<Pick<Catalog, 'acByCode'>>;

export interface ParseOptions {
  /** How problems name the file (e.g. `content/briefings/x.md`). */
  file: string;
  catalog: CatalogLookup;
  /** The id the file name implies; when given, the front-matter `id` must equal it. */
  expectedId?: string;
  /**
   * Epoch ms used as `publishedMs` when the file has no `published_at` (default: now). Only an order
   * key: the store keeps a stored briefing's first-import time in its place on re-import.
   */
  importedAt?: number;
}

export type ParseResult = { ok: true; briefing: Briefing } | { ok: false; problems: Problem[] };

/** Longest title and summary, in UTF-16 units (a summary is one or two sentences). */
export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 320;
const MAX_TAG_LENGTH = 60;

const FIELDS = [
  'id',
  'title',
  'summary',
  'pcs',
  'acs',
  'scope',
  'published_at',
  'source_url',
  'also_read',
  'tags',
];

/**
 * The file as it is hashed and parsed: no BOM, LF line ends, Unicode NFC (the same Devanagari typed
 * on two keyboards can differ in code points), no trailing blank lines, one final newline. Trailing
 * spaces inside lines stay: two of them are a Markdown line break.
 */
export function normalizeContent(text: string): string {
  return `${text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(/\s+$/, '')}\n`;
}

/** sha256 (hex) of normalized file content. */
export function contentHash(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

const ISO_IST = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?\+05:30$/;

/** Epoch ms of an ISO 8601 timestamp with the IST offset, or the reason it is not one. */
export function parseIstTimestamp(value: string): number | string {
  const m = ISO_IST.exec(value);
  if (!m) {
    return `"${value}" is not an ISO 8601 time with the IST offset; write it like 2024-05-04T10:00:00+05:30`;
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) {
    return `"${value}" is not a real date and time`;
  }
  return Date.parse(value);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const typeError = (expected: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null
    ? 'required'
    : `must be ${expected}, not ${kindOf(iss.input)}`;

const oneLine = (max: number) =>
  z
    .string({ error: typeError('text') })
    .trim()
    .min(1, 'required (it is empty)')
    .max(max, `too long: at most ${max} characters`)
    .refine((s) => !s.includes('\n'), 'must be one line');

const idSchema = z
  .string({ error: typeError('text') })
  .max(
    MAX_BRIEFING_ID_LENGTH,
    `too long: at most ${MAX_BRIEFING_ID_LENGTH} characters (it goes into a t.me deep link)`,
  )
  .regex(BRIEFING_ID_PATTERN, 'must be lower-case a-z and 0-9 in groups joined by single hyphens');

const linkSchema = z.string({ error: typeError('a link') }).transform((href, ctx) => {
  const checked = checkLink(href);
  if (checked.ok) return checked.url;
  ctx.addIssue({ code: 'custom', message: checked.message, input: href });
  return z.NEVER;
});

function frontMatterSchema(catalog: CatalogLookup) {
  const pcCode = z.string({ error: typeError('a PC code like UP-16') }).transform((code, ctx) => {
    const pc = catalog.byCode(code.trim());
    if (pc) return pc.code;
    ctx.addIssue({
      code: 'custom',
      message: `unknown PC code "${code}" (expected a code like UP-16)`,
      input: code,
    });
    return z.NEVER;
  });
  const acCode = z.string({ error: typeError('an AC code like UP-A80') }).transform((code, ctx) => {
    const ac = catalog.acByCode?.(code.trim());
    if (ac) return ac.code;
    ctx.addIssue({
      code: 'custom',
      message: `unknown AC code "${code}" (expected an assembly seat code like UP-A80)`,
      input: code,
    });
    return z.NEVER;
  });
  const scope = z
    .string({ error: typeError('a state code or "national"') })
    .transform((value, ctx): Audience => {
      const v = value.trim();
      if (v.toLowerCase() === 'national') return { kind: 'national' };
      const st = catalog.state(v);
      if (st) return { kind: 'state', state: st.code };
      ctx.addIssue({
        code: 'custom',
        message: `unknown scope "${value}": use a state code like UP, or national`,
        input: value,
      });
      return z.NEVER;
    });
  const alsoReadItem = z
    .strictObject(
      {
        briefing: idSchema.optional(),
        title: oneLine(MAX_TITLE_LENGTH).optional(),
        url: linkSchema.optional(),
      },
      { error: typeError('{ title, url } or { briefing: <id> }') },
    )
    .transform((item, ctx): AlsoReadRef => {
      if (item.briefing !== undefined) {
        if (item.title !== undefined || item.url !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'give either { briefing: <id> } or { title, url }, not both',
            input: item,
          });
        }
        return { kind: 'briefing', id: item.briefing };
      }
      if (item.title === undefined || item.url === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${item.title === undefined ? 'title' : 'url'} missing: an entry is { title, url } or { briefing: <id> }`,
          input: item,
        });
        return z.NEVER;
      }
      return { kind: 'url', title: item.title, url: item.url };
    });
  return z.strictObject({
    id: idSchema,
    title: oneLine(MAX_TITLE_LENGTH),
    summary: oneLine(MAX_SUMMARY_LENGTH),
    pcs: z
      .array(pcCode, { error: typeError('a list of PC codes') })
      .min(1, 'must list at least one PC code (or use scope)')
      .refine((codes) => new Set(codes).size === codes.length, 'lists the same PC twice')
      .nullish(),
    acs: z
      .array(acCode, { error: typeError('a list of AC codes') })
      .min(1, 'must list at least one AC code (or leave acs out)')
      .refine((codes) => new Set(codes).size === codes.length, 'lists the same AC twice')
      .nullish(),
    scope: scope.nullish(),
    published_at: z
      .string({ error: typeError('an ISO 8601 time like 2024-05-04T10:00:00+05:30') })
      .transform((v, ctx) => {
        const ms = parseIstTimestamp(v.trim());
        if (typeof ms === 'number') return { iso: v.trim(), ms };
        ctx.addIssue({ code: 'custom', message: ms, input: v });
        return z.NEVER;
      })
      // Optional: only a real, known publication time belongs here, never a stand-in.
      .nullish(),
    source_url: linkSchema.nullish(),
    also_read: z.array(alsoReadItem, { error: typeError('a list') }).nullish(),
    tags: z
      .array(oneLine(MAX_TAG_LENGTH), { error: typeError('a list of tags') })
      .refine((tags) => new Set(tags.map(normalizeTag)).size === tags.length, 'lists the same tag twice')
      .nullish(),
  });
}

// Building a zod schema costs far more than running it: one per catalogue, built on first use.
const schemas = new WeakMap<CatalogLookup, ReturnType<typeof frontMatterSchema>>();
function schemaFor(catalog: CatalogLookup): ReturnType<typeof frontMatterSchema> {
  let schema = schemas.get(catalog);
  if (!schema) {
    schema = frontMatterSchema(catalog);
    schemas.set(catalog, schema);
  }
  return schema;
}

function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || 'front matter';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] as number;
}

function unknownFieldMessage(key: string): string {
  const near = FIELDS.map((f) => [f, editDistance(key.toLowerCase(), f)] as const).sort(
    (x, y) => x[1] - y[1],
  )[0];
  const hint = near && near[1] <= 3 ? `; did you mean ${near[0]}?` : '';
  return `unknown field${hint} (fields: ${FIELDS.join(', ')})`;
}

/**
 * Parses and validates one briefing file. Collects every problem it can find in one pass (front
 * matter fields and body), so an editor fixes a file in one go. Cross-file rules (duplicate ids,
 * `also_read` ids that exist) are checked by `loadBriefings`.
 */
export function parseBriefing(text: string, opts: ParseOptions): ParseResult {
  const { file } = opts;
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ file, field, message });
  const normalized = normalizeContent(text);
  const lines = normalized.split('\n');
  if (lines[0] !== '---') {
    add('front matter', 'missing: the file must start with a line "---", then the YAML fields, then "---"');
    return { ok: false, problems };
  }
  const close = lines.indexOf('---', 1);
  if (close < 0) {
    add('front matter', 'not closed: add a line "---" after the YAML fields');
    return { ok: false, problems };
  }
  const yamlText = lines.slice(1, close).join('\n');
  const body = lines
    .slice(close + 1)
    .join('\n')
    .replace(/^\n+/, '');
  const bodyFirstLine =
    close +
    2 +
    Math.max(
      0,
      lines.slice(close + 1).findIndex((l) => l !== ''),
    );

  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: true });
  let data: unknown;
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      // linePos is 1-based within the front matter, which starts on the file's line 2.
      const line = err.linePos?.[0]?.line;
      const where = line ? ` at line ${line + 1}` : '';
      const what = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      add('front matter', `not valid YAML${where}: ${what}`);
    }
  } else if (!isMap(doc.contents)) {
    add('front matter', 'must be YAML fields (key: value lines)');
  } else {
    data = doc.toJS();
  }

  let fields: z.infer<ReturnType<typeof frontMatterSchema>> | undefined;
  if (data !== undefined) {
    const result = schemaFor(opts.catalog).safeParse(data);
    if (result.success) fields = result.data;
    else {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) add(fieldName([...issue.path, key]), unknownFieldMessage(key));
        } else add(fieldName(issue.path), issue.message);
      }
    }
    const raw = data as Record<string, unknown>;
    const hasPcs = raw.pcs !== undefined && raw.pcs !== null;
    const hasAcs = raw.acs !== undefined && raw.acs !== null;
    const hasScope = raw.scope !== undefined && raw.scope !== null;
    if (hasPcs && hasScope) add('pcs', 'give either pcs or scope, not both');
    if (hasAcs && hasScope) add('acs', 'give either acs or scope, not both');
    if (!hasPcs && !hasAcs && !hasScope)
      add(
        'pcs',
        'required: list PC codes (pcs: [UP-16]) or AC codes (acs: [UP-A80]), or give scope: <state code> | national',
      );
    if (typeof raw.id === 'string' && opts.expectedId !== undefined && raw.id !== opts.expectedId) {
      add('id', `"${raw.id}" differs from the file name "${opts.expectedId}.md"; the id is the file name`);
    }
  }

  if (body.trim() === '') add('body', 'empty: write the briefing below the closing "---"');
  else {
    for (const issue of markdownToTelegramHtml(body).issues) {
      add('body', `line ${bodyFirstLine + issue.line - 1}: ${issue.message}`);
    }
  }

  if (problems.length > 0 || !fields) return { ok: false, problems };
  // `acs` is written only when given, so a PC-only briefing keeps the shape stored before ACs existed.
  const audience: Audience =
    fields.pcs || fields.acs
      ? { kind: 'pcs', pcs: fields.pcs ?? [], ...(fields.acs ? { acs: fields.acs } : {}) }
      : (fields.scope as Audience);
  const alsoRead = fields.also_read ?? [];
  alsoRead.forEach((ref, i) => {
    if (ref.kind === 'briefing' && ref.id === fields.id)
      add(`also_read[${i}].briefing`, 'points to this briefing itself');
  });
  if (problems.length > 0) return { ok: false, problems };
  const briefing: Briefing = {
    id: fields.id,
    title: fields.title,
    summary: fields.summary,
    audience,
    ...(fields.published_at
      ? { publishedAt: fields.published_at.iso, publishedMs: fields.published_at.ms }
      : { publishedMs: Math.trunc(opts.importedAt ?? Date.now()) }),
    ...(fields.source_url ? { sourceUrl: fields.source_url } : {}),
    alsoRead,
    tags: fields.tags ?? [],
    body,
    contentHash: contentHash(normalized),
    revision: 1,
  };
  return { ok: true, briefing };
}
