import { describe, it } from 'vitest';
import { failover } from './failover.js';
import { expectFigures, printFigures } from './scenarios.js';

describe('chaos: the Redis primary dies in the middle of a broadcast, Sentinel promotes the replica', () => {
  it('when workers wait for a replica after each send record (the default with Sentinels), then nothing is lost and only records the replica never had repeat', async () => {
    const f = await failover({ recipients: 5000, workers: 2, sendRate: 300 });
    printFigures(f);
    expectFigures(f);
  });

  it('when REDIS_REPLICA_WAIT is off, then nothing is lost and only records the replica never had repeat', async () => {
    const f = await failover({ recipients: 5000, workers: 2, sendRate: 300, replicaWait: 'off' });
    printFigures(f);
    expectFigures(f);
  });
});
