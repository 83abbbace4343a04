import { describe, expect, it } from 'vitest';
import { expectFigures, printFigures, sigterm } from './scenarios.js';

describe('chaos: SIGTERM during a broadcast', () => {
  it('when every worker gets SIGTERM during a 5,000-recipient broadcast, then each exits 0 with its in-flight sends recorded, and after a restart the rest arrives once', async () => {
    const f = await sigterm({ recipients: 5000, sendRate: 300 });
    printFigures(f);
    expectFigures(f);
    expect(f.duplicates).toBe(0);
  });
});
