import type { MessageEntity } from 'grammy/types';
import { ApiError, badRequest, DESCRIPTIONS } from './errors.js';
import { type ParsedText, parseTelegramHtml, TelegramHtmlError } from './html.js';

/** Telegram's limit on message text, counted after entity parsing and trimming. */
export const MAX_MESSAGE_LENGTH = 4096;

/**
 * How the 4096 limit is counted. Telegram (tdlib `get_input_message_text`) counts Unicode code points
 * (`utf8_length`), so an emoji outside the BMP counts once; `utf16` is the stricter count (an emoji
 * counts twice), for callers who want a safety margin.
 */
export type LengthUnit = 'codepoint' | 'utf16';

export type ParseMode = 'HTML' | 'MarkdownV2' | 'Markdown';

/** Telegram reads parse_mode case-insensitively; anything else is "unsupported parse_mode". */
export function normaliseParseMode(raw: string | undefined): ParseMode | undefined {
  if (raw === undefined || raw === '') return undefined;
  switch (raw.toLowerCase()) {
    case 'html':
      return 'HTML';
    case 'markdownv2':
      return 'MarkdownV2';
    case 'markdown':
      return 'Markdown';
    default:
      throw badRequest('unsupported parse_mode');
  }
}

/** Number of Unicode code points in a string (a surrogate pair counts once). */
export function codePointLength(s: string): number {
  let pairs = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return s.length - pairs;
}

function isTrailingSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 11 || c === 12;
}

/**
 * Telegram's trimming (tdlib fix_formatted_text): trailing whitespace goes and entities are clipped to
 * the rest; leading spaces and newlines go only up to the first entity.
 */
export function trimFormatted(parsed: ParsedText): ParsedText {
  let { text } = parsed;
  let end = text.length;
  while (end > 0 && isTrailingSpace(text.charCodeAt(end - 1))) end--;
  let entities: MessageEntity[] = parsed.entities;
  if (end < text.length) {
    text = text.slice(0, end);
    entities = entities
      .filter((e) => e.offset < end)
      .map((e) => (e.offset + e.length > end ? { ...e, length: end - e.offset } : e));
  }
  const firstEntity = entities.length > 0 ? (entities[0]?.offset ?? 0) : text.length;
  let start = 0;
  while (start < firstEntity && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 10)) start++;
  if (start > 0) {
    text = text.slice(start);
    entities = entities.map((e) => ({ ...e, offset: e.offset - start }));
  }
  return { text, entities };
}

export interface MessageTextOptions {
  lengthUnit?: LengthUnit;
  maxLength?: number;
  /** Skip HTML parsing and the length check (the double's `strict: false`). */
  lenient?: boolean;
}

/**
 * What sendMessage / editMessageText do with `text` + `parse_mode`: parse entities, trim, refuse empty
 * or too long text. Returns the text and entities Telegram would store, or throws the {@link ApiError}
 * Telegram would answer with. MarkdownV2 / Markdown are accepted but not parsed (the text is kept as sent).
 */
export function parseMessageText(
  text: string | undefined,
  parseMode: ParseMode | undefined,
  options: MessageTextOptions = {},
): ParsedText {
  if (text === undefined || text === '') throw new ApiError(400, DESCRIPTIONS.textEmpty);
  if (options.lenient) return { text, entities: [] };
  let parsed: ParsedText;
  if (parseMode === 'HTML') {
    try {
      parsed = parseTelegramHtml(text);
    } catch (err) {
      if (err instanceof TelegramHtmlError) throw badRequest(`can't parse entities: ${err.message}`);
      throw err;
    }
  } else {
    parsed = { text, entities: [] };
  }
  parsed = trimFormatted(parsed);
  if (parsed.text === '') throw new ApiError(400, DESCRIPTIONS.textEmpty);
  const max = options.maxLength ?? MAX_MESSAGE_LENGTH;
  const length = options.lengthUnit === 'utf16' ? parsed.text.length : codePointLength(parsed.text);
  if (length > max) throw new ApiError(400, DESCRIPTIONS.tooLong);
  return parsed;
}
