import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './program.js';

/**
 * A private `redis-server` for one test: its own free port and data directory, AOF on
 * (`appendfsync everysec`), RDB snapshots off. It can be stopped (SIGTERM: a clean shutdown that
 * fsyncs the AOF), killed (SIGKILL) and started again on the same port and directory, so the data
 * comes back from the AOF exactly as a restarted production Redis would load it.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  /** True while the server process runs. */
  readonly running: boolean;
  /** Starts the server (again) and resolves once it answers PING with its data loaded. */
  start(): Promise<void>;
  /** SIGTERM (Redis flushes and fsyncs the AOF, then exits); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all; whatever the kernel already holds of the AOF survives. */
  kill(): Promise<number | null>;
  /** Stops the server if running and deletes its data directory. */
  destroy(): Promise<void>;
  /** The server's log lines so far (all runs). */
  log: string[];
}

export interface PrivateRedisOptions {
  /** Extra redis-server arguments, after the defaults (a repeated setting takes the last value). */
  args?: string[];
  /** A port to use (a replica's configuration names its primary's before it starts). */
  port?: number;
}

export async function createPrivateRedis(
  label = 'chaos',
  opts: PrivateRedisOptions = {},
): Promise<PrivateRedis> {
  const port = opts.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), `${label}-redis-`));
  const log: string[] = [];
  let child: ChildProcess | undefined;
  let spawnError: Error | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);

  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--logfile',
    '',
    ...(opts.args ?? []),
  ];

  async function waitReady(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (spawnError) {
        throw new Error(
          `cannot start redis-server (${spawnError.message}): the chaos tests need the redis-server binary on PATH (apt-get install redis-server)`,
        );
      }
      if (child?.exitCode !== null && child?.exitCode !== undefined) {
        throw new Error(`redis-server exited with ${child.exitCode}:\n${log.slice(-20).join('\n')}`);
      }
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // PING answers LOADING while the AOF is read back; INFO tells when it is done.
        const info = await probe.info('persistence');
        if (/loading:0/.test(info)) return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${port} not ready in ${timeoutMs} ms:\n${log.slice(-20).join('\n')}`);
  }

  async function signal(sig: NodeJS.Signals): Promise<number | null> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return c?.exitCode ?? null;
    c.kill(sig);
    const code = await exited;
    child = undefined;
    return code;
  }

  const server: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    log,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start() {
      if (server.running) return;
      const c = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      spawnError = undefined;
      c.once('error', (err) => {
        spawnError = err;
      });
      exited = new Promise((resolve) => c.once('exit', (code) => resolve(code)));
      const onData = (buf: Buffer) => {
        for (const line of buf.toString('utf8').split('\n')) if (line) log.push(line);
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', onData);
      await waitReady();
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    async destroy() {
      await signal('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}

/** One `redis-sentinel` process of a {@link SentinelGroup}. */
export interface PrivateSentinel {
  port: number;
  log: string[];
  stop(): Promise<void>;
}

/**
 * A primary, a replica and three Sentinels (quorum 2) on free ports under temporary directories, as a
 * production failover set-up in miniature: AOF and noeviction on both servers, Sentinels that call the
 * primary down after `downAfterMs` without an answer.
 */
export interface SentinelGroup {
  /** The master group name (REDIS_SENTINEL_NAME). */
  name: string;
  primary: PrivateRedis;
  replica: PrivateRedis;
  sentinels: PrivateSentinel[];
  /** REDIS_SENTINELS for the program: `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`. */
  sentinelList: string;
  /** The port of the primary the Sentinels name now (asking each until one answers). */
  primaryPort(): Promise<number>;
  /** Resolves once every Sentinel names a primary other than `oldPort`; returns its port. */
  untilPromoted(oldPort: number, timeoutMs?: number): Promise<number>;
  /** Stops every process and deletes their directories. */
  destroy(): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ask<T>(port: number, run: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await run(r);
  } finally {
    r.disconnect();
  }
}

async function startSentinel(
  label: string,
  name: string,
  primaryPort: number,
  downAfterMs: number,
): Promise<PrivateSentinel> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), `${label}-sentinel-`));
  const conf = join(dir, 'sentinel.conf');
  // Sentinel rewrites its configuration file as it learns the set-up: it must be a writable file.
  await writeFile(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      'daemonize no',
      `dir ${dir}`,
      'logfile ""',
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
      `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
      `sentinel failover-timeout ${name} ${Math.max(downAfterMs * 5, 3000)}`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-sentinel', [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) if (line) log.push(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    port,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function createSentinelGroup(
  label: string,
  opts: { downAfterMs?: number; name?: string } = {},
): Promise<SentinelGroup> {
  const name = opts.name ?? 'chunav-test';
  const downAfterMs = opts.downAfterMs ?? 1000;
  // A replica's first sync starts at once (Redis waits 5 s by default for more replicas to join).
  const quickSync = ['--repl-diskless-sync-delay', '0'];
  const primary = await createPrivateRedis(`${label}-primary`, { args: quickSync });
  const replica = await createPrivateRedis(`${label}-replica`, {
    args: [...quickSync, '--replicaof', '127.0.0.1', String(primary.port)],
  });
  const sentinels: PrivateSentinel[] = [];
  const group: SentinelGroup = {
    name,
    primary,
    replica,
    sentinels,
    get sentinelList() {
      return sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    },
    async primaryPort() {
      for (const s of sentinels) {
        try {
          const addr = (await ask(s.port, (r) =>
            r.call('SENTINEL', 'get-master-addr-by-name', name),
          )) as string[];
          if (addr?.[1]) return Number(addr[1]);
        } catch {
          // that Sentinel is not answering; ask the next
        }
      }
      throw new Error('no Sentinel names a primary');
    },
    async untilPromoted(oldPort, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const ports = await Promise.all(
          sentinels.map((s) =>
            ask(s.port, (r) => r.call('SENTINEL', 'get-master-addr-by-name', name) as Promise<string[]>)
              .then((a) => Number(a[1]))
              .catch(() => 0),
          ),
        );
        if (ports.every((p) => p !== 0 && p !== oldPort)) return ports[0] as number;
        await pause(50);
      }
      throw new Error(
        `no promotion in ${timeoutMs} ms:\n${sentinels.flatMap((s) => s.log.slice(-8)).join('\n')}`,
      );
    },
    async destroy() {
      await Promise.allSettled(sentinels.map((s) => s.stop()));
      await Promise.allSettled([primary.destroy(), replica.destroy()]);
    },
  };
  try {
    const until = Date.now() + 20_000;
    while (!/master_link_status:up/.test(await ask(replica.port, (r) => r.info('replication')))) {
      if (Date.now() > until) throw new Error(`replica never linked:\n${replica.log.slice(-10).join('\n')}`);
      await pause(50);
    }
    for (let i = 0; i < 3; i++) sentinels.push(await startSentinel(label, name, primary.port, downAfterMs));
    // Sentinels find each other and the replica through the primary (hello messages every 2 s): a
    // failover needs the quorum to know of each other first.
    while (true) {
      const known = await Promise.all(
        sentinels.map((s) =>
          ask(s.port, async (r) => {
            const others = (await r.call('SENTINEL', 'sentinels', name)) as unknown[];
            const replicas = (await r.call('SENTINEL', 'replicas', name)) as unknown[];
            return others.length === 2 && replicas.length === 1;
          }).catch(() => false),
        ),
      );
      if (known.every(Boolean)) break;
      if (Date.now() > until)
        throw new Error(
          `Sentinels did not find each other:\n${sentinels.flatMap((s) => s.log.slice(-5)).join('\n')}`,
        );
      await pause(100);
    }
  } catch (err) {
    await group.destroy();
    throw err;
  }
  return group;
}
