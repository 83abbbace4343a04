import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { get } from './http-env.js';

/** A made-up token of Telegram's shape; none of it may appear in any line the program prints. */
const TOKEN = '7312345678:AAHk3x9Qm2Lp0vWz8YtR4sNcB6dEfGhJiKl';
const SECRET = TOKEN.split(':')[1] as string;

let env: TestRedis;
/** A "Telegram" that accepts connections and never answers (a black hole on the way). */
let blackHole: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  env = await createTestRedis('unreachable');
  blackHole = createServer((s) => void sockets.push(s));
  blackHole.listen(0, '127.0.0.1');
  await once(blackHole, 'listening');
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  blackHole.close();
  await env.cleanup();
});

function noTokenIn(lines: string[]) {
  const all = lines.join('\n');
  for (let i = 0; i + 10 <= SECRET.length; i++) expect(all).not.toContain(SECRET.slice(i, i + 10));
}

async function start(apiRoot: string, role: 'all' | 'bot' | 'worker' = 'all') {
  const port = await freePort();
  const program = startProgram(role, {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: env.prefix,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    SHUTDOWN_TIMEOUT: '2s',
    CONTENT_DIR: standardContent().dir,
  });
  return { program, base: `http://127.0.0.1:${port}` };
}

describe('when Telegram cannot be reached at start', () => {
  it('when its host does not resolve, then the log says what cannot be reached and that it keeps trying, /readyz says 503 naming telegram, and no token is printed', async () => {
    const { program, base } = await start('http://api.telegram.invalid');
    // Each attempt is cut at 10 s; where the resolver itself stalls (seen on a loaded CI machine) the
    // first warning can come later, so the wait is generous: what is tested is what it says.
    const line = await program.waitFor(/cannot reach Telegram/, 45_000);
    expect(line).toContain('http://api.telegram.invalid');
    expect(line).toMatch(/trying again every 10 s/);
    expect(line).toMatch(/host not found|network/);
    const ready = await get(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.body) as { checks: Record<string, string> };
    expect(body.checks.telegram).toMatch(/cannot reach Telegram/);
    expect(await program.stop(15_000)).toBe(0);
    noTokenIn(program.output);
  }, 75_000);

  it('when Telegram never answers (getMe hangs), then SIGTERM ends the process within SHUTDOWN_TIMEOUT', async () => {
    const addr = blackHole.address() as { port: number };
    const { program, base } = await start(`http://127.0.0.1:${addr.port}`);
    await program.waitFor(/http answering health and readiness while starting/, 20_000);
    // Start-up is now waiting on getMe, which never comes back.
    expect((await get(`${base}/readyz`)).status).toBe(503);
    const t0 = Date.now();
    program.child.kill('SIGTERM');
    const [code] = (await Promise.race([
      once(program.child, 'exit'),
      new Promise((r) => setTimeout(() => r([null]), 10_000)),
    ])) as [number | null];
    const took = Date.now() - t0;
    if (code === null) program.child.kill('SIGKILL');
    expect(code).toBe(0);
    // The contract: within SHUTDOWN_TIMEOUT (2 s here) and the last-resort margin (5 s); exit code 0
    // above says start-up was aborted cleanly, not cut off by the last resort.
    expect(took).toBeLessThan(2000 + 5000);
    noTokenIn(program.output);
  }, 40_000);
});
