import { describe, it } from 'vitest';
import { expectFigures, killWorkers, printFigures } from './scenarios.js';

describe('chaos: kill -9 of worker processes', () => {
  it('when a random worker of three is killed -9 five times during a 5,000-recipient broadcast and restarted each time, then every recipient gets it and only the sends in flight at a kill repeat', async () => {
    const f = await killWorkers({ recipients: 5000, kills: 5, sendRate: 300, seed: 2024 });
    printFigures(f);
    expectFigures(f);
  });
});
