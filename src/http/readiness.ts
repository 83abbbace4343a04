import type { JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { evictionProblem, readRedisSettings } from '../redis.js';
import { withTimeout } from '../util/timeout.js';

/** One readiness check: resolves when fine, throws (with a short reason) when not. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void>;
}

export interface ReadinessReport {
  ok: boolean;
  /** `ok`, or why the check failed. */
  checks: Record<string, string>;
}

/**
 * ioredis queues commands while it reconnects (and a blocking connection waits forever): asking a
 * connection that is not ready would hang the probe, so that fails at once instead.
 */
function assertReady(redis: Redis, what: string): void {
  if (redis.status !== 'ready') throw new Error(`${what} not connected (${redis.status})`);
}

/** Redis answers PING on the store connection. */
export function redisCheck(redis: Redis): ReadinessCheck {
  return {
    name: 'redis',
    async run() {
      assertReady(redis, 'redis');
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
    },
  };
}

/**
 * Redis still refuses to evict keys (maxmemory-policy noeviction): the start-up check ran once, but the
 * policy can be changed at run time (CONFIG SET, a managed service's settings, a failover to a replica
 * configured otherwise). A policy Redis will not tell passes (start-up said so in the log).
 */
export function evictionCheck(redis: Redis): ReadinessCheck {
  return {
    name: 'redis-eviction',
    async run() {
      assertReady(redis, 'redis');
      const { maxmemoryPolicy } = await readRedisSettings(redis);
      if (evictionProblem(maxmemoryPolicy))
        throw new Error(`maxmemory-policy is ${maxmemoryPolicy} (must be noeviction)`);
    },
  };
}

/** The queues' keys can be read (job counts), over the connection the producers use. */
export function queuesCheck(
  connection: Redis,
  queues: ReadonlyArray<{ name: string; getJobCounts(...types: JobType[]): Promise<unknown> }>,
): ReadinessCheck {
  return {
    name: 'queues',
    async run() {
      assertReady(connection, 'queue connection');
      await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active')));
    },
  };
}

/** A connection that must be up, checked without sending a command (the workers' blocking one). */
export function connectionCheck(name: string, connection: Redis): ReadinessCheck {
  return {
    name,
    async run() {
      assertReady(connection, name);
    },
  };
}

/** Runs every check at once, each bounded by `timeoutMs`; ok only when all pass. */
export async function runReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, string]> => {
      try {
        await withTimeout(c.run(), timeoutMs, c.name);
        return [c.name, 'ok'];
      } catch (err) {
        return [c.name, (err as Error).message || 'failed'];
      }
    }),
  );
  return { ok: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}
