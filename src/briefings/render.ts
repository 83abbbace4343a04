import { LRUCache } from 'lru-cache';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import type { I18n, Lang, Translate } from '../i18n/index.js';
import { escapeHtml, raw } from '../i18n/index.js';
import { type AlsoReadCandidate, type AlsoReadLink, selectAlsoRead } from './also-read.js';
import { formatBriefingTime } from './format-time.js';
import { briefingDeepLink } from './links.js';
import { markdownToTelegramHtml } from './markdown.js';
import type { CatalogLookup } from './parse.js';
import { splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from './split.js';
import { type Briefing, hasPublicationTime, revisedAt } from './types.js';

/** An inline keyboard URL button as plain data (turn into grammY's `InlineKeyboard` where sent). */
export interface UrlButton {
  text: string;
  url: string;
}

/** Bot API `link_preview_options`. */
export type LinkPreview =
  | { is_disabled: true }
  | { url: string; prefer_small_media?: boolean; prefer_large_media?: boolean; show_above_text?: boolean };

export interface RenderedBriefing {
  /** Telegram HTML messages (parse_mode HTML), in order; each within Telegram's limit. */
  parts: string[];
  /** "ये भी पढ़ें" as URL buttons, one per row: attach to the last part. */
  buttons: UrlButton[][];
  /**
   * For the last part, which carries the source link: a preview of the briefing's own source, or
   * disabled (never a preview of some link in the body). Send earlier parts with `{ is_disabled: true }`.
   */
  linkPreview: LinkPreview;
  /** The "ये भी पढ़ें" links chosen. */
  alsoRead: AlsoReadLink[];
}

export interface RenderContext {
  lang: Lang;
  i18n: Pick<I18n, 't'>;
  catalog: CatalogLookup;
  /** The bot's username (deep links `https://t.me/<bot>?start=b_<id>`). */
  botUsername: string;
  /**
   * Other briefings to pick "ये भी पढ़ें" from (the store's `alsoReadCandidates`). Explicit
   * `{ briefing: <id> }` entries show only when their briefing is among them. Default: none.
   */
  related?: readonly AlsoReadCandidate[];
  /** Message limit; Telegram's 4096 unless a test says otherwise. */
  limit?: number;
}

const BUTTON_TEXT_MAX = 64;

/** The render's language bound to its i18n: the words times are printed with. */
const timeWords =
  ({ i18n, lang }: Pick<RenderContext, 'i18n' | 'lang'>): Translate =>
  (key, params) =>
    i18n.t(lang, key, params);

const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/**
 * Cuts to at most `max` UTF-16 units, with an ellipsis when cut: at the last space in the second half,
 * else at a grapheme cluster boundary (never inside a conjunct, a matra or an emoji sequence).
 */
function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  if (space > max / 2) return `${text.slice(0, space).trimEnd()}…`;
  let out = '';
  // Segment only a little more than is kept: a cluster crossing that edge would not fit anyway.
  for (const { segment } of graphemes.segment(text.slice(0, max + 16))) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Body HTML by body text. Rendering a briefing for every reader language, and again for each `/start`,
 * lexes the same Markdown; lexing is most of the cost of a render. Bounded; oldest entry evicted first.
 */
const bodyCache = new LRUCache<string, string>({ max: 256 });

function bodyHtml(markdown: string): string {
  const hit = bodyCache.get(markdown);
  if (hit !== undefined) return hit;
  const html = markdownToTelegramHtml(markdown).html;
  bodyCache.set(markdown, html);
  return html;
}

/** The audience line (Telegram HTML, from locales): PC names in the reader's language, or the state, or national. */
export function audienceLine(
  b: Pick<Briefing, 'audience'>,
  ctx: Pick<RenderContext, 'lang' | 'i18n' | 'catalog'>,
): string {
  const { lang, i18n, catalog } = ctx;
  switch (b.audience.kind) {
    case 'pcs': {
      const names = b.audience.pcs.map((code) => pcNameOf(catalog, code, lang));
      const acs = (b.audience.acs ?? []).map((code) => acNameOf(catalog, code, lang));
      if (acs.length === 0)
        return i18n.t(lang, names.length === 1 ? 'briefing.pc-one' : 'briefing.pc-many', {
          names: names.join(', '),
        });
      if (names.length === 0)
        return i18n.t(lang, acs.length === 1 ? 'briefing.ac-one' : 'briefing.ac-many', {
          names: acs.join(', '),
        });
      return i18n.t(lang, 'briefing.seats-both', { pcs: names.join(', '), acs: acs.join(', ') });
    }
    case 'state': {
      const name = stateName(catalog, b.audience.state, lang);
      return i18n.t(lang, 'briefing.scope-state', { state: name });
    }
    case 'national':
      return i18n.t(lang, 'briefing.scope-national');
  }
}

function sourceLinkText(url: string, lang: Lang, i18n: Pick<I18n, 't'>): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return u.hostname.replace(/^www\./, '');
  } catch {
    // checked on load; fall through to the generic label
  }
  return i18n.t(lang, 'briefing.source-link');
}

