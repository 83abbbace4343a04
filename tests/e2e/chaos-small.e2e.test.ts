import { describe, expect, it } from 'vitest';
import {
  expectFigures,
  faultMix,
  killWorkers,
  printFigures,
  restartRedis,
  sigterm,
} from '../chaos/scenarios.js';

// The small version of `npm run test:chaos` (docs/reliability.md): the same scenarios, a few hundred
// recipients. The kill test mostly waits for BullMQ to notice the stalled jobs (30-60 s), so it runs
// alongside the others.
describe('chaos, small (private redis-server, three worker processes, the Bot API double)', () => {
  it.concurrent('when a worker is killed -9 twice mid-broadcast and restarted, then nobody is lost and only in-flight sends repeat', async () => {
    const f = await killWorkers({ recipients: 500, kills: 2, sendRate: 60, seed: 5 });
    printFigures(f);
    expectFigures(f);
  }, 150_000);

  it.concurrent('when Redis restarts, a fault mix hits the sends, and every worker gets SIGTERM, then nothing is lost', async () => {
    const r = await restartRedis({ recipients: 400, how: 'SIGTERM', sendRate: 100 });
    printFigures(r);
    expectFigures(r);

    const m = await faultMix({ recipients: 300, sendRate: 100, pDead: 0.02 });
    printFigures(m);
    expectFigures(m);
    expect(m.tooManyRequests).toBeGreaterThan(0);

    const t = await sigterm({ recipients: 400, sendRate: 100 });
    printFigures(t);
    expectFigures(t);
    expect(t.duplicates).toBe(0);
  }, 150_000);
});
