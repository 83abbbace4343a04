/**
 * A Telegram bot token, whole or cut short: `<bot id>:<secret>`. Ten characters of the secret are already
 * too many to keep, so a fragment left by a cut (`slice(0, 80)` of a URL) is caught too.
 */
const BOT_TOKEN_LIKE = /\d{5,}:[A-Za-z0-9_-]{10,}/g;
/** Any URL: an HTTP client's error message carries the request URL, `/bot<token>/method`. */
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
/** A Bot API path without its scheme and host. */
const BOT_PATH = /\/bot[^\s/]*/g;
/**
 * A long run of token characters mixing letters and digits (a secret without its bot id); a run of one
 * letter, or a long word, is left alone.
 */
const LONG_SECRET = /[A-Za-z0-9_-]{32,}/g;
const looksRandom = (run: string): boolean => /\d/.test(run) && /[A-Za-z]/.test(run);

/**
 * Removes anything that may carry a secret from a text that is about to be stored, counted or printed:
 * URLs (with their user:password and any token in the path), Bot API paths, bot tokens and token
 * fragments, and long runs of token characters. What is left says what happened, never to whom or with
 * which credentials.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_LIKE, '[url]')
    .replace(BOT_PATH, '/bot[redacted]')
    .replace(BOT_TOKEN_LIKE, '[redacted]')
    .replace(LONG_SECRET, (run) => (looksRandom(run) ? '[redacted]' : run));
}

/** A Redis (or any) URL with its user name and password masked, for banners and error messages. */
export function maskUrlCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // Not a URL we can parse: mask whatever sits between `//` and `@`.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
