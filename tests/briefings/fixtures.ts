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
} from '../helpers/fixtures.js';

/** Deterministic bot username for deep links in tests and snapshots. */
export const TEST_BOT = 'ChunavTestBot';

export const i18n = createI18n('locales');

/** A valid fictional Briefing built through the real parser (so it is exactly what the loader makes). */
export function makeBriefing(spec: BriefingSpec): Briefing {
  const result = parseBriefing(briefingText(spec), { file: `${spec.id}.md`, catalog: testCatalog() });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return result.briefing;
}
