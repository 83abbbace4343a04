import { type ChildProcess, spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { type App, type Role, startApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createKeys } from '../../src/store/keys.js';
import { testCore } from '../helpers/core.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort } from '../helpers/program.js';
import { waitFor } from '../helpers/wait.js';

export const TOKEN = '123456:HTTP-token-for-readiness-and-metrics';

/** A running app (in this process) and its base URL. */
export interface TestApp {
  app: App;
  base: string;
  stop(): Promise<void>;
}

/**
 * Starts the program's app in this test process with `env` over a quiet minimal environment; its
 * content is the tests' own (tests/helpers/fixtures.ts) unless `env` sets CONTENT_DIR.
 */
export async function startTestApp(role: Role, env: Record<string, string>): Promise<TestApp> {
  const port = await freePort();
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'silent',
    CONTENT_DIR: standardContent().dir,
    ...env,
  });
  const app = await startApp(config, role, pino({ level: config.logLevel }));
  return { app, base: `http://127.0.0.1:${app.httpPort}`, stop: () => app.stop() };
}

/** GET with a bound, so that a hanging endpoint fails the test instead of stalling it. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 5000,
): Promise<{ status: number; body: string; headers: Headers; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  return { status: res.status, body, headers: res.headers, ms: Date.now() - t0 };
}

/** Polls `probe` every 100 ms until it returns true, or throws after `timeoutMs` (the shared `waitFor`). */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await waitFor(probe, { timeoutMs, intervalMs: 100, what });
}

/** A redis-server of the test's own, on a fixed port, that the test can stop and start again. */
export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const c = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = c;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('redis-server did not start in 10 s')), 10_000);
        c.stdout?.on('data', (b: Buffer) => {
          if (b.toString().includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        c.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}`));
        });
      });
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Seeds active readers following `pc` and starts a text delivery to them (as an admin's /broadcast
 * would); returns the delivery id.
 */
export async function startTextDelivery(
  redis: Redis,
  prefix: string,
  pc: string,
  chatIds: number[],
  text: string,
): Promise<string> {
  const k = createKeys(prefix);
  const tx = redis.multi();
  for (const id of chatIds) {
    tx.hset(k.chat(id), { status: 'active', lang: 'hi', created: 1, digest: 'off', quiet: 1 });
    tx.sadd(k.chatPcs(id), pc);
  }
  tx.sadd(k.chats, ...chatIds)
    .sadd(k.pcChats(pc), ...chatIds)
    .zincrby(k.pcCounts, chatIds.length, pc);
  await tx.exec();
  const core = testCore({ redis, prefix });
  try {
    const d = await core.delivery.start({
      content: { kind: 'text', text },
      target: { kind: 'pcs', pcs: [pc] },
      createdBy: 'test',
    });
    return d.id;
  } finally {
    await core.queues.close();
  }
}
