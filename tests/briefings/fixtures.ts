import { parseBriefing } from '../../src/briefings/parse.js';
import type { Briefing } from '../../src/briefings/types.js';
import { createI18n } from '../../src/i18n/index.js';
import { type BriefingSpec, briefingText, testCatalog } from '../helpers/fixtures.js';

export {
  type BriefingSpec,
  briefingFile,
  FICTIONAL_BODY,
  TEST_BRIEFINGS,
  testCatalog,
  UNDATED_BRIEFING,
} from '../helpers/fixtures.js';

/** Deterministic bot username for deep links in tests and snapshots. */
export const TEST_BOT = 'ChunavTestBot';

export const i18n = createI18n('locales');

/**
 * A valid fictional Briefing built through the real parser (so it is exactly what the loader makes).
 * `importedAt` is the import time a briefing without `published_at` gets as its order key.
 */
export function makeBriefing(spec: BriefingSpec, importedAt?: number): Briefing {
  const result = parseBriefing(briefingText(spec), {
    file: `${spec.id}.md`,
    catalog: testCatalog(),
    ...(importedAt === undefined ? {} : { importedAt }),
  });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return result.briefing;
}
