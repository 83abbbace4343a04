import { describe, expect, it } from 'vitest';
import { expectFigures, faultMix, printFigures } from './scenarios.js';

describe('chaos: a fault mix at Telegram', () => {
  it('when 2% of sends get 429 (retry_after 1-3 s), 1% 5xx, 0.5% dropped connections and 1% of chats answer 403, then every live chat is served and dead chats are marked and not retried', async () => {
    const f = await faultMix({
      recipients: 5000,
      sendRate: 300,
      p429: 0.02,
      p5xx: 0.01,
      pDrop: 0.005,
      pDead: 0.01,
      timeoutMs: 540_000,
    });
    printFigures(f);
    expectFigures(f);
    expect(f.tooManyRequests).toBeGreaterThan(0);
    expect(f.serverErrors).toBeGreaterThan(0);
    expect(f.dropsBeforeRecord + f.dropsAfterRecord).toBeGreaterThan(0);
  });
});
