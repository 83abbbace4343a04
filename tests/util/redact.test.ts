import { describe, expect, it } from 'vitest';
import { maskUrlCredentials, redactSecrets } from '../../src/util/redact.js';

/** A made-up token of Telegram's shape. */
const TOKEN = '7312345678:AAHk3x9Qm2Lp0vWz8YtR4sNcB6dEfGhJiKl';
const SECRET = TOKEN.split(':')[1] as string;

/** Every 10-character piece of the secret. */
const fragments = (s: string) => Array.from({ length: s.length - 9 }, (_, i) => s.slice(i, i + 10));

describe('redactSecrets', () => {
  it.each([
    [`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`],
    [`/bot${TOKEN}/getMe`],
    [`token ${TOKEN}`],
    [`cut ${TOKEN.slice(0, 25)}`],
    [`secret alone ${SECRET}`],
  ])(
    'when a text holds the token (%s), then no 10 characters of its secret survive, even cut at 80',
    (text) => {
      const out = redactSecrets(text);
      for (const f of fragments(SECRET)) {
        expect(out).not.toContain(f);
        expect(out.slice(0, 80)).not.toContain(f);
      }
    },
  );

  it('when a text has no secret, then it is left as it is', () => {
    expect(redactSecrets('message is too long')).toBe('message is too long');
    expect(redactSecrets(`${'x'.repeat(90)}`)).toBe('x'.repeat(90));
  });
});

describe('maskUrlCredentials', () => {
  it('when a Redis URL has a user and password, then both are masked and the host stays', () => {
    const out = maskUrlCredentials('redis://admin:hunter2-very-secret@redis.example:6380/2');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('admin');
    expect(out).toContain('redis.example:6380');
  });

  it('when a Redis URL has only a password, then it is masked', () => {
    expect(maskUrlCredentials('rediss://:s3cretpass@h:6379')).not.toContain('s3cretpass');
  });

  it('when a URL has no credentials, then it is unchanged', () => {
    expect(maskUrlCredentials('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
