import { GrammyError, HttpError } from 'grammy';
import type { InactiveReason } from '../store/subscribers.js';

/**
 * What to do after a failed Telegram call, decided in one place:
 * - `rate-limited`: Telegram's 429 pauses the whole bot; pause every worker for `retryAfterMs`, keep the attempt.
 * - `dead`: the chat cannot receive messages (blocked, deactivated, chat not found); mark it, never retry.
 * - `rejected`: any other 4xx; retrying cannot help, fail it with the reason.
 * - `transient`: 5xx and network errors; retry with backoff.
 */
export type SendDecision =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'dead'; reason: InactiveReason; description: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'transient'; reason: string };

/** Reduces a Telegram description to a short, stable reason for counting ("Bad Request: message is too long" → "message is too long"). */
export function shortReason(description: string): string {
  return description
    .replace(/^(Bad Request|Forbidden|Unauthorized|Conflict|Not Found|Internal Server Error):\s*/i, '')
    .slice(0, 80);
}

/** Classifies an error thrown by a grammY API call. */
export function classifySendError(err: unknown): SendDecision {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    const description = err.description ?? '';
    if (code === 429) {
      const seconds = err.parameters?.retry_after ?? 1;
      return { kind: 'rate-limited', retryAfterMs: Math.max(1, seconds) * 1000 };
    }
    if (code === 403) {
      if (/deactivated/i.test(description)) return { kind: 'dead', reason: 'deactivated', description };
      // blocked by the user, kicked from the group, or can't initiate conversation: no message will arrive.
      return { kind: 'dead', reason: 'blocked', description };
    }
    if (code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(description)) {
      return { kind: 'dead', reason: 'not-found', description };
    }
    if (code >= 500) return { kind: 'transient', reason: `${code} ${shortReason(description)}` };
    return { kind: 'rejected', reason: `${code} ${shortReason(description)}` };
  }
  if (err instanceof HttpError)
    return {
      kind: 'transient',
      reason: `network: ${shortReason(String((err.error as Error)?.message ?? err.message))}`,
    };
  return { kind: 'transient', reason: `error: ${shortReason((err as Error)?.message ?? String(err))}` };
}
