import { ApiError, badRequest, DESCRIPTIONS } from './errors.js';

const INLINE_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const MAX_BUTTONS = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Why Telegram would refuse a button URL, or undefined when it accepts it: http(s) with a public-looking
 * host (Telegram refuses `localhost` and dot-less hosts with "Wrong HTTP URL"), or tg://.
 */
export function buttonUrlProblem(raw: string): string | undefined {
  const url = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'tg') return /^tg:\/\/[a-z0-9_-]+/i.test(url) ? undefined : 'Wrong URL';
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    if (!/^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(url)) return 'Unsupported URL protocol';
  }
  let parsed: URL;
  try {
    parsed = new URL(scheme === 'http' || scheme === 'https' ? url : `http://${url}`);
  } catch {
    return 'Wrong HTTP URL';
  }
  const host = parsed.hostname;
  if (host === '' || host === 'localhost' || !host.includes('.') || /\s/.test(url)) return 'Wrong HTTP URL';
  return undefined;
}

function checkInlineButton(button: unknown): void {
  if (!isObject(button))
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== 'string') {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  if (button.text === '') throw badRequest('BUTTON_TEXT_INVALID');
  const actions = INLINE_ACTIONS.filter((key) => button[key] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) {
    if (typeof button.callback_data !== 'string') {
      throw badRequest('can\'t parse inline keyboard button: Field "callback_data" must be of type String');
    }
    const bytes = Buffer.byteLength(button.callback_data, 'utf8');
    if (bytes < 1 || bytes > 64) throw new ApiError(400, DESCRIPTIONS.buttonDataInvalid);
  }
  if (button.url !== undefined) {
    if (typeof button.url !== 'string') {
      throw badRequest('can\'t parse inline keyboard button: Field "url" must be of type String');
    }
    const problem = buttonUrlProblem(button.url);
    if (problem) throw badRequest(`inline keyboard button URL '${button.url}' is invalid: ${problem}`);
  }
  if (button.web_app !== undefined) {
    const url = isObject(button.web_app) ? button.web_app.url : undefined;
    if (typeof url !== 'string' || !url.startsWith('https://') || buttonUrlProblem(url)) {
      throw badRequest(
        `inline keyboard button Web App URL '${String(url)}' is invalid: Only HTTPS links are allowed`,
      );
    }
  }
}

function checkRows(rows: unknown, field: string, checkButton: (button: unknown) => void): void {
  if (!Array.isArray(rows)) throw badRequest(`field "${field}" must be of type Array`);
  let count = 0;
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest(`field "${field}" must be of type Array of Arrays`);
    for (const button of row) {
      checkButton(button);
      count++;
    }
  }
  if (count > MAX_BUTTONS) throw badRequest('reply markup is too long');
}

function checkReplyButton(button: unknown): void {
  if (typeof button === 'string') {
    if (button === '') throw badRequest('BUTTON_TEXT_INVALID');
    return;
  }
  if (!isObject(button) || typeof button.text !== 'string') {
    throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
  }
  if (button.text === '') throw badRequest('BUTTON_TEXT_INVALID');
}

/**
 * Validates reply_markup like Telegram: an inline keyboard (callback_data 1..64 bytes, URL buttons with
 * a valid http(s)/tg URL, at least one action per button), a reply keyboard, a keyboard removal or a
 * force reply. Throws the 400 Telegram would answer with.
 */
export function validateReplyMarkup(markup: unknown): void {
  if (markup === undefined) return;
  if (!isObject(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
  if (markup.inline_keyboard !== undefined) {
    checkRows(markup.inline_keyboard, 'inline_keyboard', checkInlineButton);
    return;
  }
  if (markup.keyboard !== undefined) {
    checkRows(markup.keyboard, 'keyboard', checkReplyButton);
    return;
  }
  if (markup.remove_keyboard === true || markup.force_reply === true) return;
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Only inline keyboards are part of the Message Telegram returns; reply keyboards are not echoed. */
export function inlineMarkupOf(markup: unknown): unknown {
  return isObject(markup) && markup.inline_keyboard !== undefined ? markup : undefined;
}

/** JSON with sorted keys, so two markups that differ only in key order compare equal. */
export function stableJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
