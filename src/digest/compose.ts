import { LRUCache } from 'lru-cache';
import { dayPartOfHour, formatDay } from '../briefings/format-time.js';
import { briefingDeepLink } from '../briefings/links.js';
import type { CatalogLookup } from '../briefings/parse.js';
import { TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from '../briefings/split.js';
import type { Briefing } from '../briefings/types.js';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import { escapeHtml, type I18n, type Lang } from '../i18n/index.js';
import { slotHour } from './slots.js';

/** Who a digest is for. */
export interface DigestReader {
  lang: Lang;
  /** PC codes the reader follows (groups follow the briefings' PCs among these). */
  pcs: readonly string[];
  /** AC codes the reader follows (`UP-A80`); a briefing for one of them is grouped under it. */
  acs?: readonly string[];
}

export interface DigestInput {
  /** The briefings published for the reader since their last digest, any order (newest first is kept). */
  briefings: readonly Briefing[];
  reader: DigestReader;
  i18n: Pick<I18n, 't'>;
  catalog: CatalogLookup;
  /** The bot's username, for deep links `https://t.me/<bot>?start=b_<id>`. */
  botUsername: string;
  /** The slot (`HH:MM`) and its time today: the heading says which digest this is. */
  slot: string;
  at: number;
  /** DIGEST_TZ, the zone of the slot: the heading's date is the run's date there (default India time). */
  tz?: string;
  /** The store held more than `briefings`: end with the "और पढ़ें" line even when all of them fit. */
  more?: boolean;
  /** Message limit in Telegram's count (text after entity parsing); 4096 unless a test says otherwise. */
  limit?: number;
}

/** One briefing's lines, the same in every language: computed once per briefing version, not per reader. */
interface Item {
  html: string;
  len: number;
}

/**
 * Items by briefing object: a digest run's readers share the briefing objects of one cache (see
 * BriefingStore.forReader), so each is rendered once; a new version is a new object.
 */
const itemCache = new WeakMap<Briefing, Item & { bot: string }>();

function item(b: Briefing, botUsername: string): Item {
  const hit = itemCache.get(b);
  if (hit && hit.bot === botUsername) return hit;
  const url = briefingDeepLink(botUsername, b.id);
  // One line of summary under the linked title, whatever line breaks the file had.
  const summary = b.summary.replace(/\s+/g, ' ').trim();
  // A photo at an https address is a 📷 link after the title (the same in every language); a digest
  // is text, and a file id Telegram holds is no address.
  const photo = b.photo?.kind === 'url' ? ` <a href="${escapeHtml(b.photo.url)}">📷</a>` : '';
  const html = `• <b><a href="${escapeHtml(url)}">${escapeHtml(b.title)}</a></b>${photo}\n${escapeHtml(summary)}`;
  const made = { html, len: telegramTextLength(html), bot: botUsername };
  itemCache.set(b, made);
  return made;
}

/**
 * Fixed strings per i18n instance and language (group headings, the "more" line): digests go to every
 * reader of a slot, and these repeat for each of them.
 */
const phraseCache = new WeakMap<object, LRUCache<string, { html: string; len: number }>>();

function phrase(i18n: Pick<I18n, 't'>, cacheKey: string, make: () => string): { html: string; len: number } {
  let m = phraseCache.get(i18n);
  if (!m) {
    m = new LRUCache({ max: 4096 });
    phraseCache.set(i18n, m);
  }
  let p = m.get(cacheKey);
  if (!p) {
    const html = make();
    p = { html, len: telegramTextLength(html) };
    m.set(cacheKey, p);
  }
  return p;
}

/**
 * The group a briefing is listed under: the seat the reader follows that it is for (one of their ACs,
 * else one of their PCs, else the PC of theirs its AC lies in, else their AC inside its PC), its state,
 * or national.
 */
function groupOf(b: Briefing, reader: ReaderSeats, catalog: CatalogLookup): string {
  switch (b.audience.kind) {
    case 'pcs': {
      const acs = b.audience.acs ?? [];
      const pcOf = (ac: string) => catalog.acByCode?.(ac)?.pc;
      const ac = acs.find((a) => reader.acs.has(a));
      if (ac) return `ac:${ac}`;
      const pc =
        b.audience.pcs.find((p) => reader.pcs.has(p)) ??
        acs.map(pcOf).find((p): p is string => p !== undefined && reader.pcs.has(p));
      if (pc) return `pc:${pc}`;
      const inside = [...reader.acs].find(
        (a) => b.audience.kind === 'pcs' && b.audience.pcs.includes(pcOf(a) ?? ''),
      );
      if (inside) return `ac:${inside}`;
      const first = b.audience.pcs[0];
      return first ? `pc:${first}` : `ac:${acs[0] ?? ''}`;
    }
    case 'state':
      return `state:${b.audience.state}`;
    case 'national':
      return 'national';
  }
}

/** The seats a digest reader follows, as sets. */
interface ReaderSeats {
  pcs: ReadonlySet<string>;
  acs: ReadonlySet<string>;
}

function groupHeading(group: string, lang: Lang, i18n: Pick<I18n, 't'>, catalog: CatalogLookup): string {
  if (group.startsWith('ac:')) {
    const name = acNameOf(catalog, group.slice(3), lang);
    return `<b>${i18n.t(lang, 'digest.group-ac', { ac: name })}</b>`;
  }
  if (group.startsWith('pc:')) {
    const name = pcNameOf(catalog, group.slice(3), lang);
    return `<b>${i18n.t(lang, 'digest.group-pc', { pc: name })}</b>`;
  }
  if (group.startsWith('state:')) {
    const name = stateName(catalog, group.slice(6), lang);
    return `<b>${i18n.t(lang, 'digest.group-state', { state: name })}</b>`;
  }
  return `<b>${i18n.t(lang, 'digest.group-national')}</b>`;
}

/**
 * One reader's digest as one Telegram HTML message, or undefined when there is nothing to send.
 *
 * Pure: the same input gives the same text. Briefings are grouped by the reader's PC they are for (then
 * state-wide, then national ones), groups ordered by their newest briefing and briefings newest first,
 * each a bold title linking to the briefing in the bot and its summary on one line. What does not fit
 * in `limit` characters (Telegram's count) is left out from the end, and the message then ends with
 * "और पढ़ें: /latest"; so does a digest whose store had more (`more`).
 */
export function composeDigest(input: DigestInput): string | undefined {
  const { reader, i18n, catalog } = input;
  if (input.briefings.length === 0) return undefined;
  const lang = reader.lang;
  const limit = input.limit ?? TELEGRAM_MESSAGE_LIMIT;
  const briefings = [...input.briefings].sort(
    (a, b) => b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  // Groups in order of their newest briefing; the sort above makes first appearance the newest.
  const seats: ReaderSeats = { pcs: new Set(reader.pcs), acs: new Set(reader.acs ?? []) };
  const groups = new Map<string, Briefing[]>();
  for (const b of briefings) {
    const g = groupOf(b, seats, catalog);
    const list = groups.get(g);
    if (list) list.push(b);
    else groups.set(g, [b]);
  }

  // The heading names the part of the day and the date (`सुबह का सार · 5 मई`): the slot's clock time
  // would only repeat what "सुबह" already says.
  const heading = phrase(i18n, `${lang}|${input.slot}|${input.at}|${input.tz}`, () => {
    const day = formatDay(input.at, (key, params) => i18n.t(lang, key, params), input.tz);
    return `<b>${i18n.t(lang, `digest.title-${dayPartOfHour(slotHour(input.slot))}`, { day })}</b>`;
  });
  const more = phrase(i18n, `${lang}|more`, () => i18n.t(lang, 'digest.more'));

  // Every briefing as a piece of text with its cost; separators are plain newlines (one character each).
  const pieces: Array<{ html: string; cost: number }> = [];
  for (const [group, list] of groups) {
    const head = phrase(i18n, `${lang}|${group}`, () => groupHeading(group, lang, i18n, catalog));
    for (const [i, b] of list.entries()) {
      const it = item(b, input.botUsername);
      // A group's heading goes in only together with its first briefing.
      pieces.push(
        i === 0
          ? { html: `\n\n${head.html}\n${it.html}`, cost: 2 + head.len + 1 + it.len }
          : { html: `\n\n${it.html}`, cost: 2 + it.len },
      );
    }
  }

  const out: string[] = [heading.html];
  let len = heading.len;
  const total = pieces.reduce((sum, p) => sum + p.cost, 0);
  if (!input.more && len + total <= limit) {
    for (const p of pieces) out.push(p.html);
    return out.join('');
  }
  // Not everything fits (or the store had more): newest first while room is left for the more line.
  for (const p of pieces) {
    if (len + p.cost + 2 + more.len > limit) break;
    out.push(p.html);
    len += p.cost;
  }
  out.push(`\n\n${more.html}`);
  return out.join('');
}
