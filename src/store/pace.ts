import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';

/**
 * The send pacer's clock in Redis: one key holding the next free send slot, shared by every worker
 * process. The timing around it (sleeping, giving up a missed slot) is delivery/pacer.ts's.
 */
export function createPaceClock(deps: { redis: Redis; key: string }) {
  const cmd = storeCommands(deps.redis);
  const keys = { pace: deps.key };
  return {
    /** The slot key (the send path reserves a slot inside its own script, see `openSend`). */
    key: deps.key,
    /** Reserves the next slot, `intervalMs` after the last one; resolves to the wait until it in ms. */
    async reserve(intervalMs: number): Promise<number> {
      return Number(await cmd.paceReserve(keys, { intervalMs }));
    },
    /** After a 429: no slot is handed out before `ms` from now. */
    async pauseFor(ms: number): Promise<void> {
      await cmd.pacePause(keys, { ms });
    },
  };
}
