/**
 * Splitting Telegram HTML into messages Telegram accepts.
 *
 * Telegram limits a message to 4096 characters of its text *after* entity parsing: tags do not count,
 * `&amp;` counts as one, and "characters" are UTF-16 code units (an emoji outside the BMP counts two).
 */

/** Telegram's limit for one text message. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

const MIN_LIMIT = 16;

/** Elements never split across messages while they fit in one: a link, a custom emoji. */
const ATOMIC = new Set(['a', 'tg-emoji']);

const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;
// Telegram (tdlib) decodes only these four named entities; any other (`&nbsp;`) stays as typed.
const NAMED_LEN: Record<string, number> = { amp: 1, lt: 1, gt: 1, quot: 1 };

/** Closing quotes and brackets that may follow a sentence end. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

const OPEN = 0;
const CLOSE = 1;
const SPACE = 2;
const WORD = 3;
const ATOM = 4;

/**
 * One unit of the input: a tag, a run of whitespace, a run of other text (a "word"), or an atomic
 * element (a whole link). One object shape for all kinds keeps the hot loops monomorphic.
 */
interface Piece {
  kind: number;
  raw: string;
  /** Text length as Telegram counts it (0 for tags). */
  len: number;
  /** Tag name, for OPEN and CLOSE. */
  name: string;
  /** Line breaks in a SPACE run. */
  newlines: number;
  /** A WORD or ATOM whose text ends a sentence. */
  endsSentence: boolean;
}

function piece(kind: number, raw: string, len: number, name = '', newlines = 0, endsSentence = false): Piece {
  return { kind, raw, len, name, newlines, endsSentence };
}

/** Whitespace a message may break after (not NBSP: it exists to prevent a break). */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Length (UTF-16 units) of the text Telegram sees for an entity-encoded text run (no tags in it). */
function textLength(raw: string): number {
  return raw.includes('&') ? telegramTextLength(raw) : raw.length;
}

function entityLength(entity: string): number {
  const body = entity.slice(1, -1);
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return code > 0xffff ? 2 : 1;
  }
  return NAMED_LEN[body] ?? entity.length;
}

function numericChar(body: string): string {
  const code =
    body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** The last visible character of an entity-encoded run, looking past closing quotes and brackets. */
function lastVisibleChar(raw: string): string {
  let s = raw;
  while (s.length > 0) {
    const m = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);$/.exec(s);
    if (m) {
      const body = m[1] as string;
      const ch = body === 'quot' ? '"' : body.startsWith('#') ? numericChar(body) : '';
      if (ch && CLOSERS.has(ch)) {
        s = s.slice(0, m.index);
        continue;
      }
      return ch;
    }
    const last = s[s.length - 1] as string;
    if (CLOSERS.has(last)) {
      s = s.slice(0, -1);
      continue;
    }
    return last;
  }
  return '';
}

function isSentenceEnd(c: number): boolean {
  // । ॥ ? ! . …
  return c === 0x964 || c === 0x965 || c === 63 || c === 33 || c === 46 || c === 0x2026;
}

function isCloser(c: number): boolean {
  // " ' ” ’ ) ] »
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93 || c === 0xbb;
}

function endsSentence(rawText: string): boolean {
  const last = rawText.charCodeAt(rawText.length - 1);
  // Fast path: a plain last character (no entity, no closing quote to look past).
  if (last !== 59 /* ; */ && !isCloser(last)) return isSentenceEnd(last);
  return isSentenceEnd(lastVisibleChar(rawText).charCodeAt(0));
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

/**
 * Reads the tag starting at `i` (which is `<`): its end (after `>`), lower-case name, and whether it
 * closes. Quoted attribute values may contain `>`. Undefined when `<` does not start a tag.
 */
function readTag(html: string, i: number): { end: number; name: string; closing: boolean } | undefined {
  const n = html.length;
  let j = i + 1;
  const closing = html.charCodeAt(j) === 47; /* / */
  if (closing) j++;
  const nameStart = j;
  const first = html.charCodeAt(j);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return undefined;
  while (j < n && isNameChar(html.charCodeAt(j))) j++;
  const name = html.slice(nameStart, j).toLowerCase();
  let quote = 0;
  for (; j < n; j++) {
    const c = html.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62 /* > */) return { end: j + 1, name, closing };
  }
  return undefined;
}

