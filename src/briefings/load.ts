import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { type CatalogLookup, parseBriefing } from './parse.js';
import type { Briefing, Problem } from './types.js';

export interface LoadResult {
  /** Valid briefings, sorted by id. */
  briefings: Briefing[];
  /** Every problem, sorted by file then the order found. */
  problems: Problem[];
  /** How many briefing files were read. */
  files: number;
}

/** How problems name a file: relative to the working directory when inside it, else as found. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Files in `dir` and its subfolders, sorted; dot-files and README.md are skipped. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase() !== 'readme.md') out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Reads and validates every briefing under `dir` (recursively; one `.md` file per briefing). Besides
 * each file's own rules it checks the collection: an id used by two files (both are refused), and
 * `also_read` entries naming a briefing that does not exist or is itself invalid. Only briefings with
 * no problem at all are returned.
 */
export function loadBriefings(dir: string, deps: { catalog: CatalogLookup }): LoadResult {
  const problems: Problem[] = [];
  const parsed: { file: string; briefing: Briefing }[] = [];
  const files = listFiles(dir);
  const idsSeen = new Map<string, string[]>();
  let count = 0;
  for (const path of files) {
    const file = displayPath(path);
    if (extname(path) !== '.md') {
      problems.push({
        file,
        field: 'file',
        message: 'not a briefing: briefings are Markdown files ending in .md',
      });
      continue;
    }
    count++;
    const result = parseBriefing(readFileSync(path, 'utf8'), {
      file,
      catalog: deps.catalog,
      expectedId: basename(path, '.md'),
    });
    if (result.ok) {
      parsed.push({ file, briefing: result.briefing });
      idsSeen.set(result.briefing.id, [...(idsSeen.get(result.briefing.id) ?? []), file]);
    } else problems.push(...result.problems);
  }

  // Duplicate ids (same file name in two subfolders): neither copy is taken.
  let valid = parsed.filter(({ file, briefing }) => {
    const owners = idsSeen.get(briefing.id) ?? [];
    if (owners.length < 2) return true;
    const others = owners.filter((o) => o !== file).join(', ');
    problems.push({ file, field: 'id', message: `duplicate id "${briefing.id}", also used by ${others}` });
    return false;
  });

  // also_read → briefing ids must resolve to valid briefings; repeat, since dropping one can break another.
  const allIds = new Set(files.filter((f) => extname(f) === '.md').map((f) => basename(f, '.md')));
  for (let changed = true; changed; ) {
    changed = false;
    const validIds = new Set(valid.map((v) => v.briefing.id));
    valid = valid.filter(({ file, briefing }) => {
      let ok = true;
      briefing.alsoRead.forEach((ref, i) => {
        if (ref.kind !== 'briefing' || validIds.has(ref.id)) return;
        ok = false;
        const why = allIds.has(ref.id) ? 'exists but is not valid (see its own problems)' : 'does not exist';
        problems.push({ file, field: `also_read[${i}].briefing`, message: `briefing "${ref.id}" ${why}` });
      });
      if (!ok) changed = true;
      return ok;
    });
  }

  const order = new Map(files.map((f, i) => [displayPath(f), i]));
  problems.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  const briefings = valid.map((v) => v.briefing).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { briefings, problems, files: count };
}
