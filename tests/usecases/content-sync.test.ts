import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { syncBriefingFiles } from '../../src/usecases/content.js';
import { testCore } from '../helpers/core.js';
import { NOTHING_SYNCED } from '../helpers/desk-bot.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let t: TestRedis | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  t = undefined;
  dir = undefined;
});

describe('syncBriefingFiles at start', () => {
  it('when CONTENT_DIR has no briefings folder (the image ships none), then nothing is imported and nothing fails', async () => {
    t = await createTestRedis('sync');
    dir = mkdtempSync(join(tmpdir(), 'chunav-no-briefings-'));
    const core = testCore({ redis: t.redis, prefix: t.prefix });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const counts = await syncBriefingFiles({ ...core, contentDir: dir, logger });
    expect(counts).toEqual(NOTHING_SYNCED);
    expect(await core.briefings.count()).toBe(0);
    expect(lines.join('')).toContain('no briefing files to import');
  });
});
