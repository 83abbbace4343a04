/**
 * `npm run content:sync [-- <briefings dir>]`
 *
 * Loads every valid briefing file (default CONTENT_DIR/briefings) into Redis, with the program's own
 * settings (REDIS_URL or REDIS_SENTINELS, KEY_PREFIX, CONTENT_DIR): creates or updates by id, never
 * deletes what editors made, and never overwrites a briefing whose latest revision an editor made
 * (counted as kept). Invalid files are listed as `file: field: what is wrong` and skipped; the exit
 * code is then 1, though the valid ones were stored.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { formatProblem } from '../briefings/types.js';
import { parseConfigOrExit } from '../config.js';
import { createCore } from '../core.js';
import { connectOnce } from '../redis.js';
import { syncContent } from '../usecases/import-briefings.js';
import { maskUrlCredentials, redactSecrets } from '../util/redact.js';

async function main(): Promise<number> {
  const config = parseConfigOrExit(process.env);
  const dir = process.argv[2] ?? join(config.contentDir, 'briefings');
  if (!existsSync(dir)) {
    console.error(`content:sync: no folder ${dir}: nothing to import (name the folder of briefing files)`);
    return 1;
  }
  let redis: Awaited<ReturnType<typeof connectOnce>>;
  try {
    redis = await connectOnce(config);
  } catch (err) {
    console.error(
      `content:sync: Redis at ${maskUrlCredentials(config.redisUrl)} does not answer (${redactSecrets((err as Error).message)})`,
    );
    return 1;
  }
  const core = createCore(config, pino({ level: 'silent' }), { redis });
  try {
    const report = await syncContent(dir, { store: core.briefings, catalog: core.catalog });
    for (const p of report.problems) console.error(formatProblem(p));
    console.log(
      `content:sync: ${report.files} file(s) → created ${report.created.length}, updated ${report.updated.length}, ` +
        `unchanged ${report.unchanged.length}, withdrawn (not stored) ${report.withdrawn.length}, ` +
        `kept as editors revised them ${report.kept.length}, skipped for problems ${new Set(report.problems.map((p) => p.file)).size}` +
        ` (prefix "${config.keyPrefix}", ${await core.briefings.count()} stored)`,
    );
    return report.problems.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`content:sync: ${redactSecrets((err as Error).message)}`);
    return 1;
  } finally {
    await core.close();
    redis.disconnect();
  }
}

process.exitCode = await main();
