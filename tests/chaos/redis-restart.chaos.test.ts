import { describe, it } from 'vitest';
import { expectFigures, printFigures, restartRedis } from './scenarios.js';

describe('chaos: Redis restarts in the middle of a broadcast', () => {
  it('when Redis gets SIGTERM (clean shutdown, AOF fsynced) and restarts on the same data directory, then nothing is lost', async () => {
    const f = await restartRedis({ recipients: 5000, how: 'SIGTERM', sendRate: 300 });
    printFigures(f);
    expectFigures(f);
  });

  it('when Redis is killed -9 (appendfsync everysec) and restarts on the same data directory, then nothing is lost', async () => {
    const f = await restartRedis({ recipients: 5000, how: 'SIGKILL', sendRate: 300 });
    printFigures(f);
    expectFigures(f);
  });
});
