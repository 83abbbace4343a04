import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, pingRedis } from '@chunav/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL } from '../helpers/redis.js';

const dirs: string[] = [];
const programs: Program[] = [];

afterAll(async () => {
  for (const p of programs) await p.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the built program without BOT_TOKEN (the sandbox)', () => {
  it('when nothing answers at REDIS_URL, then it starts a private Redis, the bot answers through the web chat API, and SIGTERM stops it all', async () => {
    const data = mkdtempSync(join(tmpdir(), 'sandbox-program-'));
    dirs.push(data);
    const sandboxPort = await freePort();
    const program = startProgram('all', {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      SANDBOX_DATA_DIR: data,
      SANDBOX_PORT: String(sandboxPort),
      HTTP_PORT: String(await freePort()),
    });
    programs.push(program);
    await program.waitFor(/Web chat\s+http:\/\/127\.0\.0\.1:\d+\//, 30_000);
    const redisLine = await program.waitFor(/^\s*Redis\s+private redis-server at/);
    const redisUrl = /redis:\/\/127\.0\.0\.1:\d+/.exec(redisLine)?.[0] ?? '';
    expect(redisLine).toContain(join(data, 'redis'));
    expect(program.output.join('\n')).toMatch(/set BOT_TOKEN/);
    const pid = Number(readFileSync(join(data, 'redis', 'redis-server.pid'), 'utf8'));
    expect(isAlive(pid)).toBe(true);

    const base = `http://127.0.0.1:${sandboxPort}`;
    const sent = await fetch(`${base}/api/chats/700001/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '/start' }),
    });
    expect(sent.status).toBe(200);
    await expect
      .poll(
        async () => {
          const res = (await (await fetch(`${base}/api/chats/700001/messages`)).json()) as {
            result: Array<{ from: string; text: string }>;
          };
          return res.result.find((m) => m.from === 'bot')?.text ?? '';
        },
        { timeout: 15_000 },
      )
      .toContain('स्वागत');

    expect(await program.stop()).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(await pingRedis(redisUrl, 300)).toBe(false);
    expect(existsSync(join(data, 'redis', 'appendonlydir'))).toBe(true);
  }, 60_000);

  it('when the sandbox is restarted, then the bot still answers (the double numbers updates above the ones the bot has handled)', async () => {
    // The bot remembers handled update ids for a day; a double that numbered from the start again after a
    // restart would have every message dropped as a repeat.
    // The shared test Redis holds other tests' keys, so the sandbox runs its own redis-server in this
    // folder, and the second round finds the first round's data there.
    const data = mkdtempSync(join(tmpdir(), 'sandbox-restart-'));
    dirs.push(data);
    const env = await createTestRedis('sandbox-restart');
    // Other data on the shared Redis, whatever other tests happen to hold at this moment: the sandbox must
    // refuse it and start its own redis-server.
    const otherKey = `not-a-sandbox-${env.prefix}:marker`;
    await env.redis.set(otherKey, '1', 'EX', 120);
    try {
      for (const round of [1, 2]) {
        const sandboxPort = await freePort();
        const program = startProgram('all', {
          REDIS_URL: TEST_REDIS_URL,
          KEY_PREFIX: env.prefix,
          SANDBOX_DATA_DIR: data,
          SANDBOX_PORT: String(sandboxPort),
          HTTP_PORT: String(await freePort()),
        });
        programs.push(program);
        await program.waitFor(/Web chat\s+http:\/\/127\.0\.0\.1:\d+\//, 30_000);
        expect(program.output.join('\n')).toMatch(/REDIS_URL holds other data/);
        const base = `http://127.0.0.1:${sandboxPort}`;
        const sent = await fetch(`${base}/api/chats/700002/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: '/start' }),
        });
        expect(sent.status).toBe(200);
        await expect
          .poll(
            async () => {
              const res = (await (await fetch(`${base}/api/chats/700002/messages`)).json()) as {
                result: Array<{ from: string; text: string }>;
              };
              return res.result.filter((m) => m.from === 'bot').length;
            },
            { timeout: 15_000, message: `round ${round}: the bot did not answer /start` },
          )
          .toBeGreaterThan(0);
        expect(await program.stop()).toBe(0);
      }
    } finally {
      await env.redis.del(otherKey);
      await env.cleanup();
    }
  }, 90_000);

  it("when KEY_PREFIX is a real bot's prefix and BOT_TOKEN is missing, then the sandbox refuses before it touches Redis", async () => {
    const program = startProgram('all', {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: 'chunav',
      SANDBOX_PORT: String(await freePort()),
      HTTP_PORT: String(await freePort()),
    });
    programs.push(program);
    await program.waitFor(/KEY_PREFIX is "chunav"/);
    expect(await program.stop()).toBe(1);
    expect(program.output.join('\n')).not.toMatch(/Web chat/);
  });

  it('when the web chat port is taken, then it exits 1 and says which variable to change', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const program = startProgram('all', {
        REDIS_URL: TEST_REDIS_URL,
        SANDBOX_PORT: String(port),
      });
      programs.push(program);
      await program.waitFor(/SANDBOX_PORT/);
      expect(await program.stop()).toBe(1);
      expect(program.output.join('\n')).toContain(`port ${port}`);
    } finally {
      blocker.close();
    }
  });

  it('when role bot has no BOT_TOKEN, then it still refuses with the clear error', async () => {
    // It syncs content before it checks the token: keep those keys under a prefix of this test.
    const env = await createTestRedis('sbx-bot');
    try {
      const program = startProgram('bot', { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: env.prefix });
      programs.push(program);
      await program.waitFor(/BOT_TOKEN is required/);
      expect(await program.stop()).toBe(1);
    } finally {
      await env.cleanup();
    }
  });

  it('when NODE_ENV is production and BOT_TOKEN is missing, then it refuses instead of opening the sandbox', async () => {
    const sandboxPort = await freePort();
    const program = startProgram('all', {
      NODE_ENV: 'production',
      REDIS_URL: TEST_REDIS_URL,
      SANDBOX_PORT: String(sandboxPort),
      HTTP_PORT: String(await freePort()),
    });
    programs.push(program);
    const code = await new Promise<number | null>((resolve) => {
      if (program.child.exitCode !== null) resolve(program.child.exitCode);
      else program.child.once('exit', (c) => resolve(c));
    });
    expect(code).toBe(1);
    expect(program.output.join('\n')).toMatch(/BOT_TOKEN is required when NODE_ENV=production/);
    expect(program.output.join('\n')).not.toMatch(/Web chat/);
  });
});
