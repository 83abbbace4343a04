import { loadBriefings } from '../briefings/load.js';
import type { CatalogLookup } from '../briefings/parse.js';
import type { Problem } from '../briefings/types.js';
import type { BriefingStore } from '../store/briefings.js';

export interface SyncReport {
  /** Ids stored for the first time. */
  created: string[];
  /** Ids whose file changed since the last sync. */
  updated: string[];
  /** Ids already stored as they are. */
  unchanged: string[];
  /** Ids of withdrawn briefings whose files are still there: left withdrawn, not stored again. */
  withdrawn: string[];
  /** Ids whose latest revision an editor made: the file does not overwrite it. */
  kept: string[];
  /** Problems of files that were not stored (an older valid version, if stored, stays). */
  problems: Problem[];
  /** Briefing files read. */
  files: number;
}

/**
 * Loads every valid briefing under `dir` into the store (the program runs it at start; `npm run
 * content:sync` runs it by hand). Invalid files are reported and skipped, never stored. Briefings in
 * the store without a file (published from Telegram, or whose file was removed) are left alone, a
 * withdrawn briefing stays withdrawn whatever its file says (reported under `withdrawn`), and a briefing
 * an editor has revised since keeps the editor's revision (reported under `kept`).
 */
export async function syncContent(
  dir: string,
  deps: { store: Pick<BriefingStore, 'upsert'>; catalog: CatalogLookup },
): Promise<SyncReport> {
  const { briefings, problems, files } = loadBriefings(dir, { catalog: deps.catalog });
  const report: SyncReport = {
    created: [],
    updated: [],
    unchanged: [],
    withdrawn: [],
    kept: [],
    problems,
    files,
  };
  const outcomes = await Promise.all(briefings.map((b) => deps.store.upsert(b)));
  briefings.forEach((b, i) => {
    report[outcomes[i] ?? 'unchanged'].push(b.id);
  });
  return report;
}
