import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeCommands } from '../../src/store/commands.js';
import { createKeys } from '../../src/store/keys.js';
import { deleteIfEquals } from '../../src/store/locks.js';
import { expandLua, loadScript, parseHeader } from '../../src/store/lua-loader.js';
import { createPaceBudget } from '../../src/store/pace.js';
import { createSubscriberStore } from '../../src/store/subscribers.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { createPrivateRedis } from '../helpers/redis-server.js';

/** The script files under src/store/lua (names without `.lua`), sorted. */
function scriptFiles(): string[] {
  return readdirSync(join('src', 'store', 'lua'))
    .filter((f) => f.endsWith('.lua'))
    .map((f) => f.replace(/\.lua$/, ''))
    .sort();
}

/** The store's commands ioredis holds for a connection: name → Lua source. */
function definedScripts(redis: Redis): Record<string, string> {
  const set = (redis as unknown as { scriptsSet: Record<string, { lua: string }> }).scriptsSet;
  return Object.fromEntries(
    Object.entries(set)
      .filter(([name]) => name.startsWith('chunav:'))
      .map(([name, script]) => [name, script.lua]),
  );
}

describe('Lua loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lua-'));
    mkdirSync(join(dir, 'include'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const url = () => pathToFileURL(`${dir}/`);

  it('when a script includes snippets, then each is pulled in once, nested ones too, in place', () => {
    write('main.lua', '-- KEYS[1] key\n--- @include "b"\n--- @include "a"\nreturn a() + b()\n');
    write('include/a.lua', 'local function a() return 1 end\n');
    write('include/b.lua', '--- @include "a"\nlocal function b() return a() end\n');
    expect(expandLua('main', url())).toBe(
      '-- KEYS[1] key\nlocal function a() return 1 end\nlocal function b() return a() end\nreturn a() + b()\n',
    );
  });

  it('when snippets include each other in a circle, then loading fails and names the circle', () => {
    write('main.lua', '--- @include "x"\n');
    write('include/x.lua', '--- @include "y"\n');
    write('include/y.lua', '--- @include "x"\n');
    expect(() => expandLua('main', url())).toThrow('Lua include cycle: main → x → y → x');
  });

  it('when a header declares KEYS and ARGV, then they are read in order, with a trailing list', () => {
    const text =
      '-- What it does.\n-- KEYS[1] record   the hash\n-- KEYS[2..] indexes\n-- ARGV[1] id\n\nreturn 1\n-- KEYS[3] late';
    expect(parseHeader('x', text)).toEqual({ keys: ['record', 'indexes...'], args: ['id'] });
    expect(() => parseHeader('x', '-- KEYS[1] a\n-- KEYS[3] c\n')).toThrow(
      'x.lua: KEYS[3] where KEYS[2] was expected',
    );
    expect(() => parseHeader('x', '-- ARGV[1..] all\n-- ARGV[2] more\n')).toThrow('after a ARGV[n..] line');
  });

  it('when the store loads its scripts, then every file is in use and fully expanded', () => {
    const files = scriptFiles();
    // Defining needs no connection: the scripts registered are exactly the files, one command each.
    const redis = new Redis({ lazyConnect: true });
    try {
      storeCommands(redis);
      const defined = definedScripts(redis);
      expect(Object.keys(defined).length).toBe(files.length);
      expect(Object.values(defined).sort()).toEqual(files.map((f) => loadScript(f).lua).sort());
    } finally {
      redis.disconnect();
    }
    for (const f of files) {
      const s = loadScript(f);
      expect(s.lua, f).not.toContain('@include');
      expect(s.keys.length + s.args.length, `${f} declares its KEYS and ARGV`).toBeGreaterThan(0);
    }
  });
});

