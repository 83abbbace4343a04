/**
 * `npm run content:check [-- <briefings dir>] [--catalogue <dir>]`
 *
 * Validates every briefing file. Prints one line per problem, `file: field: what is wrong`, and exits 1
 * when there is any; exits 0 with a one-line summary when all are valid. Touches no Redis.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBriefings } from '../briefings/load.js';
import { formatProblem } from '../briefings/types.js';
import { loadCatalog } from '../catalog/catalog.js';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { catalogue: { type: 'string' } },
  });
  const dir = positionals[0] ?? 'content/briefings';
  if (!existsSync(dir)) {
    console.error(`content:check: ${dir}: no such folder (give the briefings folder as the first argument)`);
    return 2;
  }
  const catalog = values.catalogue ? loadCatalog(values.catalogue) : loadCatalog();
  const { briefings, problems, files } = loadBriefings(dir, { catalog });
  for (const p of problems) console.error(formatProblem(p));
  if (problems.length > 0) {
    const bad = new Set(problems.map((p) => p.file)).size;
    console.error(
      `content:check: ${problems.length} problem(s) in ${bad} file(s); ${briefings.length} of ${files} valid`,
    );
    return 1;
  }
  console.log(`content:check: ${files} briefing(s) in ${dir}, all valid`);
  return 0;
}

process.exitCode = main();
