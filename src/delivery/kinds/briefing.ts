import { renderBriefing } from '../../briefings/render.js';
import type { Catalog } from '../../catalog/types.js';
import type { I18n } from '../../i18n/index.js';
import type { BriefingStore } from '../../store/briefings.js';
import { ContentGoneError, type ContentKind, type Outgoing } from '../content-kind.js';

/** A stored briefing, sent to its audience. */
export type BriefingContent = { kind: 'briefing'; briefingId: string };

export function isBriefingContent(c: { kind: string }): c is BriefingContent {
  return c.kind === 'briefing';
}

/** Send records of a briefing: one per briefing, so it never reaches a reader twice across publications. */
export function briefingContentKey(briefingId: string): string {
  return `b-${briefingId}`;
}

export interface BriefingKindDeps {
  briefings: Pick<BriefingStore, 'getForReading'>;
  catalog: Catalog;
  i18n: I18n;
  /** The bot's username, for deep links (known after getMe). */
  botUsername: () => string;
}

/** Briefings: rendered once per language, split into parts, "ये भी पढ़ें" buttons on the last part. */
export function briefingKind(deps: BriefingKindDeps): ContentKind<BriefingContent> {
  return {
    kind: 'briefing',
    acts: 'new',
    corrects: 'as-stored',
    reservesSlot: true,
    quietHours: true,
    perReader: false,
    contentKey: (c: BriefingContent) => briefingContentKey(c.briefingId),
    async render(d, { lang }) {
      const found = await deps.briefings.getForReading(d.content.briefingId);
      if (!found) throw new ContentGoneError(`briefing ${d.content.briefingId} not found`);
      const r = renderBriefing(found.briefing, {
        lang,
        i18n: deps.i18n,
        catalog: deps.catalog,
        botUsername: deps.botUsername(),
        related: found.related,
      });
      const messages = r.parts.map((text, i): Outgoing => {
        const last = i === r.parts.length - 1;
        const out: Outgoing = {
          method: 'text',
          text,
          parseMode: 'HTML',
          linkPreview: last ? r.linkPreview : { is_disabled: true },
        };
        if (last && r.buttons.length > 0) out.buttons = r.buttons;
        return out;
      });
      return { messages };
    },
  };
}
