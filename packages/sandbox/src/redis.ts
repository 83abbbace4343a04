import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, isAbsolute, join } from 'node:path';
import { Redis } from 'ioredis';

/** Port the private Redis prefers, so that a second sandbox run finds the first one's data there. */
export const PRIVATE_REDIS_PORT = 6390;

/** Thrown when nothing answers at REDIS_URL and no redis-server can be started; says what to do. */
export class RedisUnavailableError extends Error {
  constructor(url: string, detail: string) {
    super(
      [
        `The sandbox needs Redis: nothing answered at ${url}, and ${detail}`,
        'Install Redis and run npm start again; the sandbox then starts a private Redis with its data under ./data/redis:',
        '  sudo apt-get install redis-server      (Debian, Ubuntu)',
        '  brew install redis                     (macOS)',
        'or start one in Docker and run npm start again:',
        '  docker run -d --name chunav-redis -p 6379:6379 redis:7',
        'or set REDIS_URL to a Redis you already have.',
      ].join('\n'),
    );
    this.name = 'RedisUnavailableError';
  }
}

/** The Redis the sandbox uses. */
export interface SandboxRedis {
  url: string;
  /**
   * Set when REDIS_URL answered but holds keys that are not the sandbox's (a real bot's data, another
   * program's): a key it found there. The sandbox then runs on a private server instead.
   */
  refusedExternal?: string;
  /** external: REDIS_URL answered; private: started here; reused: a private one left from an earlier run. */
  kind: 'external' | 'private' | 'reused';
  /** The private server's port and data directory. */
  port?: number;
  dir?: string;
  /** Stops a private server (no-op for an external one); safe to call more than once. */
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  /** REDIS_URL. */
  url: string;
  /**
   * Keys the sandbox may share a Redis with (its own prefix, e.g. `sandbox`). A Redis at REDIS_URL that
   * holds any other key is never used: a private server starts instead, or, without redis-server, the
   * sandbox refuses to start. Without this option REDIS_URL is used whatever it holds.
   */
  onlyKeysUnder?: string;
  /** Data directory of a private server. */
  dir: string;
  /** The redis-server executable: a name looked up on PATH, or a path. Default `redis-server`. */
  executable?: string;
  /** PATH to search; default process.env.PATH. */
  path?: string;
  /** Preferred port of a private server; default {@link PRIVATE_REDIS_PORT} (a free one if taken). */
  port?: number;
  /** How long a PING may take before "nothing answers"; default 1500 ms. */
  pingTimeoutMs?: number;
  /** How long a private server may take to answer after it is spawned; default 15 s. */
  startTimeoutMs?: number;
}

/** True when a Redis answers PING at `url` within `timeoutMs`. Never throws. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** The full path of an executable on PATH (or `name` itself when it is a path), if there is one. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : path
        .split(delimiter)
        .filter((dir) => dir !== '' && isAbsolute(dir))
        .map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `port` when it is free on 127.0.0.1, otherwise one the system picks. */
export async function freePortPreferring(port: number): Promise<number> {
  if (port > 0 && (await portIsFree(port))) return port;
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const picked = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(picked));
    });
  });
}

/** True when `pid` runs redis-server (where /proc tells; elsewhere any live process counts). */
function isRedisServer(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return process.platform !== 'linux';
  }
}

