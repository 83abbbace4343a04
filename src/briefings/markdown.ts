import { Lexer, type Token, type Tokens } from 'marked';
import { escapeHtml } from '../i18n/index.js';
import { checkLink } from './links.js';

/** Something in a briefing body that Telegram cannot show, with the body line it is on (1-based). */
export interface MarkdownIssue {
  line: number;
  message: string;
}

export interface MarkdownResult {
  /** Telegram HTML (parse_mode HTML); everything from the source is escaped. */
  html: string;
  /** Empty for a body Telegram can show as written. */
  issues: MarkdownIssue[];
}

/**
 * Converts a briefing body (Markdown) into Telegram HTML and lists what Telegram cannot show.
 *
 * Shown: paragraphs, **bold**, *italic*, ~~strike~~, `code`, fenced code, [links](https://…),
 * bulleted and numbered lists (as "•" / "1." lines, nested ones indented), one level of > quotes, hard
 * line breaks. Refused (reported as issues, rendered as plain text so the function stays total):
 * headings, images, tables, raw HTML and HTML comments, horizontal rules, indented code blocks (almost
 * always an accidentally indented paragraph), quotes inside quotes, links that are not https://,
 * tg:// or t.me/.
 *
 * Built on marked's lexer (CommonMark + GFM) with our own walk over its tokens: marked's HTML
 * renderer emits tags Telegram rejects (<p>, <ul>, <h1>…).
 */
export function markdownToTelegramHtml(markdown: string): MarkdownResult {
  const conv = new Converter(markdown);
  const tokens = Lexer.lex(markdown, { gfm: true, breaks: false });
  const html = conv.topLevel(tokens);
  return { html, issues: conv.issues };
}

interface Block {
  html: string;
  isList: boolean;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes the character references CommonMark resolves in text (numeric ones and the common names). */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

const LIST_INDENT = '    ';

/** Child tokens (marked's `Token` union includes a generic token whose `tokens` is optional). */
function kids(token: Token): Token[] {
  return (token as { tokens?: Token[] }).tokens ?? [];
}

class Converter {
  readonly issues: MarkdownIssue[] = [];
  private blockStart = 0;
  private quoteDepth = 0;
  private listDepth = 0;

  constructor(private readonly src: string) {}

  topLevel(tokens: Token[]): string {
    const out: string[] = [];
    let cursor = 0;
    for (const token of tokens) {
      const at = token.raw ? this.src.indexOf(token.raw, cursor) : -1;
      this.blockStart = at >= 0 ? at : cursor;
      if (at >= 0) cursor = at + token.raw.length;
      const block = this.block(token);
      if (block) out.push(block.html);
    }
    return out.join('\n\n');
  }

  private issue(raw: string, message: string): void {
    const found = raw ? this.src.indexOf(raw.trimStart(), this.blockStart) : -1;
    const at = found >= 0 ? found : this.blockStart;
    let line = 1;
    for (let i = 0; i < at; i++) if (this.src.charCodeAt(i) === 10) line++;
    this.issues.push({ line, message });
  }

  private blocks(tokens: Token[]): Block[] {
    const out: Block[] = [];
    for (const token of tokens) {
      const block = this.block(token);
      if (block) out.push(block);
    }
    return out;
  }

