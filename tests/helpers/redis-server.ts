import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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
