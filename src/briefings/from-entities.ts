import type { MessageEntity } from 'grammy/types';
import { checkLink } from './links.js';
import { MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from './parse.js';

/**
 * Telegram message text with its entities → the restricted Markdown a briefing body is written in
 * (see `markdownToTelegramHtml`). Offsets and lengths of entities are UTF-16 code units, as JavaScript
 * strings count them, so an emoji (two units) or a Devanagari conjunct is sliced exactly where Telegram
 * meant it.
 *
 * Kept: bold, italic, strikethrough, inline code and code blocks, links (`text_link`, and bare https
 * URLs), quotes. Restricted Markdown has no underline: underlined text becomes italic. An expandable
 * quote becomes an ordinary quote; spoilers, mentions, hashtags and custom emoji become their text.
 * No library does this: the generic entity→Markdown converters write MarkdownV2 for Telegram, not the
 * CommonMark our body renderer reads, and none handles our line-break and escaping rules.
 */
export function entitiesToMarkdown(text: string, entities: readonly MessageEntity[] = []): string {
  const nodes = buildTree(text, entities);
  return new Writer(text)
    .blocks(nodes)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text and its entities, e.g. one Telegram message or a part of one. */
export interface EntityText {
  text: string;
  entities?: readonly MessageEntity[];
}

/**
 * The part `[start, end)` of a text with the entities that fall in it, cut to it and shifted to its
 * start (UTF-16 offsets, as Telegram's).
 */
export function sliceEntityText(src: EntityText, start: number, end = src.text.length): EntityText {
  const entities: MessageEntity[] = [];
  for (const e of src.entities ?? []) {
    const s = Math.max(e.offset, start);
    const f = Math.min(e.offset + e.length, end);
    if (f > s) entities.push({ ...e, offset: s - start, length: f - s });
  }
  return { text: src.text.slice(start, end), entities };
}

/** Texts joined with `sep` between them, entities shifted along. */
export function joinEntityTexts(parts: readonly EntityText[], sep = '\n\n'): EntityText {
  let text = '';
  const entities: MessageEntity[] = [];
  parts.forEach((p, i) => {
    if (i > 0) text += sep;
    for (const e of p.entities ?? []) entities.push({ ...e, offset: e.offset + text.length });
    text += p.text;
  });
  return { text, entities };
}

/** What `/new` makes of an editor's messages: title, summary and body, each editable afterwards. */
export interface BriefingText {
  title: string;
  summary: string;
  /** Restricted Markdown. */
  body: string;
}

const IMAGE_URL = /^https:\/\/\S+\.(?:jpe?g|png|webp|gif)(?:[?#]\S*)?$/i;

/** An https link to a picture standing alone on a line: the briefing's photo rather than its text. */
export function isImageUrl(line: string): boolean {
  return IMAGE_URL.test(line.trim());
}

/**
 * Takes the first line standing alone that is an https image link out of a text: returns the link and
 * the text without that line (entities kept in place), or no link.
 */
export function takeImageUrl(src: EntityText): { url?: string; rest: EntityText } {
  let start = 0;
  while (start <= src.text.length) {
    const nl = src.text.indexOf('\n', start);
    const end = nl === -1 ? src.text.length : nl;
    const line = src.text.slice(start, end);
    if (isImageUrl(line)) {
      const before = sliceEntityText(src, 0, start);
      const after = sliceEntityText(src, Math.min(end + 1, src.text.length));
      return { url: line.trim(), rest: joinEntityTexts([before, after], '') };
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  return { rest: src };
}

/**
 * Title, summary and body from an editor's text: the first non-empty line is the title (plain text),
 * the rest is the body (Markdown), the summary is its first sentence, or its first two when the first
 * is short. A text of a single line is title and body at once.
 */
export function briefingTextFrom(src: EntityText): BriefingText {
  const lead = src.text.length - src.text.trimStart().length;
  const nl = src.text.indexOf('\n', lead);
  const titleEnd = nl === -1 ? src.text.length : nl;
  const title = clip(oneLine(src.text.slice(lead, titleEnd)), MAX_TITLE_LENGTH);
  const rest = nl === -1 ? src : sliceEntityText(src, nl + 1);
  const hasRest = rest.text.trim() !== '';
  const bodySource = hasRest ? rest : src;
  return {
    title,
    summary: summaryOf(bodySource.text) || title,
    body: entitiesToMarkdown(bodySource.text, bodySource.entities),
  };
}

/** Sentence ends in Hindi and English: danda, full stop, question and exclamation marks. */
const SENTENCE = /.*?(?:[।?!]+|\.)(?=\s|$)/gu;
/** A first sentence shorter than this takes the second along into the summary. */
const SHORT_SENTENCE = 80;

/**
 * The first one or two sentences of a text as one plain line: two when the first is short and both
 * fit {@link MAX_SUMMARY_LENGTH}. A text without a sentence end gives its first line.
 */
export function summaryOf(text: string): string {
  const flat = oneLine(text);
  if (!flat) return '';
  const sentences: string[] = [];
  let used = 0;
  for (const m of flat.matchAll(SENTENCE)) {
    const s = m[0].trim();
    if (!s) continue;
    sentences.push(s);
    used = (m.index ?? 0) + m[0].length;
    if (sentences.length === 2) break;
  }
  if (sentences.length === 0 || used === 0)
    return clip(oneLine(text.split('\n')[0] ?? ''), MAX_SUMMARY_LENGTH);
  const first = sentences[0] as string;
  const two = sentences.length > 1 ? `${first} ${sentences[1]}` : first;
  if (first.length < SHORT_SENTENCE && two.length <= MAX_SUMMARY_LENGTH) return two;
  return clip(first, MAX_SUMMARY_LENGTH);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/** At most `max` UTF-16 units, cut at a word (or else a grapheme) boundary, with an ellipsis when cut. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const space = s.lastIndexOf(' ', max - 1);
  if (space > max / 2) return `${s.slice(0, space)}…`;
  let out = '';
  for (const { segment } of graphemes.segment(s.slice(0, max + 16))) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

// ---------------------------------------------------------------------------------------------------

type Style = 'bold' | 'italic' | 'strike' | 'code' | 'pre' | 'link' | 'quote';

interface Node {
  start: number;
  end: number;
  style?: Style;
  url?: string;
  lang?: string;
  children: Node[];
}

function styleOf(e: MessageEntity): Style | undefined {
  switch (e.type) {
    case 'bold':
      return 'bold';
    case 'italic':
    case 'underline':
      return 'italic';
    case 'strikethrough':
      return 'strike';
    case 'code':
      return 'code';
    case 'pre':
      return 'pre';
    case 'text_link':
    case 'url':
      return 'link';
    case 'blockquote':
    case 'expandable_blockquote':
      return 'quote';
    default:
      return undefined;
  }
}

/** Entities as a tree of properly nested spans; one that crosses its parent's end is cut there. */
function buildTree(text: string, entities: readonly MessageEntity[]): Node[] {
  const root: Node = { start: 0, end: text.length, children: [] };
  const spans = entities
    .map((e) => ({ e, style: styleOf(e) }))
    .filter((x): x is { e: MessageEntity; style: Style } => x.style !== undefined && x.e.length > 0)
    // Outer spans first: by start, then the longer one; quotes and code blocks outside inline styles.
    .sort((a, b) => a.e.offset - b.e.offset || b.e.length - a.e.length || rank(a.style) - rank(b.style));
  for (const { e, style } of spans) {
    // An offset inside a surrogate pair (a malformed entity) moves out to the whole character.
    const start = lowSurrogateAt(text, Math.max(0, e.offset)) ? e.offset - 1 : Math.max(0, e.offset);
    let end = Math.min(text.length, e.offset + e.length);
    if (end < text.length && lowSurrogateAt(text, end)) end++;
    let parent = root;
    for (;;) {
      const inner = parent.children.find((c) => start >= c.start && start < c.end);
      if (!inner) break;
      parent = inner;
    }
    end = Math.min(end, parent.end);
    if (end <= start) continue;
    // Code shows its text as it is: nothing nests inside it.
    if (parent.style === 'code' || parent.style === 'pre') continue;
    const node: Node = { start, end, style, children: [] };
    if (e.type === 'text_link') node.url = e.url;
    if (e.type === 'url') node.url = text.slice(start, end);
    if (e.type === 'pre' && e.language) node.lang = e.language;
    parent.children.push(node);
  }
  return root.children.length > 0 || text ? [root] : [];
}

function lowSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff;
}

function rank(s: Style): number {
  return s === 'quote' ? 0 : s === 'pre' ? 1 : 2;
}

/** Characters that mean something to Markdown anywhere in a line. */
const INLINE_SPECIAL = /[\\`*_[\]~<>&|]/g;
/** What makes a line a heading, quote, list item or rule when it starts it. */
const LINE_START_MARK = /^(#{1,6}(?=\s|$)|[-+=])/;
const LINE_START_NUMBER = /^(\d{1,9})([.)])/;

function isBlock(n: Node): boolean {
  return n.style === 'quote' || n.style === 'pre';
}

class Writer {
  constructor(private readonly src: string) {}

  /** The root's content: quotes and code blocks become blocks of their own, the rest flows. */
  blocks(nodes: Node[]): string {
    const root = nodes[0];
    if (!root) return '';
    return this.flow(root.start, root.end, root.children, false).replace(/(?:\\?\n)+$/, '');
  }

  /** Text between `start` and `end` with its child spans, as Markdown lines. */
  private flow(start: number, end: number, children: Node[], inQuote: boolean): string {
    let out = '';
    let at = start;
    for (const c of children) {
      if (c.start > at) out += this.plain(at, c.start);
      if (isBlock(c) && !(inQuote && c.style === 'quote')) {
        // A block starts a paragraph of its own, and the text after it another.
        out = out.replace(/(?:\\?\n|[ \t])+$/, '');
        if (out !== '') out += '\n\n';
        out += this.node(c, inQuote);
        out += '\n\n';
        at = c.end;
        while (at < end && this.src[at] === '\n') at++;
        continue;
      }
      out += this.node(c, inQuote);
      at = c.end;
    }
    if (end > at) out += this.plain(at, end);
    return out;
  }

  private node(n: Node, inQuote: boolean): string {
    const inner = this.src.slice(n.start, n.end);
    switch (n.style) {
      case 'quote': {
        const body = this.flow(n.start, n.end, n.children, true).replace(/(?:\\?\n)+$/, '');
        if (inQuote) return body;
        return body
          .split('\n')
          .map((l) => (l === '' ? '>' : `> ${l}`))
          .join('\n');
      }
      case 'pre': {
        const fence = '`'.repeat(Math.max(3, longestRun(inner, '`') + 1));
        const lang = n.lang && /^[A-Za-z0-9_+-]{1,32}$/.test(n.lang) ? n.lang : '';
        return `${fence}${lang}\n${inner.replace(/\n$/, '')}\n${fence}`;
      }
      case 'code': {
        if (inner.includes('\n')) return this.plain(n.start, n.end);
        const ticks = '`'.repeat(longestRun(inner, '`') + 1);
        const pad = inner.startsWith('`') || inner.endsWith('`') ? ' ' : '';
        return `${ticks}${pad}${inner}${pad}${ticks}`;
      }
      case 'link': {
        const label = this.flow(n.start, n.end, n.children, inQuote).trim();
        const url = (n.url ?? '').trim();
        if (!label) return label;
        const checked = checkLink(url);
        // A link Telegram readers may not open (http, mailto) stays visible as text, never dropped.
        if (!checked.ok)
          return label === this.escapeInline(url) ? label : `${label} (${this.escapeInline(url)})`;
        return `[${label}](<${checked.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      }
      case 'bold':
      case 'italic':
      case 'strike': {
        const mark = n.style === 'bold' ? '**' : n.style === 'italic' ? '*' : '~~';
        return this.wrap(n, mark, inQuote);
      }
      default:
        return this.flow(n.start, n.end, n.children, inQuote);
    }
  }

  /**
   * A span between markers. Markdown ignores `** x**`, so spaces at either edge go outside; a span
   * across lines is closed and reopened on each line (a marker does not reach over a line break).
   */
  private wrap(n: Node, mark: string, inQuote: boolean): string {
    const content = this.flow(n.start, n.end, n.children, inQuote);
    return content
      .split(/(\\?\n+)/)
      .map((piece, i) => {
        if (i % 2 === 1 || piece.trim() === '') return piece;
        const lead = piece.match(/^\s*/)?.[0] ?? '';
        const trail = piece.match(/\s*$/)?.[0] ?? '';
        return `${lead}${mark}${piece.trim()}${mark}${trail}`;
      })
      .join('');
  }

  private escapeInline(s: string): string {
    return s.replace(INLINE_SPECIAL, '\\$&');
  }

  /**
   * Plain source text `[start, end)`, escaped: Markdown's marks as literal characters; a line that
   * would start a list, heading or quote kept as written (its indentation dropped, which would make it
   * code); a single line break kept as a line break, blank lines as paragraph breaks.
   */
  private plain(start: number, end: number): string {
    const src = this.src;
    let out = '';
    let lineStart = start;
    for (let p = start; p <= end; p++) {
      if (p < end && src[p] !== '\n') continue;
      let line = src.slice(lineStart, p);
      const atLineStart = lineStart === 0 || src[lineStart - 1] === '\n';
      if (atLineStart) line = line.replace(/^[ \t]+/, '');
      line = this.escapeInline(line);
      if (atLineStart) line = line.replace(LINE_START_MARK, '\\$1').replace(LINE_START_NUMBER, '$1\\$2');
      out += line;
      if (p < end) {
        // Telegram shows a single line break as one; Markdown needs a backslash to keep it.
        const single = p > 0 && src[p - 1] !== '\n' && p + 1 < src.length && src[p + 1] !== '\n';
        out += single ? '\\\n' : '\n';
      }
      lineStart = p + 1;
    }
    return out;
  }
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
