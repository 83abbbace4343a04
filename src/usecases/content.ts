import { join } from 'node:path';
import { formatProblem } from '../briefings/types.js';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { BriefingStore } from '../store/briefings.js';
import { syncContent } from './import-briefings.js';

/**
 * Takes the briefing files under CONTENT_DIR/briefings into Redis (idempotent by id and content
 * hash), logs what changed and what was skipped, and returns a one-line summary.
 */
export async function syncBriefingFiles(deps: {
  contentDir: string;
  briefings: BriefingStore;
  catalog: Catalog;
  logger: Logger;
}): Promise<string> {
  const report = await syncContent(join(deps.contentDir, 'briefings'), {
    store: deps.briefings,
    catalog: deps.catalog,
  });
  for (const p of report.problems) deps.logger.warn({ problem: formatProblem(p) }, 'briefing file skipped');
  deps.logger.info(
    { created: report.created, updated: report.updated, problems: report.problems.length },
    'content synced',
  );
  return `${report.files} files: ${report.created.length} new, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.problems.length} problems`;
}
