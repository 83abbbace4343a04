import { parseBriefing } from '../../src/briefings/parse.js';
import type { Briefing } from '../../src/briefings/types.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import type { Catalog } from '../../src/catalog/types.js';
import { createI18n } from '../../src/i18n/index.js';

/** Deterministic bot username for deep links in tests and snapshots. */
export const TEST_BOT = 'ChunavTestBot';

let catalogCache: Catalog | undefined;
/** The real catalogue (content/catalogue), loaded once per test file. */
export function testCatalog(): Catalog {
  catalogCache ??= loadCatalog();
  return catalogCache;
}

export const i18n = createI18n('locales');

/** A fictional body, marked as such, as every made-up fixture must be. */
export const FICTIONAL_BODY = 'यह खबर परीक्षण हेतु काल्पनिक है। (परीक्षण हेतु काल्पनिक)';

/**
 * A briefing file: the default front matter with `over` applied (a value of `null` removes the field;
 * values are YAML text as written after `key: `), then the body. Lines: `---` is line 1, the seven
 * default fields lines 2-7, `---` line 8, a blank line 9, so the body starts on line 10.
 */
export function briefingFile(
  id: string,
  over: Record<string, string | null> = {},
  body = FICTIONAL_BODY,
): string {
  const fields: Record<string, string | null> = {
    id,
    title: '"परीक्षण ब्रीफिंग (परीक्षण हेतु काल्पनिक)"',
    summary: '"यह सार परीक्षण हेतु काल्पनिक है।"',
    pcs: '[UP-16]',
    published_at: '2024-05-04T10:00:00+05:30',
    tags: '[परीक्षण]',
    ...over,
  };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

export interface BriefingSpec {
  id: string;
  title?: string;
  pcs?: string[];
  scope?: string;
  publishedAt?: string;
  tags?: string[];
  alsoRead?: string[];
  body?: string;
  sourceUrl?: string;
}

/** A valid fictional Briefing built through the real parser (so it is exactly what the loader makes). */
export function makeBriefing(spec: BriefingSpec): Briefing {
  const over: Record<string, string | null> = {
    title: JSON.stringify(spec.title ?? `${spec.id} (परीक्षण हेतु काल्पनिक)`),
    published_at: spec.publishedAt ?? '2024-05-04T10:00:00+05:30',
    tags: JSON.stringify(spec.tags ?? []),
  };
  if (spec.scope) {
    over.pcs = null;
    over.scope = spec.scope;
  } else over.pcs = JSON.stringify(spec.pcs ?? ['UP-16']);
  if (spec.sourceUrl) over.source_url = spec.sourceUrl;
  if (spec.alsoRead) over.also_read = JSON.stringify(spec.alsoRead.map((briefing) => ({ briefing })));
  const result = parseBriefing(briefingFile(spec.id, over, spec.body ?? FICTIONAL_BODY), {
    file: `${spec.id}.md`,
    catalog: testCatalog(),
  });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return result.briefing;
}
