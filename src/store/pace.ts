import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';

/** A grant of the send budget: `granted` sends at `redisNowMs`; `retryMs` until the next frees (or -1). */
export interface PaceGrant {
  granted: number;
  /** The grant's entry in the window, to give it back unused (`take`'s `giveBack`). */
  entry: string;
  /** When the grant was made, ms since the epoch on Redis's clock. */
  redisNowMs: number;
  /** When fewer than wanted were granted: ms until the next send frees; -1 when all were. */
  retryMs: number;
}

/** Parses pace-take.lua's answer "<granted> <now> <retry>". */
export function parsePaceGrant(raw: string): PaceGrant {
  const [g, n, r] = raw.split(' ');
  return { granted: Number(g), entry: `${n} ${g}`, redisNowMs: Number(n), retryMs: Number(r) };
}

/**
 * The send budget in Redis: a sliding window of the sends every process took under one Telegram limit
 * (lua/pace-take.lua). The timing around it (who waits, giving up a grant read too late, replies first)
 * is delivery/pacer.ts's.
 */
export function createPaceBudget(deps: { redis: Redis; state: string; log: string }) {
  const cmd = storeCommands(deps.redis);
  const keys = { state: deps.state, log: deps.log };
  return {
    /**
     * Takes up to `want` sends now under `limit` per `windowMs`, spaced `intervalMs` apart with
     * `toleranceMs` of catching up, keeping `spare` for replies; a `reply` takes the spare and is not held
     * to the schedule (see pace-take.lua).
     */
    async take(
      budget: { limit: number; windowMs: number; intervalMs: number; toleranceMs: number },
      want: number,
      who: { spare: number; reply: boolean },
      /** An earlier grant's `entry` that was never used: out of the window first. */
      giveBack = '',
    ): Promise<PaceGrant> {
      return parsePaceGrant(
        await cmd.paceTake(keys, { ...budget, want, spare: who.spare, reply: who.reply ? 1 : 0, giveBack }),
      );
    },
    /** After a 429: nothing is granted before `ms` from now. */
    async pauseFor(ms: number): Promise<void> {
      await cmd.pacePause({ state: deps.state }, { ms });
    },
  };
}
