/**
 * The built program in webhook mode against the Bot API double, with updates POSTed to its webhook over
 * real HTTP by the test (not by the double), plus the checks the fuzz and abuse tests share: rejected
 * Bot API calls, bad log lines, and secrets in logs or Redis.
 */

import { type BotApiDouble, type CallRecord, createBotApiDouble } from '@chunav/bot-api-double';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

export const FUZZ_ADMIN_ID = 900_777;

/** Distinctive secrets, so a grep for them cannot match anything else. */
export const SECRETS = {
  botToken: '7000000001:FUZZsecretHALFofTheBotToken_q9Xv2',
  webhookSecret: 'fuzz-webhook-SECRET-value-3kTz8',
  adminHttpToken: 'fuzz-admin-HTTP-token-value-Lp47w',
};
/** The part of the bot token after the colon: the actual secret. */
export const TOKEN_SECRET_HALF = SECRETS.botToken.split(':')[1] as string;

export interface WebhookEnv {
  double: BotApiDouble;
  program: Program;
  redisEnv: TestRedis;
  /** The program's CONTENT_DIR: the tests' own content unless the caller gave another. */
  contentDir: string;
  webhookUrl: string;
  /** POSTs an update (or any body) to the webhook; `secret: null` sends no header. */
  post(body: Update | string, opts?: { secret?: string | null }): Promise<number>;
  /** Builds an update through the double (which learns the chat and callback query) and POSTs it. */
  push(input: Parameters<BotApiDouble['pushUpdate']>[0]): Promise<{ update: Update; status: number }>;
  close(): Promise<void>;
}

export async function startWebhookEnv(
  opts: { role?: 'bot' | 'all'; seed?: number; env?: Record<string, string> } = {},
): Promise<WebhookEnv> {
  const redisEnv = await createTestRedis('fuzz');
  const double = createBotApiDouble({ token: SECRETS.botToken, seed: opts.seed ?? 5, callLogLimit: 200_000 });
  const { apiRoot } = await double.listen(0);
  const port = await freePort();
  const contentDir = opts.env?.CONTENT_DIR ?? standardContent().dir;
  const program = startProgram(opts.role ?? 'bot', {
    BOT_TOKEN: SECRETS.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KEY_PREFIX: redisEnv.prefix,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    BOT_MODE: 'webhook',
    WEBHOOK_URL: 'https://example.invalid/telegram/webhook',
    WEBHOOK_SECRET: SECRETS.webhookSecret,
    ADMIN_HTTP_TOKEN: SECRETS.adminHttpToken,
    ADMIN_IDS: String(FUZZ_ADMIN_ID),
    ...opts.env,
    CONTENT_DIR: contentDir,
  });
  try {
    await program.waitFor(/"webhook set"/, 30_000);
  } catch (err) {
    await program.stop();
    await double.close();
    await redisEnv.cleanup();
    throw err;
  }
  // The double would now push updates to example.invalid itself. The test delivers them instead, so the
  // webhook is removed at the double; pushed updates then wait for a getUpdates that never comes (one kept).
  await double.invoke('deleteWebhook', {});
  double.configure({ maxPendingUpdates: 1 });
  const webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;

  const post: WebhookEnv['post'] = async (body, o = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const secret = o.secret === undefined ? SECRETS.webhookSecret : o.secret;
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };

  return {
    double,
    program,
    redisEnv,
    contentDir,
    webhookUrl,
    post,
    async push(input) {
      const update = double.pushUpdate(input);
      return { update, status: await post(update) };
    },
    async close() {
      await program.stop();
      await double.close();
      await redisEnv.cleanup();
    },
  };
}

/** Calls the double refused, except Telegram's harmless "message is not modified". */
export function rejectedCalls(double: BotApiDouble): { rejected: CallRecord[]; notModified: number } {
  const failed = double.calls().filter((c) => c.status !== 200);
  const notModified = failed.filter((c) => c.description?.includes('message is not modified')).length;
  return { rejected: failed.filter((c) => !c.description?.includes('message is not modified')), notModified };
}

/** Log lines that mean a crash, an unhandled rejection or a handler bug. */
export function badLogLines(output: readonly string[]): string[] {
  return output.filter((line) => {
    if (/unhandled rejection|uncaught|fatal/i.test(line)) return true;
    let entry: { level?: number; msg?: string };
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string };
    } catch {
      // Anything not JSON on stdout/stderr is a stack trace or a crash message.
      return true;
    }
    return (entry.level ?? 0) >= 50;
  });
}

/** Where each secret appears: log lines and Redis keys/values under the prefix (all types). */
export async function findSecrets(
  output: readonly string[],
  redis: Redis,
  prefix: string,
): Promise<{ logHits: string[]; redisHits: string[]; keysScanned: number }> {
  const needles = [SECRETS.botToken, TOKEN_SECRET_HALF, SECRETS.webhookSecret, SECRETS.adminHttpToken];
  const has = (s: string) => needles.some((n) => s.includes(n));
  const logHits = output.filter(has);
  const redisHits: string[] = [];
  let keysScanned = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      keysScanned++;
      const type = await redis.type(key);
      let values: string[] = [];
      if (type === 'string') values = [(await redis.get(key)) ?? ''];
      else if (type === 'hash') values = Object.entries(await redis.hgetall(key)).flat();
      else if (type === 'list') values = await redis.lrange(key, 0, -1);
      else if (type === 'set') values = await redis.smembers(key);
      else if (type === 'zset') values = await redis.zrange(key, '0', '-1');
      else if (type === 'stream')
        values = (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
      if (has(key) || values.some(has)) redisHits.push(key);
    }
  } while (cursor !== '0');
  return { logHits, redisHits, keysScanned };
}

/** Runs `task` for each item with at most `limit` in flight. */
export async function pool<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  const worker = async () => {
    for (let n = it.next(); !n.done; n = it.next()) await task(n.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