function tokenize(html: string, limit: number): Piece[] {
  const out: Piece[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 60 /* < */) {
      const tag = readTag(html, i);
      if (tag) {
        if (!tag.closing && ATOMIC.has(tag.name)) {
          const closeTag = `</${tag.name}>`;
          const closeAt = html.indexOf(closeTag, tag.end);
          if (closeAt >= 0) {
            const innerText = html.slice(tag.end, closeAt).replace(/<[^>]*>/g, '');
            const len = textLength(innerText);
            if (len <= limit) {
              const end = closeAt + closeTag.length;
              out.push(piece(ATOM, html.slice(i, end), len, tag.name, 0, endsSentence(innerText)));
              i = end;
              continue;
            }
          }
        }
        out.push(piece(tag.closing ? CLOSE : OPEN, html.slice(i, tag.end), 0, tag.name));
        i = tag.end;
        continue;
      }
    }
    let j = i + 1;
    if (isSpace(c)) {
      let newlines = c === 10 ? 1 : 0;
      for (; j < n; j++) {
        const d = html.charCodeAt(j);
        if (!isSpace(d)) break;
        if (d === 10) newlines++;
      }
      out.push(piece(SPACE, html.slice(i, j), j - i, '', newlines));
    } else {
      for (; j < n; j++) {
        const d = html.charCodeAt(j);
        if (isSpace(d) || d === 60) break;
      }
      const raw = html.slice(i, j);
      out.push(piece(WORD, raw, textLength(raw), '', 0, endsSentence(raw)));
    }
    i = j;
  }
  return out;
}

/**
 * How good a place the point just before `pieces[p]` is to end a message: 4 paragraph break,
 * 3 line break, 2 sentence end, 1 word boundary, 0 anywhere else between pieces, -1 not allowed.
 */
function breakStrength(pieces: readonly Piece[], p: number): number {
  const here = pieces[p];
  if (!here || (here.kind !== WORD && here.kind !== ATOM)) return -1;
  let q = p - 1;
  while (q >= 0 && (pieces[q] as Piece).len === 0) q--;
  const before = pieces[q];
  if (!before) return -1;
  if (before.kind !== SPACE) return 0;
  if (before.newlines >= 2) return 4;
  if (before.newlines === 1) return 3;
  let r = q - 1;
  while (r >= 0 && (pieces[r] as Piece).len === 0) r--;
  const prev = pieces[r];
  return prev && (prev.kind === WORD || prev.kind === ATOM) && prev.endsSentence ? 2 : 1;
}

const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/**
 * Cuts an over-long text piece (a "word" longer than a whole message) so that its head fits `room`.
 * Never cuts inside an entity, a grapheme cluster or (failing that) a surrogate pair.
 */
function cutPiece(p: Piece, room: number): [Piece, Piece] {
  const units: string[] = [];
  const entityRe = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;
  let last = 0;
  const pushPlain = (s: string) => {
    for (const g of graphemes.segment(s)) units.push(g.segment);
  };
  for (let m = entityRe.exec(p.raw); m; m = entityRe.exec(p.raw)) {
    pushPlain(p.raw.slice(last, m.index));
    units.push(m[0]);
    last = m.index + m[0].length;
  }
  pushPlain(p.raw.slice(last));
  let head = '';
  let headLen = 0;
  let k = 0;
  for (; k < units.length; k++) {
    const u = units[k] as string;
    const len = textLength(u);
    if (headLen + len > room) break;
    head += u;
    headLen += len;
  }
  if (headLen === 0) {
    // One grapheme cluster longer than the room (a long emoji ZWJ sequence): fall back to code points.
    const cps = [...(units[0] as string)];
    let j = 0;
    for (; j < cps.length && headLen + (cps[j] as string).length <= room; j++) {
      head += cps[j];
      headLen += (cps[j] as string).length;
    }
    if (headLen === 0) throw new RangeError(`limit ${room} is too small to hold one character`);
    units[0] = cps.slice(j).join('');
  }
  const tail = units.slice(headLen === 0 ? 0 : k).join('');
  const make = (raw: string): Piece =>
    p.kind === SPACE
      ? piece(SPACE, raw, textLength(raw), '', (raw.match(/\n/g) ?? []).length)
      : piece(WORD, raw, textLength(raw), '', 0, endsSentence(raw));
  return [make(head), make(tail)];
}

