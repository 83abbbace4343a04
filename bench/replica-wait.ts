/**
 * The cost of REDIS_REPLICA_WAIT: the send record write (the product's own `finish` script through the
 * delivery store) with and without `WAIT 1 <ms>` after it, on a private primary + replica pair
 * (localhost, AOF everysec). Sequential (one send at a time: the latency each message pays) and 60 in
 * flight (a worker at SEND_RATE=300: the throughput one store connection keeps). Short on purpose.
 *   npx tsx bench/replica-wait.ts
 */
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createReplicaWait } from '../src/redis.js';
import { createDeliveryStore } from '../src/store/deliveries.js';
import { createKeys } from '../src/store/keys.js';
import { createPrivateRedis } from '../tests/helpers/redis-server.js';
import { machine } from './machine.js';

const N = 3000;
const primary = await createPrivateRedis('bench-wait', { args: ['--repl-diskless-sync-delay', '0'] });
const replica = await createPrivateRedis('bench-wait', {
  args: ['--replicaof', '127.0.0.1', String(primary.port)],
});
const redis = new Redis(primary.url);
const probe = new Redis(replica.url);
while (!/master_link_status:up/.test(await probe.info('replication')))
  await new Promise((r) => setTimeout(r, 50));
const logger = pino({ level: 'silent' });
const durable = createReplicaWait(redis, logger, { timeoutMs: 100 });
const plain = <T>(w: () => Promise<T>) => w();

type Row = { mode: string; inFlight: number; perMessageUs: number; p99Us: number; msgPerSec: number };
const rows: Row[] = [];
let run = 0;
for (const [mode, wrap] of [
  ['record only', plain],
  ['record + WAIT 1 100', durable],
] as const) {
  for (const inFlight of [1, 60]) {
    const prefix = `bench-wait-${run++}`;
    const store = createDeliveryStore({ redis, prefix });
    const id = 'd1';
    const keys = createKeys(prefix);
    await redis.sadd(keys.deliveryPending(id), ...Array.from({ length: N }, (_, i) => i + 1));
    await redis.hset(keys.delivery(id), { status: 'running', total: N });
    const lat: number[] = [];
    let next = 1;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next <= N) {
          const chat = next++;
          const t = performance.now();
          const record = { deliveryId: id, messageIds: [chat], parts: 1 };
          await wrap(() => store.finish(id, chat, 'sent', undefined, { ck: 'b-x', record }));
          lat.push(performance.now() - t);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    rows.push({
      mode,
      inFlight,
      perMessageUs: Math.round((lat.reduce((a, b) => a + b, 0) / lat.length) * 1000),
      p99Us: Math.round((lat[Math.floor(lat.length * 0.99)] ?? 0) * 1000),
      msgPerSec: Math.round(N / secs),
    });
  }
}
console.table(rows);
writeFileSync(
  'bench/results/replica-wait.json',
  `${JSON.stringify({ machine: machine(), n: N, rows }, null, 2)}\n`,
);
redis.disconnect();
probe.disconnect();
await replica.destroy();
await primary.destroy();