/** True while a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function logTail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops a process by pid: SIGTERM, then SIGKILL after `graceMs`. */
async function stopPid(pid: number, graceMs: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The Redis for the sandbox: REDIS_URL when it answers; otherwise a private `redis-server` (127.0.0.1,
 * AOF on, data in `dir`) that `stop()` shuts down; otherwise a {@link RedisUnavailableError} saying
 * what to install or run. A private server left running by a sandbox that was killed is reused.
 */
export async function ensureRedis(opts: EnsureRedisOptions): Promise<SandboxRedis> {
  const pingTimeout = opts.pingTimeoutMs ?? 1500;
  let refusedExternal: string | undefined;
  if (await pingRedis(opts.url, pingTimeout)) {
    refusedExternal =
      opts.onlyKeysUnder === undefined ? undefined : await foreignKey(opts.url, opts.onlyKeysUnder);
    if (refusedExternal === undefined)
      return { url: opts.url, kind: 'external', stop: async () => undefined };
  }
  const executable = findExecutable(opts.executable ?? 'redis-server', opts.path);
  if (!executable) {
    if (refusedExternal !== undefined) throw new ForeignRedisError(opts.url, refusedExternal);
    throw new RedisUnavailableError(opts.url, 'redis-server is not installed.');
  }
  const private_ = await startPrivateRedis(opts, executable, pingTimeout);
  return refusedExternal === undefined ? private_ : { ...private_, refusedExternal };
}

/** Thrown when REDIS_URL holds data that is not the sandbox's and no private server can be started. */
export class ForeignRedisError extends Error {
  constructor(url: string, key: string) {
    super(
      [
        `The sandbox will not run on the Redis at ${maskCredentials(url)}: it holds keys that are not the sandbox's (for example "${key}"), which may be a real bot's data.`,
        'Install redis-server and the sandbox starts a private one under ./data/redis, or point REDIS_URL at an empty Redis.',
      ].join('\n'),
    );
    this.name = 'ForeignRedisError';
  }
}

/** Checks at most this many keys; a Redis with more is treated as holding foreign data. */
const FOREIGN_SCAN_LIMIT = 100_000;

/**
 * A key at `url` that does not begin with `allowed` (checked with SCAN, at most
 * {@link FOREIGN_SCAN_LIMIT} keys), or undefined when every key is the sandbox's.
 */
export async function foreignKey(url: string, allowed: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    let seen = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      const other = keys.find((k) => !k.startsWith(allowed));
      if (other !== undefined) return other;
      seen += keys.length;
      if (seen > FOREIGN_SCAN_LIMIT) return `(more than ${FOREIGN_SCAN_LIMIT} keys)`;
    } while (cursor !== '0');
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** A Redis URL with any user name and password masked, for the banner and error messages. */
export function maskCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Starts (or takes over) the private redis-server in `opts.dir`. */
async function startPrivateRedis(
  opts: EnsureRedisOptions,
  executable: string,
  pingTimeout: number,
): Promise<SandboxRedis> {
  mkdirSync(opts.dir, { recursive: true });
  const pidFile = join(opts.dir, 'redis-server.pid');
  const logFile = join(opts.dir, 'redis-server.log');
  const preferred = opts.port ?? PRIVATE_REDIS_PORT;

  // A sandbox that was killed (SIGKILL) could not stop its Redis; take that one over.
  const leftPid = existsSync(pidFile) ? readPid(pidFile) : undefined;
  if (leftPid !== undefined && isRedisServer(leftPid)) {
    const url = `redis://127.0.0.1:${preferred}`;
    if (await pingRedis(url, pingTimeout)) {
      let stopped: Promise<void> | undefined;
      return {
        url,
        kind: 'reused',
        port: preferred,
        dir: opts.dir,
        stop: () => {
          stopped ??= stopPid(leftPid, 10_000);
          return stopped;
        },
      };
    }
  }

  const port = await freePortPreferring(preferred);
  const child = spawn(
    executable,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      opts.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--pidfile',
      pidFile,
      '--logfile',
      logFile,
    ],
    // Its own process group: Ctrl+C in the terminal reaches only the sandbox, which stops Redis last.
    { stdio: 'ignore', detached: true },
  );
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 15_000);
  while (!(await pingRedis(url, 500))) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopChild(child, 2000);
      const why = spawnError ? spawnError.message : logTail(logFile);
      throw new RedisUnavailableError(
        opts.url,
        `a private ${executable} on port ${port} did not start:\n${why}`,
      );
    }
    await sleep(100);
  }
  // Should the sandbox exit without stopping it (a second Ctrl+C), Redis still gets its SIGTERM.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopped: Promise<void> | undefined;
  return {
    url,
    kind: 'private',
    port,
    dir: opts.dir,
    stop: () => {
      stopped ??= stopChild(child, 10_000).finally(() => process.off('exit', onExit));
      return stopped;
    },
  };
}
