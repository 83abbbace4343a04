import { GrammyError, HttpError } from 'grammy';
import type { Config } from '../config.js';
import { networkReason } from '../delivery/send-policy.js';
import { redactSecrets } from '../util/redact.js';

/** Turns a failed getMe into a message that says how to fix it. */
export function explainStartupError(err: unknown, config: Config): Error {
  if (err instanceof GrammyError && err.error_code === 401) {
    return new Error('Telegram rejected BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather');
  }
  if (err instanceof GrammyError && err.error_code === 404) {
    return new Error(
      `TELEGRAM_API_ROOT ${config.telegramApiRoot} answered 404 for getMe: is it a Bot API server?`,
    );
  }
  // The client's message carries the request URL with the token: never passed on.
  const reason =
    err instanceof HttpError ? networkReason(err) : redactSecrets(String((err as Error)?.message));
  return new Error(`could not reach Telegram at ${config.telegramApiRoot}: ${reason}`);
}