  private block(token: Token): Block | undefined {
    const t = token as Tokens.Generic;
    switch (token.type) {
      case 'space':
      case 'def':
        return undefined;
      case 'paragraph':
        return { html: this.inline(kids(token)), isList: false };
      case 'text':
        // Block-level text: the content of a tight list item.
        return { html: t.tokens ? this.inline(t.tokens as Token[]) : this.text(token.text), isList: false };
      case 'heading':
        this.issue(
          token.raw,
          `heading ("${token.raw.trim().slice(0, 30)}") cannot be shown in Telegram; write it as **bold** on its own line`,
        );
        return { html: `<b>${this.inline(kids(token))}</b>`, isList: false };
      case 'hr':
        this.issue(
          token.raw,
          'horizontal rule (---) cannot be shown in Telegram; leave a blank line instead',
        );
        return undefined;
      case 'code':
        if (token.codeBlockStyle === 'indented') {
          this.issue(
            token.raw,
            'text indented by 4 or more spaces is a code block in Markdown; remove the indentation',
          );
          return { html: escapeHtml(token.text), isList: false };
        }
        return { html: this.codeBlock(token.text, token.lang), isList: false };
      case 'blockquote': {
        if (this.quoteDepth > 0) {
          this.issue(token.raw, 'a quote inside a quote (> >) cannot be shown in Telegram; use one level');
          return {
            html: this.blocks(kids(token))
              .map((b) => b.html)
              .join('\n'),
            isList: false,
          };
        }
        this.quoteDepth++;
        const inner = this.blocks(kids(token)).map((b) => b.html);
        this.quoteDepth--;
        return { html: `<blockquote>${inner.join('\n\n')}</blockquote>`, isList: false };
      }
      case 'list':
        return { html: this.list(token as Tokens.List), isList: true };
      case 'table': {
        this.issue(token.raw, 'tables cannot be shown in Telegram; write the figures as a list');
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) =>
          row.map((c) => this.inline(c.tokens)).join(' | '),
        );
        return { html: rows.join('\n'), isList: false };
      }
      case 'html':
        this.htmlIssue(token.raw);
        return { html: escapeHtml(token.raw.trim()), isList: false };
      default:
        this.issue(token.raw, `"${token.type}" cannot be shown in Telegram`);
        return { html: escapeHtml(token.raw.trim()), isList: false };
    }
  }

  private codeBlock(text: string, lang: string | undefined): string {
    const language = lang && /^[A-Za-z0-9_+-]{1,32}$/.test(lang) ? lang : undefined;
    const code = escapeHtml(text);
    return language ? `<pre><code class="language-${language}">${code}</code></pre>` : `<pre>${code}</pre>`;
  }

  private list(list: Tokens.List): string {
    const indent = LIST_INDENT.repeat(this.listDepth);
    const start = typeof list.start === 'number' ? list.start : 1;
    const bullet = this.listDepth === 0 ? '•' : '◦';
    this.listDepth++;
    const items = list.items.map((item, i) => {
      const marker = list.ordered ? `${start + i}.` : bullet;
      const check = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
      const blocks = this.blocks(item.tokens.filter((tk) => tk.type !== 'checkbox'));
      const lines: string[] = [];
      blocks.forEach((b, k) => {
        if (k === 0 && !b.isList) lines.push(`${indent}${marker} ${check}${b.html}`);
        else if (b.isList) lines.push(b.html);
        else lines.push(`${indent}${LIST_INDENT}${b.html}`);
      });
      if (lines.length === 0) lines.push(`${indent}${marker}`);
      return lines.join('\n');
    });
    this.listDepth--;
    return items.join(list.loose ? '\n\n' : '\n');
  }

  private htmlIssue(raw: string): void {
    const before = this.issues.length;
    const snippet = raw.trim().slice(0, 30);
    const message = snippet.startsWith('<!--')
      ? 'HTML comments are not allowed in a briefing body; remove it'
      : `raw HTML ("${snippet}") is not allowed; use Markdown: **bold**, *italic*, [text](https://…)`;
    this.issue(raw, message);
    // One raw-HTML report per line: `<b>x</b>` is one mistake, not two.
    const added = this.issues[before];
    if (
      added &&
      this.issues.some((x, i) => i < before && x.line === added.line && x.message.startsWith('raw HTML'))
    ) {
      this.issues.length = before;
    }
  }

  private text(raw: string): string {
    // A soft line break inside a paragraph is a space in Markdown.
    return escapeHtml(decodeEntities(raw).replace(/[ \t]*\n[ \t]*/g, ' '));
  }

  private inline(tokens: Token[]): string {
    let out = '';
    for (const token of tokens) {
      const t = token as Tokens.Generic;
      switch (token.type) {
        case 'text':
          out += t.tokens ? this.inline(t.tokens as Token[]) : this.text(token.text);
          break;
        case 'escape':
          out += escapeHtml(token.text);
          break;
        case 'strong':
          out += `<b>${this.inline(kids(token))}</b>`;
          break;
        case 'em':
          out += `<i>${this.inline(kids(token))}</i>`;
          break;
        case 'del':
          out += `<s>${this.inline(kids(token))}</s>`;
          break;
        case 'codespan':
          out += `<code>${escapeHtml(token.text)}</code>`;
          break;
        case 'br':
          out += '\n';
          break;
        case 'link':
          out += this.link(token as Tokens.Link);
          break;
        case 'image':
          this.issue(
            token.raw,
            `images cannot be shown in a Telegram text message; link to the picture instead: [${token.text || 'फोटो'}](${token.href})`,
          );
          out += escapeHtml(token.text);
          break;
        case 'checkbox':
          break;
        case 'html':
          this.htmlIssue(token.raw);
          out += escapeHtml(token.raw);
          break;
        default:
          this.issue(token.raw, `"${token.type}" cannot be shown in Telegram`);
          out += escapeHtml(token.raw);
      }
    }
    return out;
  }

  private link(link: Tokens.Link): string {
    const text = this.inline(link.tokens);
    const checked = checkLink(link.href);
    if (!checked.ok) {
      this.issue(link.raw, checked.message);
      return text;
    }
    if (text.trim() === '') {
      this.issue(link.raw, `link to ${link.href} has no text; write [text](${link.href})`);
      return '';
    }
    return `<a href="${escapeHtml(checked.url)}">${text}</a>`;
  }
}
