import type { MessageEntity } from 'grammy/types';

/**
 * Telegram's HTML parse mode, as a pure function.
 *
 * This follows tdlib's `parse_html` (td/telegram/MessageEntity.cpp) step by step, because that is the
 * code the Bot API runs: the same tags, the same entity decoding, the same error texts (with UTF-8 byte
 * offsets). Quirks kept on purpose because Telegram has them:
 * - an `&` that does not start `&lt;` `&gt;` `&amp;` `&quot;` or a numeric reference is plain text;
 *   `&lt` without `;` is decoded; unknown named entities such as `&nbsp;` stay literally;
 * - a lone `<` is an error (it starts a tag), so user text must be escaped;
 * - `</>` closes whatever tag is open;
 * - empty entities (`<b></b>`) are dropped; `<a>` without href links to its own text.
 */

/** Text and entities as Telegram returns them: offsets and lengths in UTF-16 code units. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

/** A parse failure; `message` is tdlib's text (the Bot API prefixes it with "can't parse entities: "). */
export class TelegramHtmlError extends Error {
  override readonly name = 'TelegramHtmlError';
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

// tdlib's entity sort: offset ascending, length descending, then a fixed type priority.
const TYPE_PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};

const CH_AMP = 38;
const CH_LT = 60;
const CH_GT = 62;
const CH_SLASH = 47;
const CH_EQ = 61;
const CH_QUOT = 34;
const CH_APOS = 39;
const CH_SEMI = 59;
const CH_HASH = 35;

/** tdlib's is_space; 0 stands for "end of input", as in its NUL-terminated buffer. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0 || c === 11;
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

interface Decoded {
  code: number;
  end: number;
}

/** tdlib's decode_html_entity: the code point and where parsing resumes, or undefined for a plain `&`. */
function decodeEntity(html: string, pos: number): Decoded | undefined {
  const at = (i: number): number => (i < html.length ? html.charCodeAt(i) : 0);
  let end = pos + 1;
  let code = 0;
  if (at(pos + 1) === CH_HASH) {
    end++;
    if (at(pos + 2) === 120 /* x */) {
      end++;
      for (let h = hexValue(at(end)); h >= 0; h = hexValue(at(end))) {
        code = code * 16 + h;
        end++;
        if (code > 0x10ffff) break;
      }
    } else {
      while (isDigit(at(end))) {
        code = code * 10 + at(end) - 48;
        end++;
        if (code > 0x10ffff) break;
      }
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (isAsciiAlpha(at(end))) end++;
    const name = html.slice(pos + 1, end);
    if (name === 'lt') code = 60;
    else if (name === 'gt') code = 62;
    else if (name === 'amp') code = 38;
    else if (name === 'quot') code = 34;
    else return undefined;
  }
  return { code, end: at(end) === CH_SEMI ? end + 1 : end };
}

interface OpenTag {
  tag: string;
  argument: string;
  offset: number;
  /** Position in the output text, for `<a>` without href. */
  textStart: number;
}

interface RawEntity {
  type: string;
  offset: number;
  length: number;
  argument?: string;
  userId?: number;
}

/** tdlib's LinkManager.get_link_user_id, for `tg://user?id=123`. */
function linkUserId(url: string): number | undefined {
  const m = /^tg:(?:\/\/)?user\?id=(\d{1,20})(?:&|$)/i.exec(url);
  if (!m?.[1]) return undefined;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * An approximation of LinkManager.get_checked_link: http(s) links (a missing scheme means http) are
 * normalised, tg:// and ton:// links kept, anything else yields '' (and Telegram then drops the link
 * entity instead of failing).
 */
export function checkedLink(raw: string): string {
  const url = raw.trim();
  if (url === '') return '';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'tg' || scheme === 'ton') return /^[a-z]+:\/\/[^\s]+$/i.test(url) ? url : '';
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    // "host:port" without a scheme parses as a scheme; let it through as http.
    if (!/^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(url)) return '';
  }
  const withScheme = scheme === 'http' || scheme === 'https' ? url : `http://${url}`;
  try {
    const parsed = new URL(withScheme);
    return parsed.hostname === '' ? '' : parsed.href;
  } catch {
    return '';
  }
}

function utf8Offset(html: string, index: number): number {
  return Buffer.byteLength(html.slice(0, index), 'utf8');
}

