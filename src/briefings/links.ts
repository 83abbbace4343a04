/** Telegram deep-link payloads allow `A-Za-z0-9_-` and at most 64 characters. */
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** `/start` payload prefix that opens one briefing: `b_<id>`. */
export const BRIEFING_START_PREFIX = 'b_';

/** Longest briefing id: `b_` + id must fit Telegram's 64-character start payload. */
export const MAX_BRIEFING_ID_LENGTH = 64 - BRIEFING_START_PREFIX.length;

/** A briefing id: lower-case letters and digits in groups joined by single hyphens. */
export const BRIEFING_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True when `id` is a well-formed briefing id that fits a deep link. */
export function isBriefingId(id: string): boolean {
  return id.length <= MAX_BRIEFING_ID_LENGTH && BRIEFING_ID_PATTERN.test(id);
}

const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;

/**
 * `https://t.me/<bot>?start=b_<id>`: opens the bot, which shows the briefing. Throws on a malformed
 * bot username or id (a programming error, not a content error: ids are validated on load).
 */
export function briefingDeepLink(botUsername: string, id: string): string {
  const bot = botUsername.replace(/^@/, '');
  if (!BOT_USERNAME.test(bot)) throw new Error(`not a Telegram bot username: "${botUsername}"`);
  const payload = `${BRIEFING_START_PREFIX}${id}`;
  if (!isBriefingId(id) || !START_PAYLOAD.test(payload)) throw new Error(`not a briefing id: "${id}"`);
  return `https://t.me/${bot}?start=${payload}`;
}

/** The briefing id in a `/start` payload `b_<id>`, or undefined when the payload is something else. */
export function parseBriefingStartPayload(payload: string): string | undefined {
  if (!payload.startsWith(BRIEFING_START_PREFIX)) return undefined;
  const id = payload.slice(BRIEFING_START_PREFIX.length);
  return isBriefingId(id) ? id : undefined;
}

export type LinkCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Checks a link an editor wrote. Allowed: `https://…`, `tg://resolve?…` (a public channel, group or
 * bot by its user name), and `t.me/…` (made `https://t.me/…`). Anything else (http, mailto, javascript,
 * relative paths, other `tg://` actions such as `tg://proxy`, `tg://setlanguage`, `tg://login`, which
 * change a reader's client settings or sign them in somewhere) is refused with the reason.
 */
export function checkLink(href: string): LinkCheck {
  const url = href.trim();
  if (url === '') return { ok: false, message: 'empty link' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return { ok: false, message: `link "${url}" contains spaces` };
  const lower = url.toLowerCase();
  let full: string;
  if (lower.startsWith('tg://') && !lower.startsWith('tg://resolve?')) {
    return {
      ok: false,
      message: `link "${url}" is a tg:// action; of tg:// links only tg://resolve?domain=… is allowed`,
    };
  }
  if (lower.startsWith('https://') || lower.startsWith('tg://')) full = url;
  else if (lower.startsWith('t.me/')) full = `https://${url}`;
  else {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    const what = scheme ? `uses ${scheme.toLowerCase()}:` : 'is not a full address';
    return {
      ok: false,
      message: `link "${url}" ${what}; only https://, tg://resolve and t.me/ links are allowed`,
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    return { ok: false, message: `link "${url}" is not a valid URL` };
  }
  if (parsed.protocol === 'https:' && !parsed.hostname.includes('.')) {
    return { ok: false, message: `link "${url}" has no proper host name` };
  }
  return { ok: true, url: full };
}
