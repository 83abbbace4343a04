import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryEnv, type DeliveryEnv, TOKEN } from '../helpers/delivery-env.js';
import { briefingText, standardContent } from '../helpers/fixtures.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const run = promisify(execFile);

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

/** `npm run publish -- …` against the env's Redis and the tests' content; stdout, stderr and exit code. */
async function publish(
  env: DeliveryEnv,
  args: string[],
): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await run(tsx, ['src/cli/publish.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        BOT_TOKEN: TOKEN,
        REDIS_URL: TEST_REDIS_URL,
        KEY_PREFIX: env.env.prefix,
        CONTENT_DIR: standardContent().dir,
        LOG_LEVEL: 'silent',
      },
    });
    return { out: r.stdout, err: r.stderr, code: 0 };
  } catch (error) {
    const x = error as { stdout: string; stderr: string; code: number };
    return { out: x.stdout, err: x.stderr, code: x.code };
  }
}

describe('npm run publish with assembly seats (real Redis, HTTP Bot API double)', () => {
  it('when an editor publishes a briefing file for सिकंदराराऊ, then its reader gets it once and the Sadabad reader does not', async () => {
    e = await createDeliveryEnv();
    await e.subscribers.ensureChat(600_001, 'hi');
    await e.subscribers.subscribeAc(600_001, 'UP-A80', 20);
    await e.subscribers.ensureChat(600_002, 'hi');
    await e.subscribers.subscribeAc(600_002, 'UP-A79', 20);
    await e.startWorkers(1, { sendRate: 1000, paid: true });
    const id = 'test-sikandra-rao-cli';
    const path = join(mkdtempSync(join(tmpdir(), 'chunav-publish-ac-')), `${id}.md`);
    writeFileSync(
      path,
      briefingText({
        id,
        title: 'सिकंदराराऊ: काल्पनिक सभा (परीक्षण)',
        summary: 'परीक्षण ब्रीफिंग का सार: यह सभा काल्पनिक है।',
        acs: ['UP-A80'],
      }),
    );
    const r = await publish(e, [path]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('readers of the Sikandra Rao assembly seat');
    expect(r.out).toContain('→ 1 reader(s)');
    expect(e.double.messages(600_001)).toHaveLength(1);
    expect(e.double.messages(600_002)).toHaveLength(0);

    // `--to` sends it to other seats instead: Sadabad's reader now gets it; a bad code is refused.
    const dry = await publish(e, [id, '--to', 'up-a79', '--dry-run']);
    expect(dry.out).toContain('readers of the Sadabad assembly seat');
    expect(dry.out).toContain('→ 1 reader(s)');
    const bad = await publish(e, [id, '--to', 'UP-A999']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('"UP-A999" is no seat');
  }, 60_000);
});
