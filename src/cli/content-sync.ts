/**
 * `npm run content:sync [-- <briefings dir>]`
 *
 * Loads every valid briefing file into Redis (REDIS_URL, default redis://127.0.0.1:6379; keys under
 * KEY_PREFIX, default chunav). Invalid files are listed as `file: field: what is wrong` and skipped;
 * the exit code is then 1, though the valid ones were stored.
 */
import { Redis } from 'ioredis';
import { formatProblem } from '../briefings/types.js';
import { loadCatalog } from '../catalog/catalog.js';
import { createBriefingStore } from '../store/briefings.js';
import { syncContent } from '../usecases/import-briefings.js';

async function main(): Promise<number> {
  const dir = process.argv[2] ?? 'content/briefings';
  const url = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  const prefix = process.env.KEY_PREFIX?.trim() || 'chunav';
  const catalog = loadCatalog();
  // Fail fast: a CLI should say Redis is unreachable, not retry forever.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    const store = createBriefingStore({ redis, prefix });
    const report = await syncContent(dir, { store, catalog });
    for (const p of report.problems) console.error(formatProblem(p));
    console.log(
      `content:sync: ${report.files} file(s) → created ${report.created.length}, updated ${report.updated.length}, ` +
        `unchanged ${report.unchanged.length}, withdrawn (not stored) ${report.withdrawn.length}, skipped for problems ${new Set(report.problems.map((p) => p.file)).size}` +
        ` (prefix "${prefix}", ${await store.count()} stored)`,
    );
    return report.problems.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`content:sync: ${(err as Error).message} (is Redis running at ${url}?)`);
    return 1;
  } finally {
    redis.disconnect();
  }
}

process.exitCode = await main();
