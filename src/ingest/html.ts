/**
 * Website HTML (a feed item's content or description, a CMS body) to what a briefing may hold: the
 * restricted Markdown of `Briefing.body` (src/briefings/markdown.ts) or plain text for a title or
 * summary. Parsed with htmlparser2 (forgiving, like a browser); what Telegram cannot show becomes
 * plain text or goes: scripts, styles, frames, forms, media and comments are dropped with their
 * contents, headings become bold paragraphs, tables become lines, and a link survives only when it is
 * https:// (relative ones are resolved against the item's address first); `javascript:`, `data:` and
 * other schemes keep their words and lose the link.
 */
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { checkLink } from '../briefings/links.js';

/** Elements dropped with everything inside them. */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
  'img',
  'picture',
  'video',
  'audio',
  'source',
  'track',
  'map',
]);

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'address',
  'center',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'body',
  'html',
]);

const HEADING = /^h[1-6]$/;

/** Characters that mean something in Markdown inside a line. */
const INLINE_SPECIAL = /[\\`*_[\]~<>|]/g;

/**
 * Escapes text for Markdown. GFM would also turn bare `http://…`, `www.…` and e-mail addresses into
 * links Telegram refuses (only https), so those are broken with an escape too; https ones may stay.
 */
function escapeInline(text: string): string {
  return text
    .replace(INLINE_SPECIAL, (c) => `\\${c}`)
    .replace(/\b(https?|ftp):\/\//gi, (m, scheme: string) =>
      scheme.toLowerCase() === 'https' ? m : `${scheme}\\://`,
    )
    .replace(/(?<!\/\/)\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/@/g, '\\@');
}

/**
 * A line that would start a heading, quote, list, rule or setext underline in Markdown is escaped at
 * its start.
 */
function escapeLineStart(line: string): string {
  return line
    .replace(
      /^(\s*)(\d{1,9})([.)])(?=\s|$)/,
      (_, sp: string, n: string, mark: string) => `${sp}${n}\\${mark}`,
    )
    .replace(/^(\s*)([#>+=-])/, (_, sp: string, mark: string) => `${sp}\\${mark}`);
}

function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

/** An https link from an href as written, relative ones resolved against `base`; otherwise undefined. */
export function safeLink(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  let absolute = href.trim();
  try {
    absolute = new URL(absolute, base).href;
  } catch {
    return undefined;
  }
  if (!absolute.toLowerCase().startsWith('https://')) return undefined;
  const check = checkLink(absolute);
  return check.ok ? check.url : undefined;
}

interface Options {
  /** The item's own address, for relative links. */
  base?: string | undefined;
}

class Writer {
  private blocks: string[] = [];
  private line = '';
  constructor(private readonly opts: Options) {}

  /** Inline text of children: Markdown with escaping, spaces collapsed. */
  inline(nodes: readonly ChildNode[]): string {
    let out = '';
    for (const node of nodes) {
      if (node.type === 'text') out += escapeInline(collapse(node.data));
      else if (node.type === 'tag' || node.type === 'script' || node.type === 'style')
        out += this.inlineElement(node as Element);
    }
    return out;
  }

  private inlineElement(el: Element): string {
    const name = el.name.toLowerCase();
    if (DROP.has(name)) return '';
    if (name === 'br') return '\n';
    const inner = this.inline(el.children);
    const wrap = (mark: string) => {
      const t = inner.trim();
      if (!t) return inner;
      // Keep the spaces outside the marks: `** x**` is not bold in Markdown.
      const lead = inner.startsWith(' ') ? ' ' : '';
      const trail = inner.endsWith(' ') ? ' ' : '';
      return `${lead}${mark}${t}${mark}${trail}`;
    };
    switch (name) {
      case 'b':
      case 'strong':
        return wrap('**');
      case 'i':
      case 'em':
      case 'cite':
        return wrap('*');
      case 's':
      case 'strike':
      case 'del':
        return wrap('~~');
      case 'code':
      case 'kbd':
      case 'samp': {
        const t = collapse(textOf(el)).trim();
        return t && !t.includes('`') ? `\`${t}\`` : inner;
      }
      case 'a': {
        const url = safeLink(el.attribs.href, this.opts.base);
        const text = inner.trim();
        if (!url || !text) return inner;
        return `${inner.startsWith(' ') ? ' ' : ''}[${text}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)${inner.endsWith(' ') ? ' ' : ''}`;
      }
      default:
        return inner;
    }
  }

  private flushLine(): void {
    const text = this.line
      .split('\n')
      .map((l) => escapeLineStart(l.trim()))
      .filter((l, i, all) => l !== '' || (i > 0 && i < all.length - 1))
      .join('  \n')
      .trim();
    if (text) this.blocks.push(text);
    this.line = '';
  }

  /** Walks block-level content: paragraphs, lists, quotes, headings. */
  block(nodes: readonly ChildNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        this.line += escapeInline(collapse(node.data));
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const el = node as Element;
      const name = el.name.toLowerCase();
      if (DROP.has(name)) continue;
      if (BLOCK.has(name) || name === 'tr') {
        this.flushLine();
        this.block(el.children);
        this.flushLine();
      } else if (HEADING.test(name)) {
        this.flushLine();
        const t = this.inline(el.children).replace(/\*\*/g, '').trim();
        if (t) this.blocks.push(`**${escapeLineStart(t)}**`);
      } else if (name === 'ul' || name === 'ol') {
        this.flushLine();
        this.list(el, name === 'ol');
      } else if (name === 'blockquote') {
        this.flushLine();
        const inner = new Writer(this.opts);
        inner.block(el.children);
        const text = inner.finish();
        // One level of quotes only: nested quotes were flattened by the inner writer.
        if (text)
          this.blocks.push(
            text
              .split('\n')
              .map((l) => (l ? `> ${l.replace(/^>\s?/, '')}` : '>'))
              .join('\n'),
          );
      } else if (name === 'pre') {
        this.flushLine();
        const t = textOf(el).replace(/\s+$/, '');
        if (!t.trim()) continue;
        // A fence inside the code would end the block early: such code is kept as plain lines.
        if (!t.includes('```')) this.blocks.push(`\`\`\`\n${t}\n\`\`\``);
        else
          this.blocks.push(
            t
              .split('\n')
              .map((l) => escapeLineStart(escapeInline(l.trim())))
              .filter(Boolean)
              .join('  \n'),
          );
      } else if (name === 'hr') {
        this.flushLine();
      } else if (name === 'td' || name === 'th') {
        this.line += `${this.inline(el.children).trim()} `;
      } else {
        this.line += this.inlineElement(el);
      }
    }
  }

  private list(el: Element, ordered: boolean): void {
    const items: string[] = [];
    let n = 1;
    for (const child of el.children) {
      if (child.type !== 'tag') continue;
      const li = child as Element;
      if (li.name.toLowerCase() !== 'li') continue;
      const text = collapse(this.inline(li.children.filter((c) => !isList(c))))
        .trim()
        .replace(/\n+/g, ' ');
      if (text) items.push(`${ordered ? `${n++}.` : '-'} ${text}`);
      for (const sub of li.children.filter(isList)) {
        const w = new Writer(this.opts);
        w.list(sub as Element, (sub as Element).name.toLowerCase() === 'ol');
        const nested = w.finish();
        if (nested) items.push(nested.replace(/^/gm, '    '));
      }
    }
    if (items.length) this.blocks.push(items.join('\n'));
  }

  finish(): string {
    this.flushLine();
    return this.blocks.join('\n\n');
  }
}

function isList(node: ChildNode): boolean {
  return node.type === 'tag' && /^(ul|ol)$/i.test((node as Element).name);
}

/** The words of an element, nothing dropped but scripts and the like. */
function textOf(el: Element): string {
  let out = '';
  for (const c of el.children) {
    if (c.type === 'text') out += c.data;
    else if (c.type === 'tag' && !DROP.has((c as Element).name.toLowerCase())) {
      const name = (c as Element).name.toLowerCase();
      if (name === 'br') out += '\n';
      else out += textOf(c as Element);
    }
  }
  return out;
}

/** HTML to a briefing body (restricted Markdown); empty when nothing readable is left. */
export function htmlToBriefingMarkdown(html: string, opts: Options = {}): string {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const w = new Writer(opts);
  w.block(doc.children);
  return w.finish();
}

/**
 * HTML (or plain text) to one line of plain text: tags and dropped elements gone, entities decoded,
 * spaces collapsed, cut at a word boundary to at most `max` characters with "…".
 */
export function htmlToPlainText(html: string, max = Number.POSITIVE_INFINITY): string {
  const doc = parseDocument(html, { decodeEntities: true });
  let out = '';
  const walk = (nodes: readonly ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') out += n.data;
      else if (n.type === 'tag') {
        const el = n as Element;
        const name = el.name.toLowerCase();
        if (DROP.has(name)) continue;
        if (BLOCK.has(name) || HEADING.test(name) || name === 'br' || name === 'li') out += ' ';
        walk(el.children);
        if (BLOCK.has(name) || HEADING.test(name) || name === 'li') out += ' ';
      }
    }
  };
  walk(doc.children);
  return cut(collapse(out).trim(), max);
}

/** Cuts text to at most `max` characters at a word boundary, ending in "…" when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}
