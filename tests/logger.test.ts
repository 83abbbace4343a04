import { Writable } from 'node:stream';
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createLogger, serializeError } from '../src/logger.js';

const TOKEN = '123456789:AAE-test-token-made-up-for-this-test_xyz';

describe('error log shape', () => {
  it('when a network error carries the request URL, then the logged error keeps type and message without the token', () => {
    const err = new TypeError(`fetch failed for https://api.telegram.org/bot${TOKEN}/sendMessage`);
    const out = serializeError(err);
    expect(out.type).toBe('TypeError');
    expect(out.message).toBe('fetch failed for https://api.telegram.org/bot[redacted]/sendMessage');
    expect(JSON.stringify(out)).not.toContain('AAE-test-token');
  });

  it('when Telegram refuses a call, then its code and description are kept and the payload (chat, text) is not', () => {
    const err = new GrammyError(
      'Call to sendMessage failed!',
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      'sendMessage',
      { chat_id: 777_001, text: 'पाठक का निजी संदेश' },
    );
    const out = serializeError(err);
    expect(out).toMatchObject({
      type: 'GrammyError',
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(JSON.stringify(out)).not.toContain('777001');
    expect(JSON.stringify(out)).not.toContain('निजी');
  });

  it('when something that is not an Error is thrown, then it is logged as text', () => {
    expect(serializeError('boom')).toEqual({ type: 'string', message: 'boom' });
  });

  it('when the program’s logger logs { err }, then the line has that one shape and no token', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', { destination: sink });
    const err = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:6379 (bot${TOKEN})`), {
      code: 'ECONNREFUSED',
    });
    logger.warn({ err }, 'redis connection error');
    expect(lines[0]).not.toContain('AAE-test-token');
    const line = JSON.parse(lines[0] as string) as { err: Record<string, unknown> };
    expect(Object.keys(line.err).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(line.err.code).toBe('ECONNREFUSED');
    // A refused Telegram call: its payload (a reader's chat id and text) never reaches the log.
    logger.warn(
      {
        err: new GrammyError(
          'Call to sendMessage failed!',
          { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
          'sendMessage',
          { chat_id: 777_002, text: 'पाठक का निजी संदेश' },
        ),
      },
      'send rejected',
    );
    expect(lines[1]).toContain('chat not found');
    expect(lines[1]).not.toContain('777002');
    expect(lines[1]).not.toContain('निजी');
  });
});
