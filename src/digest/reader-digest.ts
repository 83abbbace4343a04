import type { CatalogLookup } from '../briefings/parse.js';
import type { I18n, Lang } from '../i18n/index.js';
import type { BriefingStore } from '../store/briefings.js';
import { composeDigest } from './compose.js';
import { slotInstant } from './slots.js';

/** How far back a reader's first digest reaches. */
export const FIRST_DIGEST_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Most briefings read for one digest. One message holds about a dozen; more than this many means the
 * digest ends with "और पढ़ें" anyway.
 */
export const DIGEST_FETCH = 30;

export interface ReaderDigestDeps {
  source: Pick<BriefingStore, 'forReader'>;
  i18n: Pick<I18n, 't'>;
  catalog: CatalogLookup;
  botUsername: string;
  /** DIGEST_TZ: the run's date and slot name an instant in it. */
  tz: string;
  fetch?: number;
}

/**
 * One reader's digest for one run of a slot: the briefings for their PCs published after their last
 * digest (the day before the slot for a first digest) and no later than `asOf`, composed into one
 * message. Undefined when there is nothing new (or the reader follows no PC): nothing is sent then.
 */
export async function digestForReader(
  deps: ReaderDigestDeps,
  reader: { chatId: number; lang: Lang },
  run: { slot: string; date: string },
  asOf: number,
): Promise<string | undefined> {
  const at = slotInstant(run.date, run.slot, deps.tz);
  const fetch = deps.fetch ?? DIGEST_FETCH;
  const found = await deps.source.forReader(reader.chatId, at - FIRST_DIGEST_WINDOW_MS, fetch);
  if (found.pcs.length === 0 && (found.acs ?? []).length === 0) return undefined;
  // Published after `asOf` (a briefing dated ahead): it belongs to the next digest, which starts there.
  const briefings = found.briefings.filter((b) => b.publishedMs <= asOf);
  return composeDigest({
    briefings,
    reader: { lang: reader.lang, pcs: found.pcs, acs: found.acs ?? [] },
    i18n: deps.i18n,
    catalog: deps.catalog,
    botUsername: deps.botUsername,
    slot: run.slot,
    at,
    tz: deps.tz,
    more: found.briefings.length >= fetch,
  });
}
