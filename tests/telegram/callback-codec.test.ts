import { describe, expect, it } from 'vitest';
import { type CallbackData, decodeCallback, encodeCallback } from '../../src/telegram/callback-codec.js';

const SAMPLES: CallbackData[] = [
  { kind: 'sub', pc: 'UP-16' },
  { kind: 'unsub', pc: 'DH-2' },
  { kind: 'states', page: 2 },
  { kind: 'state', state: 'UP', page: 4 },
  { kind: 'lang', lang: 'en' },
  { kind: 'stop', confirm: true },
  { kind: 'stop', confirm: false },
  { kind: 'latest', page: 3 },
  { kind: 'latestPc', pc: 'UP-75', page: 0 },
  { kind: 'delivery', action: 'pause', id: 'dmie3k2x9a1b2c3' },
  { kind: 'target', scope: 'state', code: 'UP' },
  // A scheduled time travels to the minute: 26 Nov 2026, 18:30 IST.
  { kind: 'scheduleAt', id: 'k3j9x2', at: Date.UTC(2026, 10, 26, 13, 0) },
  { kind: 'digest', slot: '07:00' },
  { kind: 'digest', slot: 'off' },
  { kind: 'quiet', on: false },
  { kind: 'noop' },
];

describe('callback codec', () => {
  it.each(SAMPLES.map((s) => [s.kind, s]))(
    'when %s is encoded and decoded, then it comes back equal',
    (_k, s) => {
      const raw = encodeCallback(s);
      expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(64);
      expect(decodeCallback(raw)).toEqual(s);
    },
  );

  it('when data is forged, stale or mangled, then decode returns undefined', () => {
    for (const raw of [
      undefined,
      '',
      'zz:1',
      's',
      's:UP-16:extra',
      's:up-16',
      's:UP-16;DROP',
      'st:UP',
      'st:U1:1',
      'ss:-1',
      'ss:99999999',
      'l:fr',
      'x:2',
      'dg:7',
      'b:has space',
      'x'.repeat(65),
      's:UP-16\u0000',
    ]) {
      expect(decodeCallback(raw), String(raw)).toBeUndefined();
    }
  });

  it('when a value is invalid or the data would exceed 64 bytes, then encode throws', () => {
    expect(() => encodeCallback({ kind: 'sub', pc: 'Hathras' })).toThrow(/invalid value/);
    expect(() => encodeCallback({ kind: 'delivery', action: 'pause', id: 'a'.repeat(62) })).toThrow(
      /exceeds Telegram's 64/,
    );
  });
});
