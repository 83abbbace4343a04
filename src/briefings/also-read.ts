import { briefingDeepLink } from './links.js';
import { type Briefing, normalizeTag, pcsOf, statesOf } from './types.js';

/** What the selection needs to know about another briefing. A full `Briefing` will do. */
export type AlsoReadCandidate = Pick<Briefing, 'id' | 'title' | 'audience' | 'tags' | 'publishedMs'>;

/** One "ये भी पढ़ें" link, ready to show. */
export interface AlsoReadLink {
  title: string;
  url: string;
  /** Set when the link opens another briefing in the bot. */
  briefingId?: string;
}

export interface AlsoReadOptions {
  /** The bot's username, for `https://t.me/<bot>?start=b_<id>` links. */
  botUsername: string;
  /** Top up to this many links (explicit ones are all kept even beyond it). Default 3. */
  max?: number;
}

/** Newest first; equal times by id so the order never depends on input order. */
function newestFirst(a: AlsoReadCandidate, b: AlsoReadCandidate): number {
  return b.publishedMs - a.publishedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Chooses the "ये भी पढ़ें" links of a briefing. Pure: works on candidates given as plain data (the
 * store's `alsoReadCandidates` fetches them).
 *
 * 1. The editor's own `also_read` entries, in file order (a briefing entry is shown when it is among
 *    the candidates, i.e. it exists).
 * 2. Topped up to `max` with the newest other briefings that share a PC with it, then those in the
 *    same state (including state-wide ones), then those sharing a tag.
 *
 * Never the briefing itself, never the same briefing or URL twice.
 */
export function selectAlsoRead(
  briefing: Pick<Briefing, 'id' | 'audience' | 'tags' | 'alsoRead'>,
  candidates: readonly AlsoReadCandidate[],
  opts: AlsoReadOptions,
): AlsoReadLink[] {
  const max = opts.max ?? 3;
  const links: AlsoReadLink[] = [];
  const usedIds = new Set<string>([briefing.id]);
  const usedUrls = new Set<string>();
  const byId = new Map(candidates.map((c) => [c.id, c]));

  const addBriefing = (c: AlsoReadCandidate) => {
    const url = briefingDeepLink(opts.botUsername, c.id);
    if (usedIds.has(c.id) || usedUrls.has(url)) return;
    usedIds.add(c.id);
    usedUrls.add(url);
    links.push({ title: c.title, url, briefingId: c.id });
  };

  for (const ref of briefing.alsoRead) {
    if (ref.kind === 'briefing') {
      const c = byId.get(ref.id);
      if (c) addBriefing(c);
    } else if (!usedUrls.has(ref.url)) {
      usedUrls.add(ref.url);
      links.push({ title: ref.title, url: ref.url });
    }
  }
  if (links.length >= max) return links;

  const pcs = new Set(pcsOf(briefing));
  const states = new Set(statesOf(briefing));
  const tags = new Set(briefing.tags.map(normalizeTag));
  const sorted = candidates.filter((c) => c.id !== briefing.id).sort(newestFirst);
  const tiers: ((c: AlsoReadCandidate) => boolean)[] = [
    (c) => pcsOf(c).some((pc) => pcs.has(pc)),
    (c) => statesOf(c).some((st) => states.has(st)),
    (c) => c.tags.some((t) => tags.has(normalizeTag(t))),
  ];
  for (const inTier of tiers) {
    for (const c of sorted) {
      if (links.length >= max) return links;
      if (!usedIds.has(c.id) && inTier(c)) addBriefing(c);
    }
  }
  return links;
}
