import { GrammyError, HttpError } from 'grammy';
import type { ApiError } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { classifySendError, type SendDecision } from '../../src/delivery/send-policy.js';

/** The error grammY throws when Telegram answers `ok: false` to sendMessage. */
function telegram(error_code: number, description: string, parameters: ApiError['parameters'] = {}) {
  return new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description, parameters },
    'sendMessage',
    { chat_id: 1, text: 'परीक्षण (काल्पनिक)' },
  );
}

/** The error grammY throws when the HTTP call itself failed (no answer from Telegram). */
function network(cause: unknown) {
  return new HttpError("Network request for 'sendMessage' failed!", cause);
}

/** A made-up token of Telegram's shape (bot id, colon, 35 characters). */
const TOKEN = '7312345678:AAHk3x9Qm2Lp0vWz8YtR4sNcB6dEfGhJiKl';

const TOO_LONG = `Bad Request: ${'x'.repeat(100)}`;

/** Every class of answer Telegram (or the network) gives a send, and the one decision each must produce. */
const TABLE: Array<[string, unknown, SendDecision]> = [
  // 429: the whole bot is over the limit; pause every worker for retry_after, keep the attempt.
  [
    '429 with retry_after 7',
    telegram(429, 'Too Many Requests: retry after 7', { retry_after: 7 }),
    { kind: 'rate-limited', retryAfterMs: 7000 },
  ],
  [
    '429 with retry_after 1',
    telegram(429, 'Too Many Requests: retry after 1', { retry_after: 1 }),
    { kind: 'rate-limited', retryAfterMs: 1000 },
  ],
  [
    '429 with retry_after 0 (never a pause shorter than a second)',
    telegram(429, 'Too Many Requests: retry after 0', { retry_after: 0 }),
    { kind: 'rate-limited', retryAfterMs: 1000 },
  ],
  [
    '429 without retry_after',
    telegram(429, 'Too Many Requests'),
    { kind: 'rate-limited', retryAfterMs: 1000 },
  ],
  // 403: the chat cannot receive anything; mark it, never retry.
  [
    '403 blocked by the user',
    telegram(403, 'Forbidden: bot was blocked by the user'),
    { kind: 'dead', reason: 'blocked', description: 'Forbidden: bot was blocked by the user' },
  ],
  [
    '403 user is deactivated',
    telegram(403, 'Forbidden: user is deactivated'),
    { kind: 'dead', reason: 'deactivated', description: 'Forbidden: user is deactivated' },
  ],
  [
    '403 kicked from the group',
    telegram(403, 'Forbidden: bot was kicked from the group chat'),
    { kind: 'dead', reason: 'blocked', description: 'Forbidden: bot was kicked from the group chat' },
  ],
  [
    '403 cannot initiate conversation',
    telegram(403, "Forbidden: bot can't initiate conversation with a user"),
    {
      kind: 'dead',
      reason: 'blocked',
      description: "Forbidden: bot can't initiate conversation with a user",
    },
  ],
  // 400 for a chat that does not exist: dead too.
  [
    '400 chat not found',
    telegram(400, 'Bad Request: chat not found'),
    { kind: 'dead', reason: 'not-found', description: 'Bad Request: chat not found' },
  ],
  [
    '400 user not found',
    telegram(400, 'Bad Request: user not found'),
    { kind: 'dead', reason: 'not-found', description: 'Bad Request: user not found' },
  ],
  [
    '400 PEER_ID_INVALID',
    telegram(400, 'Bad Request: PEER_ID_INVALID'),
    { kind: 'dead', reason: 'not-found', description: 'Bad Request: PEER_ID_INVALID' },
  ],
  // Any other 4xx: retrying the same request cannot help; fail it with a short reason.
  [
    '400 message is too long',
    telegram(400, 'Bad Request: message is too long'),
    { kind: 'rejected', reason: '400 message is too long' },
  ],
  [
    "400 can't parse entities",
    telegram(400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0'),
    { kind: 'rejected', reason: '400 can\'t parse entities: Unsupported start tag "x" at byte offset 0' },
  ],
  [
    '400 with a description longer than 80 characters (cut at 80)',
    telegram(400, TOO_LONG),
    { kind: 'rejected', reason: `400 ${'x'.repeat(80)}` },
  ],
  [
    '401 Unauthorized (wrong token)',
    telegram(401, 'Unauthorized'),
    { kind: 'rejected', reason: '401 Unauthorized' },
  ],
  [
    '404 Not Found',
    telegram(404, 'Not Found: method not found'),
    { kind: 'rejected', reason: '404 method not found' },
  ],
  // 5xx: Telegram's own trouble; retry with backoff.
  [
    '500 Internal Server Error',
    telegram(500, 'Internal Server Error: restart'),
    { kind: 'transient', reason: '500 restart' },
  ],
  ['502 Bad Gateway', telegram(502, 'Bad Gateway'), { kind: 'transient', reason: '502 Bad Gateway' }],
  // No answer at all: retry with backoff, with a fixed reason (the client's message carries the URL).
  [
    'network error (connection refused)',
    network(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' })),
    { kind: 'transient', reason: 'network: connection refused' },
  ],
  [
    'network error (host not found, as node-fetch words it with the token in the URL)',
    network(
      Object.assign(
        new Error(
          `request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: getaddrinfo ENOTFOUND api.telegram.org`,
        ),
        { code: 'ENOTFOUND', type: 'system' },
      ),
    ),
    { kind: 'transient', reason: 'network: host not found' },
  ],
  [
    'network error (socket hang up)',
    network(new Error('socket hang up')),
    { kind: 'transient', reason: 'network: connection reset' },
  ],
  [
    'network error without a known code, its message holding the URL',
    network(new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`)),
    { kind: 'transient', reason: 'network error' },
  ],
  [
    'network error whose cause is not an Error',
    network('aborted'),
    { kind: 'transient', reason: 'network error' },
  ],
  // Anything else (a bug, a timeout of our own): retried, with its message kept as the reason.
  [
    'unknown Error',
    new Error('Reached the max retries per request limit (which is 3)'),
    { kind: 'transient', reason: 'error: Reached the max retries per request limit (which is 3)' },
  ],
  ['a thrown string', 'boom', { kind: 'transient', reason: 'error: boom' }],
  ['undefined', undefined, { kind: 'transient', reason: 'error: undefined' }],
];

describe('classifySendError (every answer class → one decision)', () => {
  it('when any error carries the bot token in a URL, then no reason keeps 10 characters of its secret', () => {
    const secret = TOKEN.split(':')[1] as string;
    const errors: unknown[] = [
      network(new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: x`)),
      new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: x`),
      new Error(`fetch failed for /bot${TOKEN}/getMe`),
      new Error(`bad token ${TOKEN.slice(0, 40)}`),
      telegram(400, `Bad Request: see https://example.org/bot${TOKEN}`),
    ];
    for (const err of errors) {
      const d = classifySendError(err);
      const reason = 'reason' in d ? String(d.reason) : '';
      for (let i = 0; i + 10 <= secret.length; i++) expect(reason).not.toContain(secret.slice(i, i + 10));
      expect(reason).not.toMatch(/https?:/);
    }
  });

  it.each(TABLE)('when a send fails with %s, then the decision is exact', (_name, err, decision) => {
    expect(classifySendError(err)).toEqual(decision);
  });

  it('when the table is read, then every decision kind and dead reason is covered', () => {
    const kinds = new Set(TABLE.map(([, , d]) => d.kind));
    expect([...kinds].sort()).toEqual(['dead', 'rate-limited', 'rejected', 'transient']);
    const reasons = new Set(TABLE.flatMap(([, , d]) => (d.kind === 'dead' ? [d.reason] : [])));
    expect([...reasons].sort()).toEqual(['blocked', 'deactivated', 'not-found']);
  });
});
