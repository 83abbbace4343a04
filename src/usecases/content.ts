import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../briefings/types.js';
import type { Catalog } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import type { BriefingStore } from '../store/briefings.js';
import { syncContent } from './import-briefings.js';

/** What a sync of the briefing files did, in counts. */
export interface SyncCounts {
  files: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Files of withdrawn briefings, not stored again. */
  withdrawn: number;
  /** Files of briefings an editor has revised since: the editor's revision stays. */
  kept: number;
  problems: number;
}

/**
 * Takes the briefing files under CONTENT_DIR/briefings into Redis (idempotent by id and content
 * hash; never over an editor's revision), logs what changed and what was skipped, and returns the
 * counts (the bot words them in the admin's language). No such folder: nothing to import, all zero.
 */
export async function syncBriefingFiles(deps: {
  contentDir: string;
  briefings: BriefingStore;
  catalog: Catalog;
  logger: Logger;
}): Promise<SyncCounts> {
  const dir = join(deps.contentDir, 'briefings');
  // Briefings live in Redis; files are an optional import (the image ships none).
  if (!existsSync(dir)) {
    deps.logger.info({ dir }, 'no briefing files to import');
    return { files: 0, created: 0, updated: 0, unchanged: 0, withdrawn: 0, kept: 0, problems: 0 };
  }
  const report = await syncContent(dir, {
    store: deps.briefings,
    catalog: deps.catalog,
  });
  for (const p of report.problems) deps.logger.warn({ problem: formatProblem(p) }, 'briefing file skipped');
  if (report.withdrawn.length > 0)
    deps.logger.warn({ withdrawn: report.withdrawn }, 'files of withdrawn briefings left unpublished');
  if (report.kept.length > 0)
    deps.logger.info(
      { kept: report.kept },
      'files of briefings revised by editors left as the editors made them',
    );
  deps.logger.info(
    { created: report.created, updated: report.updated, problems: report.problems.length },
    'content synced',
  );
  return {
    files: report.files,
    created: report.created.length,
    updated: report.updated.length,
    unchanged: report.unchanged.length,
    withdrawn: report.withdrawn.length,
    kept: report.kept.length,
    problems: report.problems.length,
  };
}