function toBotApiEntity(e: RawEntity): MessageEntity {
  switch (e.type) {
    case 'pre':
      return e.argument
        ? { type: 'pre', offset: e.offset, length: e.length, language: e.argument }
        : { type: 'pre', offset: e.offset, length: e.length };
    case 'text_link':
      return { type: 'text_link', offset: e.offset, length: e.length, url: e.argument ?? '' };
    case 'text_mention':
      return {
        type: 'text_mention',
        offset: e.offset,
        length: e.length,
        user: { id: e.userId ?? 0, is_bot: false, first_name: '' },
      };
    case 'custom_emoji':
      return { type: 'custom_emoji', offset: e.offset, length: e.length, custom_emoji_id: e.argument ?? '' };
    default:
      return { type: e.type as 'bold', offset: e.offset, length: e.length };
  }
}

/**
 * Parses text in Telegram's HTML parse mode into plain text and entities, or throws a
 * {@link TelegramHtmlError} whose message is Telegram's own (e.g. `Unsupported start tag "p" at byte offset 0`).
 * No trimming and no length check: see `parseMessageText` for what sendMessage does on top.
 */
export function parseTelegramHtml(html: string): ParsedText {
  const n = html.length;
  const at = (i: number): number => (i < n ? html.charCodeAt(i) : 0);
  const fail = (message: string): never => {
    throw new TelegramHtmlError(message);
  };
  const entities: RawEntity[] = [];
  const open: OpenTag[] = [];
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === CH_AMP) {
      const decoded = decodeEntity(html, i);
      if (decoded) {
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) {
          fail(
            'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
          );
        }
        out += html.slice(runStart, i) + String.fromCodePoint(decoded.code);
        i = decoded.end;
        runStart = i;
        continue;
      }
      i++;
      continue;
    }
    if (c !== CH_LT) {
      i++;
      continue;
    }
    out += html.slice(runStart, i);
    const begin = i;
    i++;
    if (at(i) !== CH_SLASH) {
      // A start tag.
      while (!isSpace(at(i)) && at(i) !== CH_GT) i++;
      if (at(i) === 0) fail(`Unclosed start tag at byte offset ${utf8Offset(html, begin)}`);
      const tag = asciiLower(html.slice(begin + 1, i));
      if (!SUPPORTED_TAGS.has(tag)) {
        fail(`Unsupported start tag "${tag}" at byte offset ${utf8Offset(html, begin)}`);
      }
      let argument = '';
      while (at(i) !== CH_GT) {
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === CH_GT) break;
        const nameStart = i;
        for (let ch = at(i); !isSpace(ch) && ch !== CH_EQ && ch !== CH_GT && ch !== CH_SLASH; ch = at(i)) {
          if (ch === CH_QUOT || ch === CH_APOS) break;
          i++;
        }
        const name = html.slice(nameStart, i);
        if (name === '') {
          fail(`Empty attribute name in the tag "${tag}" at byte offset ${utf8Offset(html, begin)}`);
        }
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) !== CH_EQ) {
          if (at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${utf8Offset(html, begin)}`);
          if (tag === 'blockquote' && name === 'expandable') argument = '1';
          continue;
        }
        i++;
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${utf8Offset(html, begin)}`);
        let value = '';
        const quote = at(i);
        if (quote !== CH_QUOT && quote !== CH_APOS) {
          // A name token: letters, digits, periods, hyphens; case-insensitive.
          const tokenStart = i;
          for (let ch = at(i); isAsciiAlpha(ch) || isDigit(ch) || ch === 46 || ch === 45; ch = at(i)) i++;
          value = asciiLower(html.slice(tokenStart, i));
          if (!isSpace(at(i)) && at(i) !== CH_GT) {
            fail(`Unexpected end of name token at byte offset ${utf8Offset(html, tokenStart)}`);
          }
        } else {
          i++;
          let valueRun = i;
          while (at(i) !== quote && at(i) !== 0) {
            if (at(i) === CH_AMP) {
              const decoded = decodeEntity(html, i);
              if (decoded) {
                value += html.slice(valueRun, i) + String.fromCodePoint(decoded.code);
                i = decoded.end;
                valueRun = i;
                continue;
              }
            }
            i++;
          }
          value += html.slice(valueRun, i);
          if (at(i) === quote) i++;
        }
        if (at(i) === 0) fail(`Unclosed start tag at byte offset ${utf8Offset(html, begin)}`);
        if (tag === 'a' && name === 'href') argument = value;
        else if (tag === 'code' && name === 'class' && value.startsWith('language-'))
          argument = value.slice(9);
        else if (tag === 'span' && name === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (tag === 'tg-emoji' && name === 'emoji-id') argument = value;
        else if (tag === 'blockquote' && name === 'expandable') argument = '1';
      }
      if (tag === 'span' && argument !== 'spoiler') {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${utf8Offset(html, begin)}`);
      }
      open.push({ tag, argument, offset: out.length, textStart: out.length });
    } else {
      // An end tag.
      const top = open.at(-1);
      if (!top) fail(`Unexpected end tag at byte offset ${utf8Offset(html, begin)}`);
      while (!isSpace(at(i)) && at(i) !== CH_GT) i++;
      const endTag = asciiLower(html.slice(begin + 2, i));
      while (isSpace(at(i)) && at(i) !== 0) i++;
      if (at(i) !== CH_GT) fail(`Unclosed end tag at byte offset ${utf8Offset(html, begin)}`);
      const entry = top as OpenTag;
      if (endTag !== '' && endTag !== entry.tag) {
        fail(
          `Unmatched end tag at byte offset ${utf8Offset(html, begin)}, expected "</${entry.tag}>", found "</${endTag}>"`,
        );
      }
      const length = out.length - entry.offset;
      if (length > 0) closeEntity(entry, length, out, entities);
      open.pop();
    }
    i++;
    runStart = i;
  }
  out += html.slice(runStart, n);
  const unclosed = open.at(-1);
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort(
    (a, b) =>
      a.offset - b.offset ||
      b.length - a.length ||
      (TYPE_PRIORITY[a.type] ?? 50) - (TYPE_PRIORITY[b.type] ?? 50),
  );
  return { text: out, entities: entities.map(toBotApiEntity) };
}

function closeEntity(entry: OpenTag, length: number, out: string, entities: RawEntity[]): void {
  const offset = entry.offset;
  const last = entities.at(-1);
  switch (entry.tag) {
    case 'i':
    case 'em':
      entities.push({ type: 'italic', offset, length });
      return;
    case 'b':
    case 'strong':
      entities.push({ type: 'bold', offset, length });
      return;
    case 's':
    case 'strike':
    case 'del':
      entities.push({ type: 'strikethrough', offset, length });
      return;
    case 'u':
    case 'ins':
      entities.push({ type: 'underline', offset, length });
      return;
    case 'tg-spoiler':
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'tg-emoji': {
      const id = /^-?\d{1,19}$/.test(entry.argument) ? BigInt(entry.argument) : 0n;
      if (id === 0n || id > 9223372036854775807n || id < -9223372036854775808n) {
        throw new TelegramHtmlError('Invalid custom emoji identifier specified');
      }
      entities.push({ type: 'custom_emoji', offset, length, argument: entry.argument });
      return;
    }
    case 'a': {
      const url = entry.argument === '' ? out.slice(entry.textStart) : entry.argument;
      const userId = linkUserId(url);
      if (userId !== undefined) {
        entities.push({ type: 'text_mention', offset, length, userId });
        return;
      }
      const checked = checkedLink(url);
      if (checked !== '') entities.push({ type: 'text_link', offset, length, argument: checked });
      return;
    }
    case 'pre':
      // <code class="language-x"><pre>…</pre></code> is handled at </code>; here <pre><code class=…>.
      if (last?.type === 'code' && last.offset === offset && last.length === length && last.argument) {
        last.type = 'pre';
      } else {
        entities.push({ type: 'pre', offset, length });
      }
      return;
    case 'code':
      if (last?.type === 'pre' && last.offset === offset && last.length === length && entry.argument) {
        last.argument = entry.argument;
      } else {
        // A language on a lone <code> is dropped, as tdlib clears it after parsing.
        entities.push({ type: 'code', offset, length });
        if (entry.argument) (entities.at(-1) as RawEntity).argument = entry.argument;
      }
      return;
    case 'blockquote':
      entities.push({ type: entry.argument ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    default:
      return;
  }
}
