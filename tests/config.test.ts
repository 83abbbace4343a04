import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_12345';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseConfig', () => {
  it('when only BOT_TOKEN is set, then every other setting has its documented default', () => {
    const c = parseConfig({ BOT_TOKEN: TOKEN });
    expect(c).toMatchObject({
      botToken: TOKEN,
      telegramApiRoot: 'https://api.telegram.org',
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: 'chunav',
      adminIds: [],
      botMode: 'polling',
      httpPort: 8080,
      // Loopback: /metrics has no auth, so nothing is open to the network unless asked.
      httpHost: '127.0.0.1',
      logLevel: 'info',
      maxSubscriptions: 20,
      sendRate: 30,
      paidBroadcast: false,
      digestSlots: ['07:00', '13:00', '19:00'],
      digestTz: 'Asia/Kolkata',
    });
  });

  it('when values are given, then they are parsed to camelCase typed fields', () => {
    const c = parseConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9000/',
      ADMIN_IDS: ' 11, 22 ,33',
      HTTP_PORT: '0',
      KEY_PREFIX: 'test_1',
      DIGEST_SLOTS: '19:00,07:00,07:00',
      MAX_SUBSCRIPTIONS: '5',
    });
    expect(c.telegramApiRoot).toBe('http://127.0.0.1:9000');
    expect(c.adminIds).toEqual([11, 22, 33]);
    expect(c.httpPort).toBe(0);
    expect(c.keyPrefix).toBe('test_1');
    expect(c.digestSlots).toEqual(['07:00', '19:00']);
    expect(c.maxSubscriptions).toBe(5);
  });

  it('when several variables are bad, then one error names each of them', () => {
    const p = problems({
      BOT_TOKEN: 'nonsense',
      REDIS_URL: 'http://x',
      ADMIN_IDS: '12,abc',
      BOT_MODE: 'push',
      HTTP_PORT: '99999',
      KEY_PREFIX: 'has space',
    });
    const named = p.map((line) => line.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['BOT_TOKEN', 'REDIS_URL', 'ADMIN_IDS', 'BOT_MODE', 'HTTP_PORT', 'KEY_PREFIX']),
    );
    expect(() => parseConfig({ BOT_MODE: 'push' })).toThrow(/BOT_MODE/);
  });

  it('when BOT_MODE is webhook without URL and secret, then both are named', () => {
    const p = problems({ BOT_TOKEN: TOKEN, BOT_MODE: 'webhook' });
    expect(p.join('\n')).toMatch(/WEBHOOK_URL: required/);
    expect(p.join('\n')).toMatch(/WEBHOOK_SECRET: required/);
    expect(
      problems({
        BOT_TOKEN: TOKEN,
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
        WEBHOOK_SECRET: 'a-long-enough-secret',
      }),
    ).toEqual([]);
  });

  it('when SEND_RATE is above 30 without paid broadcast, then it is refused', () => {
    expect(problems({ SEND_RATE: '100' }).join()).toMatch(/SEND_RATE/);
    expect(parseConfig({ SEND_RATE: '1000', PAID_BROADCAST: 'true' }).sendRate).toBe(1000);
  });

  it('when a variable is empty, then it counts as unset', () => {
    expect(parseConfig({ KEY_PREFIX: '', HTTP_PORT: ' ' }).keyPrefix).toBe('chunav');
  });

  it('when the digest time zone or slots are wrong, then they are named', () => {
    expect(problems({ DIGEST_TZ: 'Mars/Olympus' }).join()).toMatch(/DIGEST_TZ/);
    expect(problems({ DIGEST_SLOTS: '7am' }).join()).toMatch(/DIGEST_SLOTS/);
  });

  it('when ADMIN_HTTP_TOKEN is unset, then the dashboard is off; when set, it needs 16 printable characters', () => {
    expect(parseConfig({}).adminHttpToken).toBeUndefined();
    expect(parseConfig({ ADMIN_HTTP_TOKEN: 'a-dashboard-token-1234' }).adminHttpToken).toBe(
      'a-dashboard-token-1234',
    );
    const short = problems({ ADMIN_HTTP_TOKEN: 'short-token' });
    expect(short.join()).toMatch(/ADMIN_HTTP_TOKEN: at least 16/);
    // The message names the variable, never the value.
    expect(short.join()).not.toContain('short-token');
    expect(problems({ ADMIN_HTTP_TOKEN: 'has a space in the middle' }).join()).toMatch(/ADMIN_HTTP_TOKEN/);
  });

  it('when SHUTDOWN_TIMEOUT is given in seconds or milliseconds, then it is read as ms; nonsense is named', () => {
    expect(parseConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT: '30s' }).shutdownTimeoutMs).toBe(30_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT: '15' }).shutdownTimeoutMs).toBe(15_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT: '2500ms' }).shutdownTimeoutMs).toBe(2500);
    expect(parseConfig({ SHUTDOWN_TIMEOUT: '0' }).shutdownTimeoutMs).toBe(0);
    for (const bad of ['ten', '5m', '-1', '1.5s', '601s'])
      expect(problems({ SHUTDOWN_TIMEOUT: bad }).join(), bad).toMatch(/SHUTDOWN_TIMEOUT/);
  });

  it('when the feed settings are unset, given or nonsense, then defaults, milliseconds, or the variable named', () => {
    const d = parseConfig({});
    expect([d.feedPollMs, d.feedMaxAgeMs, d.feedTimeoutMs, d.feedMaxBytes, d.feedAllowPrivate]).toEqual([
      120_000,
      86_400_000,
      15_000,
      2_000_000,
      false,
    ]);
    const c = parseConfig({
      FEED_POLL: '5m',
      FEED_MAX_AGE: '6h',
      FEED_TIMEOUT: '5s',
      FEED_MAX_BYTES: '500000',
      FEED_ALLOW_PRIVATE: 'true',
    });
    expect([c.feedPollMs, c.feedMaxAgeMs, c.feedTimeoutMs, c.feedMaxBytes, c.feedAllowPrivate]).toEqual([
      300_000,
      21_600_000,
      5000,
      500_000,
      true,
    ]);
    expect(problems({ FEED_POLL: '30s' }).join()).toMatch(/FEED_POLL/);
    expect(problems({ FEED_POLL: '0m' }).join()).toMatch(/FEED_POLL/);
    expect(problems({ FEED_TIMEOUT: '500ms' }).join()).toMatch(/FEED_TIMEOUT/);
    expect(problems({ FEED_MAX_BYTES: '10' }).join()).toMatch(/FEED_MAX_BYTES/);
  });

  it('when DESK_URL carries a path, then it is named (the desk needs a host of its own); a bare origin is taken', () => {
    expect(problems({ BOT_TOKEN: TOKEN, DESK_URL: 'https://news.example.com/tools' }).join('\n')).toMatch(
      /DESK_URL: only the scheme and host/,
    );
    expect(parseConfig({ BOT_TOKEN: TOKEN, DESK_URL: 'https://desk.example.com/' }).deskUrl).toBe(
      'https://desk.example.com',
    );
  });
});
