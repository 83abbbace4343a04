import type { CatalogLookup } from '../briefings/parse.js';
import type { ContentKind } from '../delivery/content-kind.js';
import { plainText } from '../delivery/kinds/message.js';
import type { I18n } from '../i18n/index.js';
import { LAST_DIGEST_FIELD } from '../store/subscribers.js';
import { digestForReader, type ReaderDigestDeps } from './reader-digest.js';
import { slotCode } from './slots.js';

/**
 * One run of a daily digest slot: each reader gets the briefings for their PCs since their last digest,
 * composed for them when sent. `date` is YYYY-MM-DD in DIGEST_TZ.
 */
export type DigestContent = { kind: 'digest'; slot: string; date: string };

export function isDigestContent(c: { kind: string }): c is DigestContent {
  return c.kind === 'digest';
}

export interface DigestKindDeps {
  source: ReaderDigestDeps['source'];
  i18n: Pick<I18n, 't'>;
  catalog: CatalogLookup;
  botUsername: () => string;
  /** DIGEST_TZ. */
  tz: string;
  /** Clock (tests): a digest covers briefings published up to now. */
  now?: () => number;
}

/**
 * Digests: composed per reader, nothing sent when nothing is new, once per reader per slot per day
 * (`sent:dg-<date>-<HHMM>`); the reader's `lastDigest` moves on with the send record.
 */
export function digestKind(deps: DigestKindDeps): ContentKind<DigestContent> {
  const now = deps.now ?? Date.now;
  return {
    kind: 'digest',
    acts: 'new',
    // May turn out empty: it takes its slot just before sending.
    corrects: 'with-text',
    quietHours: false,
    perReader: true,
    contentKey: (c: DigestContent) => `dg-${c.date}-${slotCode(c.slot)}`,
    // The reader moved to another slot (or turned digests off) after this run listed them.
    skip: (d, chat) => (chat.digest !== d.content.slot ? 'slot changed' : undefined),
    async render(d, { chatId, lang }) {
      // An admin's correction of a digest replaces it with their text for everyone.
      if (d.correction) return { messages: [plainText(d.correction.text, d.correction.entities)] };
      const asOf = now();
      const text = await digestForReader(
        {
          source: deps.source,
          i18n: deps.i18n,
          catalog: deps.catalog,
          botUsername: deps.botUsername(),
          tz: deps.tz,
        },
        { chatId, lang },
        d.content,
        asOf,
      );
      if (text === undefined) return { messages: [], emptyReason: 'empty digest' };
      return {
        messages: [{ method: 'text', text, parseMode: 'HTML', linkPreview: { is_disabled: true } }],
        // The next digest starts where this one ended.
        chatField: { name: LAST_DIGEST_FIELD, value: String(asOf) },
      };
    },
  };
}
