import { type RenderContext, renderBriefing } from '../../briefings/render.js';
import { telegramTextLength } from '../../briefings/split.js';
import type { Briefing } from '../../briefings/types.js';
import type { Catalog } from '../../catalog/types.js';
import { type I18n, LANGS, type Lang } from '../../i18n/index.js';
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

/** Telegram's limit for a photo's caption, in the same count as a message's text. */
export const CAPTION_LIMIT = 1024;

/** What rendering a briefing's messages needs besides the briefing. */
export type BriefingMessagesContext = Pick<
  RenderContext,
  'lang' | 'i18n' | 'catalog' | 'botUsername' | 'related'
>;

/**
 * The messages of one briefing for one language: what readers get, and what an editor's preview shows.
 *
 * Without a photo: the rendered parts as text (long bodies split at 4096), "ये भी पढ़ें" buttons on the
 * last. With a photo, one message where Telegram allows it, never a cut body:
 * - the whole briefing fits a caption (1,024): the photo with the briefing as its caption;
 * - else a photo at an https address: the text, its first part with the photo as a large link preview
 *   above the text (`link_preview_options`);
 * - else (a photo Telegram holds by file id, and a long text): the photo alone, then the text.
 */
export function briefingMessages(b: Briefing, ctx: BriefingMessagesContext): Outgoing[] {
  const r = renderBriefing(b, ctx);
  const buttons = r.buttons.length > 0 ? r.buttons : undefined;
  const only = r.parts.length === 1 ? (r.parts[0] as string) : undefined;
  if (b.photo) {
    const photo = b.photo.kind === 'url' ? b.photo.url : b.photo.fileId;
    if (only !== undefined && telegramTextLength(only) <= CAPTION_LIMIT)
      return [{ method: 'photo', photo, caption: only, parseMode: 'HTML', ...(buttons ? { buttons } : {}) }];
    if (b.photo.kind === 'url') {
      const url = b.photo.url;
      return r.parts.map((text, i): Outgoing => {
        const out: Outgoing = {
          method: 'text',
          text,
          parseMode: 'HTML',
          // The photo above the first part; no other preview, so that the source's does not replace it.
          linkPreview:
            i === 0 ? { url, prefer_large_media: true, show_above_text: true } : { is_disabled: true },
        };
        if (i === r.parts.length - 1 && buttons) out.buttons = buttons;
        return out;
      });
    }
    return [{ method: 'photo', photo }, ...textParts(r)];
  }
  return textParts(r);
}

function textParts(r: ReturnType<typeof renderBriefing>): Outgoing[] {
  return r.parts.map((text, i) => {
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
}

/** The shape of a message as an edit must keep it: text, or a photo (which one, with or without caption). */
function shapeOf(o: Outgoing): string {
  if (o.method === 'photo') return `photo ${o.photo}${o.caption === undefined ? '' : ' +caption'}`;
  return o.method;
}

/**
 * Why copies already sent of `before` cannot become `after` by editing them in place, or undefined when
 * they can: in some language the new revision needs another number of messages, or another photo or
 * photo layout (an edit changes a message's text or caption, never adds a message or swaps its photo).
 */
export function briefingLayoutChange(
  before: Briefing,
  after: Briefing,
  related: BriefingMessagesContext['related'],
  ctx: Omit<BriefingMessagesContext, 'lang' | 'related'>,
): string | undefined {
  for (const lang of LANGS as readonly Lang[]) {
    const a = briefingMessages(before, { ...ctx, lang, ...(related ? { related } : {}) });
    const b = briefingMessages(after, { ...ctx, lang, ...(related ? { related } : {}) });
    if (a.length !== b.length)
      return `readers hold ${a.length} message(s) of this briefing; the new text needs ${b.length} (${lang})`;
    const i = a.findIndex((m, j) => shapeOf(m) !== shapeOf(b[j] as Outgoing));
    if (i >= 0)
      return `message ${i + 1} would change from ${shapeOf(a[i] as Outgoing)} to ${shapeOf(b[i] as Outgoing)} (${lang})`;
  }
  return undefined;
}

export interface BriefingKindDeps {
  briefings: Pick<BriefingStore, 'getForReading'>;
  catalog: Catalog;
  i18n: I18n;
  /** The bot's username, for deep links (known after getMe). */
  botUsername: () => string;
}

/** Briefings: rendered once per language by {@link briefingMessages}. */
export function briefingKind(deps: BriefingKindDeps): ContentKind<BriefingContent> {
  return {
    kind: 'briefing',
    acts: 'new',
    corrects: 'as-stored',
    quietHours: true,
    perReader: false,
    contentKey: (c: BriefingContent) => briefingContentKey(c.briefingId),
    async render(d, { lang }) {
      const found = await deps.briefings.getForReading(d.content.briefingId);
      if (!found) throw new ContentGoneError(`briefing ${d.content.briefingId} not found`);
      const messages = briefingMessages(found.briefing, {
        lang,
        i18n: deps.i18n,
        catalog: deps.catalog,
        botUsername: deps.botUsername(),
        related: found.related,
      });
      return { messages };
    },
  };
}
