import { GrammyError, HttpError } from 'grammy';
import type { InactiveReason } from '../store/subscribers.js';
import { redactSecrets } from '../util/redact.js';

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

/**
 * Reduces a Telegram description to a short, stable reason for counting ("Bad Request: message is too
 * long" → "message is too long"). Reasons are stored in Redis and printed, so anything that could carry a
 * secret (a URL, a token) is removed before the cut: a cut must never leave a fragment behind.
 */
export function shortReason(description: string): string {
  return redactSecrets(
    description.replace(
      /^(Bad Request|Forbidden|Unauthorized|Conflict|Not Found|Internal Server Error):\s*/i,
      '',
    ),
  ).slice(0, 80);
}

/** Fixed reasons for a request that got no answer, by the system error code of its cause. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'network: connection refused',
  ECONNRESET: 'network: connection reset',
  EPIPE: 'network: connection reset',
  ENOTFOUND: 'network: host not found',
  EAI_AGAIN: 'network: host not found',
  ETIMEDOUT: 'network: timeout',
  ESOCKETTIMEDOUT: 'network: timeout',
  UND_ERR_CONNECT_TIMEOUT: 'network: timeout',
  UND_ERR_HEADERS_TIMEOUT: 'network: timeout',
  UND_ERR_BODY_TIMEOUT: 'network: timeout',
  UND_ERR_SOCKET: 'network: connection reset',
  UND_ERR_CLOSED: 'network: connection reset',
  EHOSTUNREACH: 'network: host unreachable',
  ENETUNREACH: 'network: host unreachable',
  CERT_HAS_EXPIRED: 'network: TLS error',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'network: TLS error',
};

/**
 * A fixed reason for an HTTP call that failed before Telegram answered. The HTTP client's message
 * carries the request URL, `/bot<token>/method`, so it is never used: only the error code of the cause
 * (or of its cause) picks one of a few fixed words.
 */
export function networkReason(err: HttpError | unknown): string {
  let cause: unknown = err instanceof HttpError ? err.error : err;
  for (let depth = 0; depth < 4 && cause && typeof cause === 'object'; depth++) {
    const e = cause as { code?: unknown; name?: unknown; type?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && NETWORK_REASONS[e.code]) return NETWORK_REASONS[e.code] as string;
    if (e.name === 'AbortError' || e.type === 'aborted' || e.type === 'request-timeout')
      return 'network: timeout';
    if (/socket hang up/i.test(String((cause as Error).message ?? ''))) return 'network: connection reset';
    cause = e.cause;
  }
  return 'network error';
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
  if (err instanceof HttpError) return { kind: 'transient', reason: networkReason(err) };
  return { kind: 'transient', reason: `error: ${shortReason((err as Error)?.message ?? String(err))}` };
}
