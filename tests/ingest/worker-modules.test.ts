import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';

/**
 * The built worker (`node dist/main.js worker`) with every module it loads recorded: the feed polls'
 * parsers and the desk use cases they draft through are loaded at the first poll job only, and the
 * daily erasure at its job, so a worker that polls no feed (a fan-out worker, whose peak memory has a
 * target) never holds them.
 */
const TOKEN = '123456:TEST-token-for-worker-modules';
let env: TestRedis;
let double: BotApiDouble;
let dir: string;
let program: Program | undefined;

beforeAll(async () => {
  env = await createTestRedis('workermods');
  double = createBotApiDouble({ token: TOKEN });
  await double.listen(0);
  dir = mkdtempSync(join(tmpdir(), 'chunav-worker-modules-'));
});

afterAll(async () => {
  await program?.stop();
  await double?.close();
  await env?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Modules only a feed poll needs: the feed and HTML parsers, the poll, the desk port and use cases. */
const POLL_ONLY =
  /\/node_modules\/(feedsmith|htmlparser2|domhandler)\/|\/dist\/(ingest\/(poll|parse|html|fetch|index|notify)|usecases\/desk)\.js$/;

/** Modules only the daily erasure of inactive readers needs: date-fns whole, through the schedule parser. */
const ERASURE_ONLY = /\/node_modules\/date-fns\/|\/dist\/usecases\/erase-reader\.js$/;

describe('the modules of a worker', () => {
  let loaded: string[];
  beforeAll(async () => {
    const file = join(dir, 'loaded.txt');
    program = startProgram('worker', {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: double.apiRoot as string,
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: env.prefix,
      HTTP_PORT: String(await freePort()),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CONTENT_DIR: standardContent().dir,
      NODE_OPTIONS: `--import ${join(process.cwd(), 'tests/helpers/record-loads.mjs')}`,
      LOADED_MODULES_FILE: file,
    });
    await program.waitFor(/http listening/, 20_000);
    loaded = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  });

  it('when a worker has started and polled no feed, then it has loaded the feed polls but no feed parser nor the desk', () => {
    // The record is whole: the worker role and its feed polls (their scheduler and worker) are in it.
    expect(
      loaded.filter((u) => /\/dist\/(roles\/worker|ingest\/polls|ingest\/scheduler)\.js$/.test(u)),
    ).toHaveLength(3);
    expect(loaded.filter((u) => POLL_ONLY.test(u))).toEqual([]);
  });

  it('when a worker has started, then it has loaded the privacy job but not the erasure it runs once a day', () => {
    expect(loaded.filter((u) => /\/dist\/roles\/privacy-job\.js$/.test(u))).toHaveLength(1);
    expect(loaded.filter((u) => ERASURE_ONLY.test(u))).toEqual([]);
  });
});
