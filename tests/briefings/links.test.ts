import { describe, expect, it } from 'vitest';
import {
  briefingDeepLink,
  checkLink,
  isBriefingId,
  MAX_BRIEFING_ID_LENGTH,
  parseBriefingStartPayload,
} from '../../src/briefings/links.js';

describe('briefing deep links', () => {
  it('when built, then the payload is b_<id> on the bot', () => {
    expect(briefingDeepLink('@ChunavBot', '2024-hathras-amar-singh-yadav-bsp')).toBe(
      'https://t.me/ChunavBot?start=b_2024-hathras-amar-singh-yadav-bsp',
    );
  });

  it('when the id is as long as allowed, then the payload is exactly 64 characters', () => {
    const id = 'a'.repeat(MAX_BRIEFING_ID_LENGTH);
    const payload = new URL(briefingDeepLink('ChunavBot', id)).searchParams.get('start') ?? '';
    expect(payload).toHaveLength(64);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(() => briefingDeepLink('ChunavBot', `${id}a`)).toThrow(/not a briefing id/);
  });

  it('when the bot username is malformed, then it throws', () => {
    expect(() => briefingDeepLink('bad name', 'x')).toThrow(/username/);
  });

  it.each([
    ['b_2024-x', '2024-x'],
    ['b_x', 'x'],
    ['pc_UP-16', undefined],
    ['b_', undefined],
    ['b_Upper', undefined],
    ['b_a--b', undefined],
    [`b_${'a'.repeat(63)}`, undefined],
  ])('parses start payload %s as %s', (payload, id) => {
    expect(parseBriefingStartPayload(payload)).toBe(id);
  });

  it('accepts slugs only', () => {
    expect(isBriefingId('2024-hathras')).toBe(true);
    expect(isBriefingId('-x')).toBe(false);
    expect(isBriefingId('x_y')).toBe(false);
  });
});

describe('checkLink', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['tg://resolve?domain=chunav', 'tg://resolve?domain=chunav'],
    ['t.me/chunav/12', 'https://t.me/chunav/12'],
    ['  https://example.com  ', 'https://example.com'],
  ])('allows %s', (href, url) => {
    expect(checkLink(href)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://example.com', 'uses http:'],
    ['tg://proxy?server=evil.example&port=443&secret=00', 'tg:// action'],
    ['tg://setlanguage?lang=xx', 'tg:// action'],
    ['tg://login?code=12345', 'tg:// action'],
    ['TG://socks?server=evil.example', 'tg:// action'],
    ['javascript:alert(1)', 'uses javascript:'],
    ['mailto:a@b.c', 'uses mailto:'],
    ['/relative', 'is not a full address'],
    ['example.com', 'is not a full address'],
    ['https://exa mple.com', 'contains spaces'],
    ['https://localhost/x', 'no proper host name'],
    ['', 'empty link'],
  ])('refuses %s', (href, why) => {
    const r = checkLink(href);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(why);
  });
});