/** Length of the text Telegram would count for `html` (tags removed, entities decoded, UTF-16 units). */
export function telegramTextLength(html: string): number {
  let len = 0;
  const n = html.length;
  for (let i = 0; i < n; ) {
    const c = html.charCodeAt(i);
    if (c === 60 /* < */) {
      const tag = readTag(html, i);
      if (tag) {
        i = tag.end;
        continue;
      }
    } else if (c === 38 /* & */) {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(html);
      if (m) {
        len += entityLength(m[0]);
        i += m[0].length;
        continue;
      }
    }
    len++;
    i++;
  }
  return len;
}

/**
 * Splits Telegram HTML into messages of at most `limit` characters each, as Telegram counts them.
 *
 * Breaks at the last paragraph break that fits, else the last line break, else the last sentence end
 * (। ॥ ? ! . …), else the last word boundary, and only for a single word longer than a message, between
 * grapheme clusters. Never inside a tag, an entity or a link (`<a>`) that fits in one message. Tags
 * open at a break are closed at the end of the part and reopened (with their attributes) at the start
 * of the next. Whitespace at a break stays at the end of the earlier part, so the parts' texts joined
 * give back the original text exactly. Pure; returns `[html]` when it already fits.
 */
export function splitTelegramHtml(html: string, limit: number = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < MIN_LIMIT)
    throw new RangeError(`limit must be an integer >= ${MIN_LIMIT}`);
  if (telegramTextLength(html) <= limit) return [html];
  const pieces = tokenize(html, limit);
  const parts: string[] = [];
  let stack: Piece[] = [];
  let start = 0;
  while (start < pieces.length) {
    let acc = 0;
    let best = -1;
    let bestStrength = -1;
    let i = start;
    for (; i < pieces.length; i++) {
      const here = pieces[i] as Piece;
      if (acc > 0) {
        const s = breakStrength(pieces, i);
        if (s >= 0 && s >= bestStrength) {
          best = i;
          bestStrength = s;
        }
      }
      if (acc + here.len > limit) break;
      acc += here.len;
    }
    if (i >= pieces.length) {
      parts.push(emit(pieces, start, pieces.length, stack).html);
      break;
    }
    if (best < 0) {
      if (acc > 0) best = i;
      else {
        const over = pieces[i] as Piece;
        if (over.kind !== WORD && over.kind !== SPACE) throw new Error('unreachable: oversized atom');
        pieces.splice(i, 1, ...cutPiece(over, limit));
        continue;
      }
    }
    // Tags opening right before the break belong to the next part.
    let q = best;
    while (q > start && (pieces[q - 1] as Piece).kind === OPEN) q--;
    const out = emit(pieces, start, q, stack);
    parts.push(out.html);
    stack = out.stack;
    start = q;
  }
  return parts;
}

function emit(
  pieces: readonly Piece[],
  from: number,
  to: number,
  open: readonly Piece[],
): { html: string; stack: Piece[] } {
  const stack = [...open];
  let html = '';
  for (const t of stack) html += t.raw;
  for (let i = from; i < to; i++) {
    const p = pieces[i] as Piece;
    html += p.raw;
    if (p.kind === OPEN) stack.push(p);
    else if (p.kind === CLOSE) {
      let at = stack.length - 1;
      while (at >= 0 && (stack[at] as Piece).name !== p.name) at--;
      if (at >= 0) stack.length = at;
    }
  }
  for (let k = stack.length - 1; k >= 0; k--) html += `</${(stack[k] as Piece).name}>`;
  return { html, stack };
}