/**
 * Renders one briefing for one reader language as Telegram HTML. Pure: the same briefing, context and
 * candidates give the same output. Everything from the file is escaped. Long briefings are split at
 * paragraph, sentence or word boundaries (see `splitTelegramHtml`); "ये भी पढ़ें" comes once, at the
 * end of the last part, which also gets the buttons.
 */
export function renderBriefing(b: Briefing, ctx: RenderContext): RenderedBriefing {
  const { lang, i18n } = ctx;
  const limit = ctx.limit ?? TELEGRAM_MESSAGE_LIMIT;
  const head = [`<b>${escapeHtml(b.title)}</b>`, audienceLine(b, ctx)];
  // No time line for a briefing without a real publication time: its order key is an import time.
  if (hasPublicationTime(b))
    head.push(
      i18n.t(lang, 'briefing.published', { time: formatBriefingTime(b.publishedMs, timeWords(ctx)) }),
    );
  const revised = revisedAt(b);
  if (revised !== undefined)
    head.push(i18n.t(lang, 'briefing.revised', { time: formatBriefingTime(revised, timeWords(ctx)) }));
  const sections = [head.join('\n'), bodyHtml(b.body)];
  if (b.sourceUrl) {
    const link = `<a href="${escapeHtml(b.sourceUrl)}">${escapeHtml(sourceLinkText(b.sourceUrl, lang, i18n))}</a>`;
    sections.push(i18n.t(lang, 'briefing.source', { link: raw(link) }));
  }
  const main = sections.join('\n\n');

  const alsoRead = selectAlsoRead(b, ctx.related ?? [], { botUsername: ctx.botUsername });
  const parts = splitTelegramHtml(main, limit);
  if (alsoRead.length > 0) {
    const tail = [
      `<b>${i18n.t(lang, 'briefing.also-read')}</b>`,
      ...alsoRead.map((l) => `• <a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a>`),
    ].join('\n');
    const last = parts[parts.length - 1] as string;
    if (telegramTextLength(last) + 2 + telegramTextLength(tail) <= limit)
      parts[parts.length - 1] = `${last}\n\n${tail}`;
    else parts.push(...splitTelegramHtml(tail, limit));
  }
  const buttons = alsoRead.map((l) => [{ text: clipText(l.title, BUTTON_TEXT_MAX), url: l.url }]);
  const linkPreview: LinkPreview = b.sourceUrl?.startsWith('https://')
    ? { url: b.sourceUrl }
    : { is_disabled: true };
  return { parts, buttons, linkPreview, alsoRead };
}

/**
 * A link to a briefing's photo, for lists and digests that show briefings as text: one line for a photo
 * at an https address, none for a photo only Telegram holds (its file id is no address).
 */
export function photoLink(b: Pick<Briefing, 'photo'>, ctx: Pick<RenderContext, 'lang' | 'i18n'>): string[] {
  if (b.photo?.kind !== 'url') return [];
  return [`<a href="${escapeHtml(b.photo.url)}">${ctx.i18n.t(ctx.lang, 'briefing.photo-link')}</a>`];
}

/** A page of briefings as the store returns it for `/latest`. */
export interface BriefingListPage {
  items: readonly Briefing[];
  /** Offset of the next page, or undefined on the last page. */
  nextOffset?: number;
}

/**
 * A `/latest` page: for each briefing its title (a deep link that opens it in full), where and when
 * (only for a real publication time), and its summary; `latest.empty` when there is none. Returns
 * message parts (split like briefings).
 */
export function renderBriefingList(
  page: BriefingListPage,
  ctx: Pick<RenderContext, 'lang' | 'i18n' | 'catalog' | 'botUsername' | 'limit'> & {
    /** Heading instead of "latest.title": already translated, HTML-safe (from `t()`). */
    title?: string;
  },
): string[] {
  const { lang, i18n } = ctx;
  if (page.items.length === 0) return [i18n.t(lang, 'latest.empty')];
  const items = page.items.map((b) => {
    const url = briefingDeepLink(ctx.botUsername, b.id);
    return [
      `<b><a href="${escapeHtml(url)}">${escapeHtml(b.title)}</a></b>`,
      hasPublicationTime(b)
        ? `${audienceLine(b, ctx)} · ${escapeHtml(formatBriefingTime(b.publishedMs, timeWords(ctx)))}`
        : audienceLine(b, ctx),
      escapeHtml(b.summary),
      ...photoLink(b, ctx),
    ].join('\n');
  });
  const heading = ctx.title !== undefined ? ctx.title : i18n.t(lang, 'latest.title');
  const html = [`<b>${heading}</b>`, ...items].join('\n\n');
  return splitTelegramHtml(html, ctx.limit ?? TELEGRAM_MESSAGE_LIMIT);
}
