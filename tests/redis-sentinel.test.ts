import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createRedis, createReplicaWait } from '../src/redis.js';
import { createPrivateRedis, createSentinelGroup, type PrivateRedis } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait.js';

function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { logger, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

async function primaryAndReplica(): Promise<{ primary: PrivateRedis; replica: PrivateRedis }> {
  const primary = await createPrivateRedis('wait', { args: ['--repl-diskless-sync-delay', '0'] });
  cleanup.push(() => primary.destroy());
  const replica = await createPrivateRedis('wait', {
    args: ['--replicaof', '127.0.0.1', String(primary.port)],
  });
  cleanup.push(() => replica.destroy());
  const probe = new Redis(replica.url);
  await waitFor(async () => /master_link_status:up/.test(await probe.info('replication')), {
    timeoutMs: 10_000,
    what: 'replica linked',
  });
  probe.disconnect();
  return { primary, replica };
}

describe('WAIT for a replica after a send record (createReplicaWait)', () => {
  it('when a replica is linked, then the write is acknowledged by it before the call returns', async () => {
    const { primary, replica } = await primaryAndReplica();
    const redis = new Redis(primary.url);
    const onReplica = new Redis(replica.url);
    cleanup.push(async () => {
      redis.disconnect();
      onReplica.disconnect();
    });
    const { logger, warnings } = capturedLogger();
    const durable = createReplicaWait(redis, logger, { timeoutMs: 1000 });
    for (let i = 0; i < 50; i++) {
      await durable(() => redis.hset('sent:x', String(i), 'r'));
      // No replication delay left to wait for: the replica already holds it.
      expect(await onReplica.hexists('sent:x', String(i))).toBe(1);
    }
    expect(warnings()).toEqual([]);
    // Concurrent sends share WAITs (each blocks the connection): far fewer WAITs than writes.
    const waitsBefore = Number(/cmdstat_wait:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => durable(() => redis.hset('sent:y', String(i), 'r'))),
    );
    const waits =
      Number(/cmdstat_wait:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0) - waitsBefore;
    expect(await onReplica.hlen('sent:y')).toBe(200);
    expect(waits).toBeLessThan(20);
  });

  it('when no replica answers, then the writes in flight wait one timeout together, one warning, and the next ones do not wait', async () => {
    const alone = await createPrivateRedis('wait-alone');
    cleanup.push(() => alone.destroy());
    const redis = new Redis(alone.url);
    cleanup.push(async () => redis.disconnect());
    const { logger, warnings } = capturedLogger();
    const durable = createReplicaWait(redis, logger, { timeoutMs: 200 });
    let t = performance.now();
    // Sixty sends in flight at once pay one timeout together, not one each (WAIT blocks the connection).
    const all = await Promise.all(Array.from({ length: 60 }, () => durable(() => redis.set('a', '1'))));
    expect(all.every((r) => r === 'OK')).toBe(true);
    expect(performance.now() - t).toBeGreaterThanOrEqual(190);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(warnings().join()).toMatch(/no Redis replica confirmed a send record/);
    t = performance.now();
    for (let i = 0; i < 20; i++) await durable(() => redis.set('a', String(i)));
    expect(performance.now() - t).toBeLessThan(150);
    expect(warnings()).toHaveLength(1);
  });

  it('when the connection drops between the write and WAIT (a failover), then the write is made again and the first answer kept', async () => {
    const { primary } = await primaryAndReplica();
    const redis = new Redis(primary.url);
    cleanup.push(async () => redis.disconnect());
    const { logger } = capturedLogger();
    const durable = createReplicaWait(redis, logger, { timeoutMs: 1000 });
    let writes = 0;
    const result = await durable(async () => {
      writes++;
      const r = await redis.incr('counter');
      // The old primary is gone: ioredis reconnects and would resend WAIT on a fresh connection, where
      // it proves nothing about this write.
      if (writes === 1) redis.disconnect(true);
      return r;
    });
    expect(writes).toBe(2);
    expect(result).toBe(1);
  });
});

describe('Sentinel connections (createRedis with REDIS_SENTINELS)', () => {
  it('when the primary is killed, then Sentinel promotes the replica and the same connection writes there by itself', async () => {
    const group = await createSentinelGroup(`unit-${process.pid}`);
    cleanup.push(() => group.destroy());
    const config = parseConfig({
      REDIS_URL: 'redis://ignored-host:1',
      REDIS_SENTINELS: group.sentinelList,
      REDIS_SENTINEL_NAME: group.name,
    });
    const { logger } = capturedLogger();
    const redis = createRedis(config, logger, { name: 'unit', blocking: true });
    cleanup.push(async () => redis.disconnect());
    await redis.set('before', '1');
    expect(Number((await redis.info('server')).match(/tcp_port:(\d+)/)?.[1])).toBe(group.primary.port);
    const old = group.primary.port;
    await group.primary.kill();
    const promoted = await group.untilPromoted(old);
    expect(promoted).toBe(group.replica.port);
    // maxRetriesPerRequest null: the write waits out the failover instead of failing.
    await redis.set('after', '1');
    expect(Number((await redis.info('server')).match(/tcp_port:(\d+)/)?.[1])).toBe(group.replica.port);
    expect(await redis.get('before')).toBe('1');
  }, 30_000);
});
