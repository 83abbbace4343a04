import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureRedis,
  ForeignRedisError,
  isAlive,
  pingRedis,
  RedisUnavailableError,
  type SandboxRedis,
} from '@chunav/sandbox';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL } from '../helpers/redis.js';

const dirs: string[] = [];
const started: SandboxRedis[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-redis-'));
  dirs.push(dir);
  return join(dir, 'redis');
}

afterAll(async () => {
  for (const r of started) await r.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('sandbox Redis', () => {
  it('when REDIS_URL answers, then the sandbox uses it as it is and stop() leaves it alone', async () => {
    const r = await ensureRedis({ url: TEST_REDIS_URL, dir: tempDir() });
    expect(r.kind).toBe('external');
    expect(r.url).toBe(TEST_REDIS_URL);
    await r.stop();
    expect(await pingRedis(TEST_REDIS_URL)).toBe(true);
  });

  it("when REDIS_URL holds keys that are not the sandbox's, then a private redis-server runs instead and REDIS_URL is left alone", async () => {
    const env = await createTestRedis('real-bot');
    try {
      await env.redis.set(`${env.prefix}:chat:1`, 'x');
      const dir = tempDir();
      const r = await ensureRedis({
        url: TEST_REDIS_URL,
        dir,
        port: await freePort(),
        onlyKeysUnder: 'sandbox',
      });
      started.push(r);
      expect(r.kind).toBe('private');
      expect(r.url).not.toBe(TEST_REDIS_URL);
      expect(r.refusedExternal).toBeDefined();
      expect(r.refusedExternal?.startsWith('sandbox')).toBe(false);
    } finally {
      await env.cleanup();
    }
  });

  it("when REDIS_URL holds keys that are not the sandbox's and redis-server is missing, then it refuses and says why, with no password shown", async () => {
    const env = await createTestRedis('real-bot');
    try {
      await env.redis.set(`${env.prefix}:chat:1`, 'x');
      const url = TEST_REDIS_URL.replace('redis://', 'redis://:hunter2secret@');
      // The shared test Redis has no password: AUTH fails, so point at it without one for the check…
      const attempt = ensureRedis({
        url: TEST_REDIS_URL,
        dir: tempDir(),
        path: '/nonexistent-bin',
        onlyKeysUnder: 'sandbox',
      });
      await expect(attempt).rejects.toBeInstanceOf(ForeignRedisError);
      await expect(attempt).rejects.toThrow(/not the sandbox's/);
      // …and check the message's masking on its own.
      expect(new ForeignRedisError(url, 'k').message).not.toContain('hunter2secret');
    } finally {
      await env.cleanup();
    }
  });

  it('when nothing answers at REDIS_URL, then a private redis-server starts with AOF in the data dir, and stop() ends it', async () => {
    const dir = tempDir();
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    expect(await pingRedis(nothing, 300)).toBe(false);
    const r = await ensureRedis({ url: nothing, dir, port: await freePort() });
    started.push(r);
    expect(r.kind).toBe('private');
    expect(r.url).not.toBe(nothing);
    expect(r.dir).toBe(dir);

    const client = new Redis(r.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    await client.set('sandbox-test', 'kept');
    client.disconnect();
    const pid = Number(readFileSync(join(dir, 'redis-server.pid'), 'utf8'));
    expect(isAlive(pid)).toBe(true);
    expect(existsSync(join(dir, 'appendonlydir'))).toBe(true);

    await r.stop();
    await r.stop(); // a second stop is harmless
    expect(isAlive(pid)).toBe(false);
    expect(await pingRedis(r.url, 300)).toBe(false);
  });

  it('when a private redis-server from a killed sandbox still runs, then the next start takes it over and stops it', async () => {
    const dir = tempDir();
    const port = await freePort();
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const first = await ensureRedis({ url: nothing, dir, port });
    started.push(first);
    const pid = Number(readFileSync(join(dir, 'redis-server.pid'), 'utf8'));
    // The first sandbox "dies" without stopping it; the next one finds it on the same port.
    const second = await ensureRedis({ url: nothing, dir, port });
    expect(second.kind).toBe('reused');
    expect(second.url).toBe(first.url);
    await second.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it('when nothing answers and redis-server is not installed, then the error says what to install or run', async () => {
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const attempt = ensureRedis({ url: nothing, dir: tempDir(), path: '/nonexistent-bin' });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/sudo apt-get install redis-server/);
    await expect(attempt).rejects.toThrow(/docker run -d --name chunav-redis -p 6379:6379 redis:7/);
    await expect(attempt).rejects.toThrow(nothing);
  });

  it('when redis-server exits at once, then the error says so instead of waiting forever', async () => {
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const attempt = ensureRedis({
      url: nothing,
      dir: tempDir(),
      executable: '/bin/false',
      startTimeoutMs: 5000,
    });
    await expect(attempt).rejects.toThrow(/did not start/);
  });
});
