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
  'req.headers["x-telegram-bot-api-secret-token"]',
];

/** Creates the program's logger (JSON lines on stdout). */
export function createLogger(level: string, opts: { name?: string } = {}): Logger {
  return pino({
    level,
    name: opts.name ?? 'chunav',
    redact: { paths: REDACT, censor: '[redacted]' },
  });
}
