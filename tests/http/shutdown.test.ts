import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryStore } from '../../src/store/deliveries.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { eventually, get, startTextDelivery, TOKEN } from './http-env.js';

// The built program (`node dist/main.js worker`), stopped with SIGTERM while a send is in flight.
let env: TestRedis;
let double: BotApiDouble;

beforeAll(async () => {
  env = await createTestRedis('shutdown');
  double = createBotApiDouble({ token: TOKEN });
  await double.listen(0);
});

afterAll(async () => {
  await double?.close();
  await env?.cleanup();
});

/** Starts a worker, makes the double slow, starts a one-reader delivery and waits for its send to be in flight. */
async function workerWithSendInFlight(latencyMs: number, shutdownTimeout: string, chatId: number) {
  double.configure({ latencyMs: 0 });
  const port = await freePort();
  const program = startProgram('worker', {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: double.apiRoot as string,
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: env.prefix,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT: shutdownTimeout,
    CONTENT_DIR: standardContent().dir,
  });
  await program.waitFor(/http listening/);
  double.configure({ latencyMs });
  const sendsBefore = double.stats().calls.byMethod.sendMessage ?? 0;
  const deliveryId = await startTextDelivery(
    env.redis,
    env.prefix,
    'UP-75',
    [chatId],
    'परीक्षण संदेश (काल्पनिक): बंद होते समय',
  );
  // The double counts a call when it arrives, before its latency: the send is now in flight.
  await eventually(
    async () => (double.stats().calls.byMethod.sendMessage ?? 0) > sendsBefore,
    10_000,
    'the send reached the double',
  );
  return { program, base: `http://127.0.0.1:${port}`, deliveryId };
}

/** The exit code once the child exits by itself; SIGKILL (code null) after `timeoutMs`. */
async function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

describe('graceful shutdown of a worker', () => {
  it('when SIGTERM comes during a slow send, then /readyz turns 503, the send finishes and the program exits 0', async () => {
    const chat = 730_001;
    const { program, base, deliveryId } = await workerWithSendInFlight(2000, '10s', chat);
    program.child.kill('SIGTERM');
    await program.waitFor(/"stopping"/);
    const ready = await get(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ok: false, checks: { shutdown: 'stopping' } });
    // Not program.stop(): a second SIGTERM would mean "exit now".
    const code = await exitCode(program.child, 20_000);
    expect(code).toBe(0);
    // The message went out, was recorded and counted before the worker closed.
    expect(double.messages(chat)).toHaveLength(1);
    const d = await createDeliveryStore({ redis: env.redis, prefix: env.prefix }).get(deliveryId);
    expect(d?.sent).toBe(1);
    expect(program.output.join('\n')).not.toContain('closing anyway');
    expect(program.output.some((l) => l.includes('"stopped"'))).toBe(true);
  }, 30_000);

  it('when a send outlasts SHUTDOWN_TIMEOUT, then the program stops waiting at the bound and still exits 0', async () => {
    const { program } = await workerWithSendInFlight(20_000, '1s', 730_002);
    const t0 = Date.now();
    const code = await program.stop(15_000);
    const ms = Date.now() - t0;
    expect(code).toBe(0);
    // One second of waiting plus closing steps; far below the 20 s the send would have taken.
    expect(ms).toBeLessThan(8000);
    expect(program.output.join('\n')).toMatch(/"step":"workers".*closing anyway/);
  }, 30_000);
});
