/**
 * Pieces the delivery benchmarks share: child processes with their log lines, the Bot API double as its
 * own process and its control API, readers seeded in Redis under a key prefix, and cleaning that prefix.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseConfig } from '../../src/config.js';
import { createCore } from '../../src/core.js';
import type { DeliveryService } from '../../src/delivery/service.js';
import type { DeliveryStore } from '../../src/store/deliveries.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_TOKEN = '123456:BENCH-token-for-delivery-benchmarks';

export interface LoggedProcess {
  child: ChildProcess;
  /** Every line it wrote to stdout or stderr so far. */
  lines: string[];
  /** Resolves with the first line (past or future) matching `re`; rejects if the process exits first. */
  wait: (re: RegExp) => Promise<string>;
}

/** Spawns `node <args>` with only PATH and `env`, collecting its output line by line. */
export function spawnLogged(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: boolean; ipc?: boolean } = {},
): LoggedProcess {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const lines: string[] = [];
  const waiters: Array<[RegExp, (s: string) => void]> = [];
  let partial = '';
  const on = (b: Buffer) => {
    const parts = (partial + b.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      if (!l) continue;
      lines.push(l);
      for (const w of [...waiters])
        if (w[0].test(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w[1](l);
        }
    }
  };
  child.stdout?.on('data', on);
  child.stderr?.on('data', on);
  return {
    child,
    lines,
    wait: (re) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => re.test(l));
        if (hit) return resolve(hit);
        if (child.exitCode !== null)
          return reject(new Error(`process exited waiting for ${re}:\n${lines.slice(-20).join('\n')}`));
        waiters.push([re, resolve]);
        child.once('exit', () =>
          reject(new Error(`process exited waiting for ${re}:\n${lines.slice(-20).join('\n')}`)),
        );
      }),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export interface DoubleOptions {
  /** Global sends per second over any sliding second (0: no limit). */
  rate: number;
  /** Sends per second with allow_paid_broadcast (default: `rate`). */
  paidRate?: number;
  /** Latency of every call, ms. */
  latencyMs?: number;
  /** More CLI flags, passed as they are (fault mixes: --p5xx 0.01 …). */
  extraArgs?: string[];
}

export interface DoubleProcess {
  apiRoot: string;
  proc: LoggedProcess;
}

/** Starts `packages/bot-api-double/src/cli.ts` on a free port (strict validation, no message texts kept). */
export async function startDouble(o: DoubleOptions): Promise<DoubleProcess> {
  const args = [
    '--import',
    'tsx',
    'packages/bot-api-double/src/cli.ts',
    '--port',
    '0',
    '--no-record-text',
    '--token',
    BENCH_TOKEN,
  ];
  if (o.rate > 0) args.push('--rate', String(o.rate), '--paid-rate', String(o.paidRate ?? o.rate));
  if (o.latencyMs) args.push('--latency', String(o.latencyMs));
  args.push(...(o.extraArgs ?? []));
  const proc = spawnLogged(args, { LOG_LEVEL: 'warn' });
  const line = await proc.wait(/http:\/\/127\.0\.0\.1:\d+/);
  const apiRoot = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] as string;
  return { apiRoot, proc };
}

export interface DoubleStats {
  tooManyRequests: number;
  rateLimited: number;
  injected429: number;
  serverErrors: number;
  messages: {
    sent: number;
    duplicates: number;
    maxPerSecond: number;
    firstTime: number;
    lastTime: number;
  };
}

/** A message the double recorded (ms since the epoch, sub-millisecond). */
export interface DoubleMessage {
  chat_id: number;
  message_id: number;
  time: number;
}

async function control<T>(apiRoot: string, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${apiRoot}/control/${path}`, init);
  const body = (await res.json()) as { ok: boolean; result?: T; error?: string };
  if (!body.ok) throw new Error(`double /control/${path}: ${res.status} ${body.error ?? ''}`);
  return body.result as T;
}

/** The double's counters (GET /control/stats). */
export function doubleStats(apiRoot: string): Promise<DoubleStats> {
  return control<DoubleStats>(apiRoot, 'stats');
}

/** Every message the double recorded (GET /control/messages). */
export function doubleMessages(apiRoot: string): Promise<DoubleMessage[]> {
  return control<DoubleMessage[]>(apiRoot, 'messages');
}

/** One API call as the double logged it (GET /control/calls; the newest `--call-log` calls only). */
export interface DoubleCall {
  method: string;
  params: { chat_id?: number | string };
  status: number;
  time: number;
}

/** The double's call log, optionally of one method. */
export function doubleCalls(apiRoot: string, method?: string): Promise<DoubleCall[]> {
  return control<DoubleCall[]>(apiRoot, method ? `calls?method=${method}` : 'calls');
}

/** Pushes a user's text message as an update (POST /control/updates). */
export function pushText(apiRoot: string, chatId: number, text: string): Promise<unknown> {
  return control(apiRoot, 'updates', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', chat_id: chatId, text }),
  });
}

/**
 * Waits until `chatId` has received `count` messages (GET /control/wait); returns them, or undefined
 * when `timeoutMs` passed first.
 */
export async function waitForMessages(
  apiRoot: string,
  chatId: number,
  count: number,
  timeoutMs: number,
): Promise<DoubleMessage[] | undefined> {
  const res = await fetch(
    `${apiRoot}/control/wait?chat_id=${chatId}&count=${count}&timeout_ms=${Math.max(1, Math.round(timeoutMs))}`,
  );
  const body = (await res.json()) as { ok: boolean; result?: DoubleMessage[] };
  return body.ok ? body.result : undefined;
}

/** Seeds readers of one PC as real subscribers (shared with the tests). */
export { seedReaders } from '../../tests/helpers/seed.js';

/** Deletes every key under `<prefix>:`. */
export async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Environment of `node dist/main.js <role>` against the double under `prefix`. */
export function programEnv(
  apiRoot: string,
  prefix: string,
  sendRate: number | 'unlimited',
  paid: boolean,
): Record<string, string> {
  return {
    BOT_TOKEN: BENCH_TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL,
    KEY_PREFIX: prefix,
    SEND_RATE: String(sendRate),
    PAID_BROADCAST: String(paid),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The delivery store and service of `prefix`, from the program's own core, for a bench to publish with. */
export function benchDelivery(
  redis: Redis,
  prefix: string,
): { deliveries: DeliveryStore; service: DeliveryService } {
  const config = parseConfig({ KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const core = createCore(config, pino({ level: 'silent' }), { redis });
  return { deliveries: core.deliveries, service: core.delivery };
}
