import { type Api, GrammyError, HttpError } from 'grammy';
import type { Config } from '../config.js';
import { networkReason } from '../delivery/send-policy.js';
import type { ReadinessCheck } from '../http/readiness.js';
import type { Logger } from '../logger.js';

/** How often an unreachable Telegram is tried again, and logged. */
export const TELEGRAM_RETRY_MS = 10_000;
/** How long one attempt may take before it counts as unreachable. */
export const TELEGRAM_ATTEMPT_MS = 10_000;

/** grammY types its signals with the `abort-controller` package's class; Node's is the same at run time. */
type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

/** Node's AbortSignal as grammY's methods declare theirs. */
export function apiSignal(signal: AbortSignal): ApiSignal {
  return signal as unknown as ApiSignal;
}

/** Thrown when start-up was stopped (a signal) while it waited for Telegram. */
export class StartupAborted extends Error {
  constructor() {
    super('start-up stopped before Telegram answered');
    this.name = 'StartupAborted';
  }
}

/**
 * Whether Telegram has answered yet, as a readiness check named `telegram`: /readyz says 503 with the
 * reason while the program cannot reach it.
 */
export function createTelegramStatus() {
  let problem: string | undefined = 'not contacted yet';
  const check: ReadinessCheck = {
    name: 'telegram',
    async run() {
      if (problem) throw new Error(problem);
    },
  };
  return {
    check,
    reached() {
      problem = undefined;
    },
    unreachable(reason: string) {
      problem = reason;
    },
  };
}

export type TelegramStatus = ReturnType<typeof createTelegramStatus>;

/** Sleeps `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A short reason for a failed call, never with the URL (it carries the token). */
function reasonOf(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  if (err instanceof HttpError) return networkReason(err);
  if ((err as Error)?.name === 'AbortError' || (err as Error)?.name === 'TimeoutError')
    return 'network: timeout';
  return 'network error';
}

/**
 * Calls Telegram (`call`, with an abort signal for each attempt) until it answers: each attempt is
 * bounded by {@link TELEGRAM_ATTEMPT_MS}; while Telegram cannot be reached, one warning every
 * {@link TELEGRAM_RETRY_MS} says what cannot be reached, why, and that it keeps trying, and `status`
 * makes /readyz say so. A 401 or 404 is a wrong setting, not a network problem: it is thrown at once
 * (explained by `explain`). `signal` (a SIGTERM during start-up) ends the wait with {@link StartupAborted}.
 */
export async function untilTelegramAnswers<T>(
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
  deps: {
    config: Pick<Config, 'telegramApiRoot'>;
    logger: Logger;
    status?: TelegramStatus;
    signal?: AbortSignal;
    explain?: (err: unknown) => Error;
    retryMs?: number;
    attemptMs?: number;
  },
): Promise<T> {
  const retryMs = deps.retryMs ?? TELEGRAM_RETRY_MS;
  const attemptMs = deps.attemptMs ?? TELEGRAM_ATTEMPT_MS;
  let failures = 0;
  for (;;) {
    if (deps.signal?.aborted) throw new StartupAborted();
    // One controller held here, with a plain timer: a signal from AbortSignal.any/timeout that nothing
    // else references can be garbage-collected before it fires (Node 20), and the attempt would then
    // never end (seen under load).
    const attempt = new AbortController();
    const timer = setTimeout(
      () => attempt.abort(new DOMException('attempt timed out', 'TimeoutError')),
      attemptMs,
    );
    const stop = () => attempt.abort(deps.signal?.reason);
    deps.signal?.addEventListener('abort', stop, { once: true });
    try {
      const result = await call(attempt.signal);
      deps.status?.reached();
      if (failures > 0) deps.logger.info({ what, failures }, 'Telegram reached');
      return result;
    } catch (err) {
      if (deps.signal?.aborted) throw new StartupAborted();
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw deps.explain ? deps.explain(err) : err;
      }
      failures++;
      const reason = reasonOf(err);
      deps.status?.unreachable(`cannot reach Telegram (${reason})`);
      deps.logger.warn(
        { what, apiRoot: deps.config.telegramApiRoot, reason, failures, retryInMs: retryMs },
        `cannot reach Telegram at ${deps.config.telegramApiRoot} (${reason}); trying again every ${Math.round(retryMs / 1000)} s`,
      );
      await pause(retryMs, deps.signal);
    } finally {
      clearTimeout(timer);
      deps.signal?.removeEventListener('abort', stop);
    }
  }
}
