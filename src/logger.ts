import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line. Tokens and secrets must never reach logs; the bot token also
 * appears inside Telegram API URLs, which is why `url` fields are censored too.
 */
const REDACT = [
  'token',
  'botToken',
  'secret',
  'webhookSecret',
  'adminHttpToken',
  'password',
  '*.token',
  '*.botToken',
  '*.secret',
  '*.webhookSecret',
  '*.adminHttpToken',
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
  // A grammY context (inside a BotError) holds the Api with the token and the deps with the config.
  'ctx',
  '*.ctx',
];

/**
 * A Telegram bot token anywhere in a line: an HTTP client's error (inside grammY's HttpError) carries the
 * request URL, `/bot<token>/method`, in its message and stack, where no path can reach it.
 */
const BOT_TOKEN_IN_TEXT = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/** What the log keeps of an error: the same fields whatever threw it, never its payload or context. */
export interface LoggedError {
  type: string;
  message: string;
  /** A Node or Redis error code (`ECONNREFUSED`), or Telegram's `error_code`. */
  code?: string | number;
  /** Telegram's description of a failed call. */
  description?: string;
  stack?: string;
}

const scrub = (text: string): string => text.replace(BOT_TOKEN_IN_TEXT, '[redacted]');

/**
 * The one serializer for `err` in every log line (`logger.warn({ err }, '…')`): type, message, code and
 * stack, with any bot token cut out. A grammY error's payload (readers' chat ids and texts) and a
 * BotError's context are left out on purpose.
 */
export function serializeError(err: unknown): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) };
  const e = err as Error & { code?: unknown; error_code?: unknown; description?: unknown };
  const out: LoggedError = { type: e.name || 'Error', message: scrub(e.message) };
  const code = e.error_code ?? e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (typeof e.description === 'string') out.description = scrub(e.description);
  if (e.stack) out.stack = scrub(e.stack);
  return out;
}

/** Creates the program's logger (JSON lines on stdout, or on `destination` in tests). */
export function createLogger(
  level: string,
  opts: { name?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level,
      name: opts.name ?? 'chunav',
      serializers: { err: serializeError },
      redact: { paths: REDACT, censor: '[redacted]' },
      hooks: { streamWrite: (line) => line.replace(BOT_TOKEN_IN_TEXT, '[redacted]') },
    },
    opts.destination ?? pino.destination(1),
  );
}
