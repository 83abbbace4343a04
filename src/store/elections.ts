import type { Redis } from 'ioredis';
import { createKeys } from './keys.js';

/** The election a state is in: Lok Sabha (`ls`, the default) or Vidhan Sabha (`vs`). */
export type Election = 'ls' | 'vs';

/** Whether a value is an {@link Election}. */
export function isElection(value: unknown): value is Election {
  return value === 'ls' || value === 'vs';
}

/**
 * The election switch per state: owners mark which election a state is in, so that search, keyboards
 * and the desk offer that kind of seat first. Both kinds always work whatever the switch says. A state
 * never switched is in the Lok Sabha election (the bot's behaviour before assembly seats).
 */
export function createElectionStore(deps: { redis: Redis; prefix: string }) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  return {
    /** The election `state` is in (`ls` when never set). */
    async get(state: string): Promise<Election> {
      const v = await redis.hget(k.elections, state.toUpperCase());
      return isElection(v) ? v : 'ls';
    },

    /** Marks the election `state` is in; `ls` clears the mark (the default). */
    async set(state: string, election: Election): Promise<void> {
      if (election === 'ls') await redis.hdel(k.elections, state.toUpperCase());
      else await redis.hset(k.elections, state.toUpperCase(), election);
    },

    /** Every state marked as in a Vidhan Sabha election, sorted. */
    async assemblyStates(): Promise<string[]> {
      const all = await redis.hgetall(k.elections);
      return Object.keys(all)
        .filter((s) => all[s] === 'vs')
        .sort();
    },
  };
}

export type ElectionStore = ReturnType<typeof createElectionStore>;
