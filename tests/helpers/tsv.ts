import { readFileSync } from 'node:fs';

/** One data line of a labelled TSV set: its columns, its 1-based line number and `file:line` for errors. */
export interface TsvRow {
  cols: string[];
  line: number;
  where: string;
}

/**
 * The data lines of a tab-separated evaluation set (blank lines and `#` comments skipped), each with
 * where it stands. `key` names what must not repeat (the query or sentence); a repeat throws naming
 * the line.
 */
export function readTsvRows(file: string, key: (cols: string[]) => string): TsvRow[] {
  const rows: TsvRow[] = [];
  const seen = new Set<string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trimEnd();
      if (line === '' || line.startsWith('#')) return;
      const cols = line.split('\t');
      const where = `${file}:${i + 1}`;
      const k = key(cols);
      if (k !== '' && seen.has(k)) throw new Error(`${where}: "${k}" appears twice`);
      seen.add(k);
      rows.push({ cols, line: i + 1, where });
    });
  return rows;
}