describe('store commands (real Redis)', () => {
  let env: TestRedis;
  beforeEach(async () => {
    env = await createTestRedis('cmds');
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('when stores share a connection, then the scripts are defined on it once, and every one compiles', async () => {
    const first = storeCommands(env.redis);
    createSubscriberStore({ redis: env.redis, prefix: env.prefix, defaultDigest: 'off' });
    expect(storeCommands(env.redis)).toBe(first);
    expect(Object.keys(definedScripts(env.redis)).length).toBe(scriptFiles().length);
    // SCRIPT LOAD compiles without running: a syntax error in any file fails here.
    for (const f of scriptFiles()) {
      await expect(env.redis.script('LOAD', loadScript(f).lua), f).resolves.toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('when a lock is released, then only by the holder of its value', async () => {
    const key = `${env.prefix}:lock-test`;
    await env.redis.set(key, 'mine');
    expect(await deleteIfEquals(env.redis, key, 'theirs')).toBe(false);
    expect(await env.redis.get(key)).toBe('mine');
    expect(await deleteIfEquals(env.redis, key, 'mine')).toBe(true);
    expect(await env.redis.exists(key)).toBe(0);
  });

  it('when sends are taken from the budget, then no window holds more than the limit, and a pause stops them all', async () => {
    const keys = createKeys(env.prefix);
    const budget = createPaceBudget({ redis: env.redis, state: keys.pace, log: keys.paceLog });
    // 5 a window of 400 ms, schedule 80 ms apart with 200 ms to catch up: at most 3 at once (0, 80, 160 ms).
    const b = { limit: 5, windowMs: 400, intervalMs: 80, toleranceMs: 200 };
    const alone = { spare: 0, reply: false };
    const first = await budget.take(b, 10, alone);
    expect(first.granted).toBe(3);
    expect(first.retryMs).toBeGreaterThan(0);
    expect(first.retryMs).toBeLessThanOrEqual(40);
    expect(Math.abs(first.redisNowMs - Date.now())).toBeLessThan(5000);
    // Replies are not held to the schedule, only to the window: two more fill it, a third waits for it.
    const reply = { spare: 0, reply: true };
    expect((await budget.take(b, 2, reply)).granted).toBe(2);
    const full = await budget.take(b, 1, reply);
    expect(full.granted).toBe(0);
    // The first grant leaves the window 400 ms after it was made.
    expect(full.retryMs).toBeGreaterThan(0);
    expect(full.retryMs).toBeLessThanOrEqual(400);
    await budget.pauseFor(5000);
    const paused = await budget.take(b, 1, reply);
    expect(paused.granted).toBe(0);
    expect(paused.retryMs).toBeGreaterThan(4000);
  });

  it('when a broadcast shares the budget with replies, then it leaves one send of the window to them', async () => {
    const keys = createKeys(env.prefix);
    const budget = createPaceBudget({ redis: env.redis, state: keys.pace, log: keys.paceLog });
    const b = { limit: 4, windowMs: 1000, intervalMs: 250, toleranceMs: 600 };
    expect((await budget.take(b, 10, { spare: 1, reply: false })).granted).toBe(3);
    expect((await budget.take(b, 1, { spare: 1, reply: false })).granted).toBe(0);
    expect((await budget.take(b, 1, { spare: 0, reply: true })).granted).toBe(1);
  });
});

describe('store commands on a Redis that forgets its scripts', () => {
  it('when Redis flushes its script cache or restarts, then the next call loads the script again', async () => {
    const server = await createPrivateRedis('lua');
    const redis = new Redis(server.url, { maxRetriesPerRequest: null, lazyConnect: true });
    try {
      await server.start();
      await redis.connect();
      const subscribers = createSubscriberStore({ redis, prefix: 'noscript', defaultDigest: 'off' });
      await subscribers.ensureChat(1);
      expect(await subscribers.subscribe(1, 'UP-16', 5)).toBe('added');
      await redis.script('FLUSH');
      expect(await subscribers.subscribe(1, 'UP-75', 5)).toBe('added');
      await server.stop();
      await server.start();
      await redis.ping();
      expect(await subscribers.unsubscribe(1, 'UP-16')).toBe(true);
      expect(await subscribers.listPcs(1)).toEqual(['UP-75']);
    } finally {
      redis.disconnect();
      await server.destroy();
    }
  });
});
