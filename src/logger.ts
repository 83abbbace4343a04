import { type Logger, pino } from 'pino';

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

/** Creates the program's logger (JSON lines on stdout). */
export function createLogger(level: string, opts: { name?: string } = {}): Logger {
  return pino({
    level,
    name: opts.name ?? 'chunav',
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: { streamWrite: (line) => line.replace(BOT_TOKEN_IN_TEXT, '[redacted]') },
  });
}
