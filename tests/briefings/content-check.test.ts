import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBriefings } from '../../src/briefings/load.js';
import { parseBriefing } from '../../src/briefings/parse.js';
import { formatProblem, hasPublicationTime } from '../../src/briefings/types.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { standardContent } from '../helpers/fixtures.js';
import { briefingFile, FICTIONAL_BODY, testCatalog } from './fixtures.js';

const SHIPPED_BRIEFINGS = 'content/briefings';
/** Ids of the shipped briefing files, from their names (README.md is the editors' guide). */
const shippedIds = () =>
  readdirSync(SHIPPED_BRIEFINGS)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -3))
    .sort();

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefings-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function check(files: Record<string, string>) {
  const dir = writeTree(files);
  const result = loadBriefings(dir, { catalog: testCatalog() });
  return { dir, result, lines: result.problems.map(formatProblem) };
}

const ok = (id: string) => ({ [`${id}.md`]: briefingFile(id) });
const LONG_ID = `a${'-b'.repeat(31)}`; // 63 characters

interface Case {
  name: string;
  files: Record<string, string>;
  /** `[file, field, message fragment]` for each expected line; nothing else may be reported. */
  expect: [string, string, string | RegExp][];
}

const cases: Case[] = [
  {
    name: 'missing title',
    files: { 'x.md': briefingFile('x', { title: null }) },
    expect: [['x.md', 'title', 'required']],
  },
  {
    name: 'empty title',
    files: { 'x.md': briefingFile('x', { title: '""' }) },
    expect: [['x.md', 'title', 'required (it is empty)']],
  },
  {
    name: 'unknown PC code',
    files: { 'x.md': briefingFile('x', { pcs: '[UP-16, UP-99]' }) },
    expect: [['x.md', 'pcs[1]', 'unknown PC code "UP-99"']],
  },
  {
    name: 'PC listed twice',
    files: { 'x.md': briefingFile('x', { pcs: '[UP-16, up-16]' }) },
    expect: [['x.md', 'pcs', 'same PC twice']],
  },
  {
    name: 'date that does not exist',
    files: { 'x.md': briefingFile('x', { published_at: '2024-02-30T10:00:00+05:30' }) },
    expect: [['x.md', 'published_at', 'not a real date']],
  },
  {
    name: 'date without the IST offset',
    files: { 'x.md': briefingFile('x', { published_at: '2024-05-04 10:00' }) },
    expect: [['x.md', 'published_at', 'not an ISO 8601 time with the IST offset']],
  },
  {
    name: 'date in UTC',
    files: { 'x.md': briefingFile('x', { published_at: '2024-05-04T04:30:00Z' }) },
    expect: [['x.md', 'published_at', 'IST offset']],
  },
  {
    name: 'front matter that is not YAML',
    files: { 'x.md': briefingFile('x', { title: '[not closed' }) },
    expect: [['x.md', 'front matter', /^not valid YAML at line \d+: Flow sequence/]],
  },
  {
    name: 'front matter that is a list',
    files: { 'x.md': `---\n- id\n- title\n---\n\n${FICTIONAL_BODY}\n` },
    expect: [['x.md', 'front matter', 'must be YAML fields']],
  },
  {
    name: 'no front matter',
    files: { 'x.md': `${FICTIONAL_BODY}\n` },
    expect: [['x.md', 'front matter', 'missing']],
  },
  {
    name: 'front matter never closed',
    files: { 'x.md': `---\nid: x\n\n${FICTIONAL_BODY}\n` },
    expect: [['x.md', 'front matter', 'not closed']],
  },
  {
    name: 'duplicate id in two folders (both refused)',
    files: { 'a/dup.md': briefingFile('dup'), 'b/dup.md': briefingFile('dup') },
    expect: [
      ['a/dup.md', 'id', /^duplicate id "dup", also used by .*b\/dup\.md$/],
      ['b/dup.md', 'id', /^duplicate id "dup", also used by .*a\/dup\.md$/],
    ],
  },
  {
    name: 'id unlike the file name',
    files: { 'x.md': briefingFile('y') },
    expect: [['x.md', 'id', 'differs from the file name "x.md"']],
  },
  {
    name: 'id too long for a deep link',
    files: { [`${LONG_ID}.md`]: briefingFile(LONG_ID) },
    expect: [[`${LONG_ID}.md`, 'id', 'too long']],
  },
  {
    name: 'id not a slug',
    files: { 'X_1.md': briefingFile('X_1') },
    expect: [['X_1.md', 'id', 'lower-case a-z and 0-9']],
  },
  {
    name: 'http link in the body',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY} [स्रोत](http://example.com/a)`) },
    expect: [['x.md', 'body', 'line 10: link "http://example.com/a" uses http:']],
  },
  {
    name: 'bare www link in the body (GFM makes it http)',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\nदेखें www.example.com`) },
    expect: [['x.md', 'body', 'line 12: link "http://www.example.com" uses http:']],
  },
  {
    name: 'http source_url',
    files: { 'x.md': briefingFile('x', { source_url: 'http://example.com/report' }) },
    expect: [['x.md', 'source_url', 'uses http:']],
  },
  {
    name: 'javascript: link in also_read',
    files: { 'x.md': briefingFile('x', { also_read: '[{ title: "क", url: "javascript:alert(1)" }]' }) },
    expect: [['x.md', 'also_read[0].url', 'uses javascript:']],
  },
  {
    name: 'relative link in also_read',
    files: { 'x.md': briefingFile('x', { also_read: '[{ title: "क", url: "/news/1" }]' }) },
    expect: [['x.md', 'also_read[0].url', 'is not a full address']],
  },
  {
    name: 'also_read entry without url',
    files: { 'x.md': briefingFile('x', { also_read: '[{ title: "क" }]' }) },
    expect: [['x.md', 'also_read[0]', 'url missing']],
  },
  {
    name: 'also_read id that does not exist',
    files: {
      ...ok('other'),
      'x.md': briefingFile('x', { also_read: '[{ briefing: other }, { briefing: nope }]' }),
    },
    expect: [['x.md', 'also_read[1].briefing', 'briefing "nope" does not exist']],
  },
  {
    name: 'also_read id of an invalid briefing',
    files: {
      'bad.md': briefingFile('bad', { title: null }),
      'x.md': briefingFile('x', { also_read: '[{ briefing: bad }]' }),
    },
    expect: [
      ['bad.md', 'title', 'required'],
      ['x.md', 'also_read[0].briefing', 'briefing "bad" exists but is not valid'],
    ],
  },
  {
    name: 'also_read pointing to itself',
    files: { 'x.md': briefingFile('x', { also_read: '[{ briefing: x }]' }) },
    expect: [['x.md', 'also_read[0].briefing', 'points to this briefing itself']],
  },
  {
    name: 'unknown field',
    files: { 'x.md': briefingFile('x', { author: 'कोई' }) },
    expect: [['x.md', 'author', 'unknown field']],
  },
  {
    name: 'misspelt field',
    files: { 'x.md': briefingFile('x', { tags: null, tagz: '[क]' }) },
    expect: [['x.md', 'tagz', 'did you mean tags?']],
  },
  {
    name: 'both pcs and scope',
    files: { 'x.md': briefingFile('x', { scope: 'UP' }) },
    expect: [['x.md', 'pcs', 'not both']],
  },
  {
    name: 'neither pcs nor scope',
    files: { 'x.md': briefingFile('x', { pcs: null }) },
    expect: [['x.md', 'pcs', 'required']],
  },
  {
    name: 'unknown scope',
    files: { 'x.md': briefingFile('x', { pcs: null, scope: 'XX' }) },
    expect: [['x.md', 'scope', 'unknown scope "XX"']],
  },
  { name: 'empty body', files: { 'x.md': briefingFile('x', {}, '') }, expect: [['x.md', 'body', 'empty']] },
  {
    name: 'summary too long',
    files: { 'x.md': briefingFile('x', { summary: `"${'क'.repeat(400)}"` }) },
    expect: [['x.md', 'summary', 'too long']],
  },
  {
    name: 'tag listed twice',
    files: { 'x.md': briefingFile('x', { tags: '[हाथरस, " हाथरस"]' }) },
    expect: [['x.md', 'tags', 'same tag twice']],
  },
  {
    name: 'heading',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n## उपशीर्षक`) },
    expect: [['x.md', 'body', 'line 12: heading ("## उपशीर्षक")']],
  },
  {
    name: 'image',
    files: { 'x.md': briefingFile('x', {}, `![फोटो](https://example.com/a.jpg)\n\n${FICTIONAL_BODY}`) },
    expect: [['x.md', 'body', 'line 10: images cannot be shown']],
  },
  {
    name: 'table',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n| दल | सीटें |\n|---|---|\n| क | 1 |`) },
    expect: [['x.md', 'body', 'line 12: tables cannot be shown']],
  },
  {
    name: 'raw HTML',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY} <b>मोटा</b>`) },
    expect: [['x.md', 'body', 'line 10: raw HTML ("<b>")']],
  },
  {
    name: 'HTML block',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n<div>\nखंड\n</div>`) },
    expect: [['x.md', 'body', 'line 12: raw HTML ("<div>']],
  },
  {
    name: 'HTML comment',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n<!-- संपादक का नोट -->`) },
    expect: [['x.md', 'body', 'line 12: HTML comments are not allowed']],
  },
  {
    name: 'horizontal rule',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n***\n\n${FICTIONAL_BODY}`) },
    expect: [['x.md', 'body', 'line 12: horizontal rule']],
  },
  {
    name: 'indented paragraph (a code block)',
    files: { 'x.md': briefingFile('x', {}, `${FICTIONAL_BODY}\n\n    ${FICTIONAL_BODY}`) },
    expect: [['x.md', 'body', 'line 12: text indented by 4 or more spaces']],
  },
  {
    name: 'quote inside a quote',
    files: { 'x.md': briefingFile('x', {}, `> बाहर\n>\n> > भीतर\n\n${FICTIONAL_BODY}`) },
    expect: [['x.md', 'body', 'line 12: a quote inside a quote']],
  },
  {
    name: 'a file that is not Markdown',
    files: { ...ok('x'), 'notes.txt': 'नोट' },
    expect: [['notes.txt', 'file', 'not a briefing']],
  },
];

describe('published_at is optional', () => {
  it('when a file has no published_at, then it parses with no publication time and its import time as order', () => {
    const importedAt = Date.parse('2024-05-05T10:00:00+05:30');
    const undated = parseBriefing(briefingFile('x', { published_at: null }), {
      file: 'x.md',
      catalog: testCatalog(),
      importedAt,
    });
    expect(undated.ok).toBe(true);
    if (!undated.ok) return;
    expect(undated.briefing.publishedAt).toBeUndefined();
    expect('publishedAt' in undated.briefing).toBe(false);
    expect(undated.briefing.publishedMs).toBe(importedAt);
    expect(hasPublicationTime(undated.briefing)).toBe(false);
  });

  it('when a file has published_at, then it is the publication time as before, whatever the import time', () => {
    const dated = parseBriefing(briefingFile('x'), { file: 'x.md', catalog: testCatalog(), importedAt: 1 });
    expect(dated.ok && dated.briefing).toMatchObject({
      publishedAt: '2024-05-04T10:00:00+05:30',
      publishedMs: Date.parse('2024-05-04T10:00:00+05:30'),
    });
    expect(dated.ok && hasPublicationTime(dated.briefing)).toBe(true);
  });
});

describe('content:check problems', () => {
  it.each(cases)(
    'when the folder has a $name, then it reports exactly that',
    ({ files, expect: expected }) => {
      const { dir, result, lines } = check(files);
      expect(lines).toHaveLength(expected.length);
      expected.forEach(([file, field, fragment], i) => {
        const prefix = `${join(dir, file)}: ${field}: `;
        const line = lines[i] as string;
        expect(line.startsWith(prefix), `${line}\n  should start with ${prefix}`).toBe(true);
        const message = line.slice(prefix.length);
        if (typeof fragment === 'string') expect(message).toContain(fragment);
        else expect(message).toMatch(fragment);
      });
      // An invalid briefing is never returned for storing.
      const bad = new Set(expected.map(([file]) => file.replace(/^.*\//, '').replace(/\.md$/, '')));
      for (const b of result.briefings) expect(bad.has(b.id)).toBe(false);
    },
  );

  it('when a file is valid with https, tg:// and t.me links, then nothing is reported', () => {
    const body = `${FICTIONAL_BODY} [क](https://example.com) [ख](tg://resolve?domain=x) [ग](t.me/somechannel)`;
    const { result, lines } = check({
      'x.md': briefingFile(
        'x',
        { source_url: 't.me/somechannel/12', also_read: '[{ title: "घ", url: "https://example.com/b" }]' },
        body,
      ),
    });
    expect(lines).toEqual([]);
    expect(result.briefings.map((b) => b.id)).toEqual(['x']);
    expect(result.briefings[0]?.sourceUrl).toBe('https://t.me/somechannel/12');
  });

  it('when a file has many problems, then all are reported in one run', () => {
    const { lines } = check({ 'x.md': briefingFile('x', { title: null, pcs: '[ZZ-1]' }, '# शीर्षक') });
    expect(lines.map((l) => l.split(': ')[1])).toEqual(['title', 'pcs[0]', 'body']);
  });

  // One of the two places a test reads the shipped content (the other is tests/catalog): every file an
  // editor adds must pass, whatever it holds, so nothing here names a shipped briefing.
  it('when the shipped content is loaded with the shipped catalogue, then every file is a valid briefing', () => {
    const result = loadBriefings(SHIPPED_BRIEFINGS, { catalog: loadCatalog() });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.briefings.map((b) => b.id).sort()).toEqual(shippedIds());
    expect(result.files).toBe(shippedIds().length);
  });
});

describe('content:check CLI', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', ...args], {
      encoding: 'utf8',
    });

  it('when a file is invalid, then it prints file: field: lines and exits 1', () => {
    const dir = writeTree({ 'x.md': briefingFile('x', { pcs: '[UP-99]' }), ...ok('y') });
    const out = run(dir, '--catalogue', standardContent().catalogueDir);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe(
      `${join(dir, 'x.md')}: pcs[0]: unknown PC code "UP-99" (expected a code like UP-16)\n` +
        'content:check: 1 problem(s) in 1 file(s); 1 of 2 valid\n',
    );
  });

  it('when the shipped content is checked, then it exits 0', () => {
    const out = run(SHIPPED_BRIEFINGS);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      `content:check: ${shippedIds().length} briefing(s) in ${SHIPPED_BRIEFINGS}, all valid\n`,
    );
  });
});
