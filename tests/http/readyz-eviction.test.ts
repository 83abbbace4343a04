import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import type { Redis } from 'ioredis';
import { ReplyError } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { checkRedisSettings, RedisSettingsError } from '../../src/redis.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, startProgram } from '../helpers/program.js';
import { createPrivateRedis, type PrivateRedis } from '../helpers/redis-server.js';
import { eventually, get, TOKEN } from './http-env.js';

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { logger, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

async function start(url: string, apiRoot: string, logger: ReturnType<typeof capturedLogger>['logger']) {
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: url,
    KEY_PREFIX: `evict-${process.pid}`,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    CONTENT_DIR: standardContent().dir,
    DIGEST_SLOTS: '03:17',
  });
  return startApp(config, 'worker', logger);
}

let double: BotApiDouble;
let apiRoot: string;
const servers: PrivateRedis[] = [];
async function redisWith(...args: string[]): Promise<PrivateRedis> {
  const r = await createPrivateRedis('evict', { args });
  servers.push(r);
  return r;
}

beforeAll(async () => {
  double = createBotApiDouble({ token: TOKEN });
  apiRoot = (await double.listen(0)).apiRoot;
});

afterAll(async () => {
  await double?.close();
  await Promise.all(servers.map((s) => s.destroy()));
});

describe('Redis eviction policy and AOF, checked at start and by /readyz', () => {
  it('when Redis has maxmemory-policy allkeys-lru, then the program refuses to start with one line naming the setting and the fix', async () => {
    const redis = await redisWith('--maxmemory-policy', 'allkeys-lru');
    const p = startProgram('worker', {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      REDIS_URL: redis.url,
      KEY_PREFIX: `evict-${process.pid}`,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      CONTENT_DIR: standardContent().dir,
      LOG_LEVEL: 'silent',
    });
    const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    const line = p.output.find((l) => l.startsWith('Failed to start'));
    expect(line).toMatch(/maxmemory-policy is allkeys-lru/);
    expect(line).toMatch(/set maxmemory-policy noeviction/);
    expect(p.output.filter((l) => l.startsWith('Failed to start'))).toHaveLength(1);
  }, 20_000);

  it('when CONFIG is refused (managed Redis) and INFO memory says allkeys-lru, then start-up is refused all the same', async () => {
    const redis = await redisWith('--maxmemory-policy', 'allkeys-lru', '--rename-command', 'CONFIG', '');
    const { logger } = capturedLogger();
    await expect(start(redis.url, apiRoot, logger)).rejects.toThrow(/maxmemory-policy is allkeys-lru/);
  });

  it('when the policy turns to allkeys-lru while running, then /readyz is 503 naming redis-eviction; set back, 200', async () => {
    const redis = await redisWith();
    const { logger, warnings } = capturedLogger();
    let app: App | undefined;
    try {
      app = await start(redis.url, apiRoot, logger);
      const base = `http://127.0.0.1:${app.httpPort}`;
      expect((await get(`${base}/readyz`)).status).toBe(200);
      // AOF is on in the helper's Redis: no warning about it.
      expect(warnings().join('\n')).not.toMatch(/AOF/);
      const admin = await adminConnection(redis);
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const bad = await get(`${base}/readyz`);
      expect(bad.status).toBe(503);
      expect(JSON.parse(bad.body).checks['redis-eviction']).toBe(
        'maxmemory-policy is allkeys-lru (must be noeviction)',
      );
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await eventually(async () => (await get(`${base}/readyz`)).status === 200, 5000, '/readyz 200 again');
      admin.disconnect();
    } finally {
      await app?.stop();
    }
  });

  it('when AOF is off, then the program starts and warns that a restart loses writes', async () => {
    const redis = await redisWith('--appendonly', 'no');
    const { logger, warnings } = capturedLogger();
    const app = await start(redis.url, apiRoot, logger);
    await app.stop();
    expect(warnings().join('\n')).toMatch(/without AOF \(appendonly no\).*Set appendonly yes/);
  });

  it('when Redis will tell neither CONFIG nor INFO, then start-up goes on with a warning that the policy was not checked', async () => {
    const refused = () => Promise.reject(new ReplyError('ERR unknown command'));
    const silent = { config: refused, info: async () => '# Memory\r\n' } as unknown as Redis;
    const { logger, warnings } = capturedLogger();
    const s = await checkRedisSettings(silent, logger);
    expect(s).toEqual({ maxmemoryPolicy: undefined, aof: undefined });
    expect(warnings().join('\n')).toMatch(/could not check Redis maxmemory-policy/);
    const lru = {
      config: refused,
      info: async () => 'maxmemory_policy:volatile-lru\r\naof_enabled:1\r\n',
    } as unknown as Redis;
    await expect(checkRedisSettings(lru, logger)).rejects.toBeInstanceOf(RedisSettingsError);
  });
});

async function adminConnection(redis: PrivateRedis): Promise<Redis> {
  const { Redis } = await import('ioredis');
  return new Redis(redis.url);
}
