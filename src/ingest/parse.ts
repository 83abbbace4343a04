/**
 * A feed document (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed) to the items the ingest cares about, with
 * feedsmith doing the parsing. Never throws: a document that is no feed says why.
 */
import { DetectError, parseFeed } from 'feedsmith';
import { safeLink } from './html.js';

/** One item as the ingest uses it; HTML fields are as the feed gave them (cleaned later). */
export interface FeedItem {
  /** The dedup key: `g:<guid>` when the item has one, else `l:<link>`; undefined when it has neither. */
  key: string | undefined;
  title: string;
  /** The item's link (https or http as given), if any. */
  link: string | undefined;
  /** Description or summary (HTML or text). */
  description: string;
  /** Full content (HTML), when the feed gives one apart from the description. */
  content: string;
  /** Publication (or update) time in epoch ms, when the item has a readable one. */
  publishedMs: number | undefined;
  /** First https image from an enclosure, media:content or media:thumbnail (JSON Feed: image). */
  photoUrl: string | undefined;
}

export type ParsedFeed =
  | { ok: true; format: 'rss' | 'atom' | 'rdf' | 'json'; title: string; items: FeedItem[] }
  | { ok: false; problem: 'not-a-feed' | 'malformed' | 'empty' };

/** Longest guid or link kept as a dedup key: longer ones are hashed by the store anyway. */
const MAX_KEY = 2000;

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string')
    return (v as { value: string }).value;
  return '';
}

function time(...values: unknown[]): number | undefined {
  for (const v of values) {
    if (typeof v !== 'string' || !v.trim()) continue;
    const ms = Date.parse(v.trim());
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

function keyOf(guid: string, link: string | undefined): string | undefined {
  const g = guid.trim();
  if (g) return `g:${g.slice(0, MAX_KEY)}`;
  const l = link?.trim();
  return l ? `l:${l.slice(0, MAX_KEY)}` : undefined;
}

type Media = {
  contents?: Array<{ url?: string; medium?: string; type?: string }>;
  thumbnails?: Array<{ url?: string }>;
  group?: { contents?: Array<{ url?: string; medium?: string; type?: string }> };
};

function isImage(m: { medium?: string; type?: string }): boolean {
  return m.medium === 'image' || (m.type ?? '').startsWith('image/') || (!m.medium && !m.type);
}

/** The first https image among enclosures and media tags; http and other schemes are skipped. */
function photoOf(enclosures: Array<{ url?: string; type?: string }> | undefined, media: Media | undefined) {
  const candidates: string[] = [];
  for (const e of enclosures ?? [])
    if (e.url && (e.type ?? 'image/').startsWith('image/')) candidates.push(e.url);
  for (const c of [...(media?.contents ?? []), ...(media?.group?.contents ?? [])])
    if (c.url && isImage(c)) candidates.push(c.url);
  for (const t of media?.thumbnails ?? []) if (t.url) candidates.push(t.url);
  for (const c of candidates) {
    const url = safeLink(c);
    if (url) return url;
  }
  return undefined;
}

/** An HTML page answered where a feed was expected: say so rather than "malformed". */
function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1000));
}

/** Parses a feed document; JSON Feed when it starts with `{`. */
export function parseFeedDocument(text: string): ParsedFeed {
  if (!text.trim()) return { ok: false, problem: 'empty' };
  if (looksLikeHtml(text)) return { ok: false, problem: 'not-a-feed' };
  let input: unknown = text;
  if (/^\s*\{/.test(text)) {
    try {
      input = JSON.parse(text);
    } catch {
      return { ok: false, problem: 'malformed' };
    }
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(input);
  } catch (err) {
    return { ok: false, problem: err instanceof DetectError ? 'not-a-feed' : 'malformed' };
  }
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const feed = parsed.feed as {
        title?: string;
        items?: Array<{
          title?: string;
          link?: string;
          description?: string;
          guid?: { value?: string } | string;
          pubDate?: string;
          content?: { encoded?: string };
          enclosures?: Array<{ url?: string; type?: string }>;
          media?: Media;
          dc?: { date?: string; dates?: string[] };
        }>;
      };
      return {
        ok: true,
        format: parsed.format,
        title: str(feed.title),
        items: (feed.items ?? []).map((it) => ({
          key: keyOf(str(it.guid), it.link),
          title: str(it.title),
          link: it.link?.trim() || undefined,
          description: str(it.description),
          content: str(it.content?.encoded),
          publishedMs: time(it.pubDate, it.dc?.date, it.dc?.dates?.[0]),
          photoUrl: photoOf(it.enclosures, it.media),
        })),
      };
    }
    case 'atom': {
      const feed = parsed.feed as {
        title?: unknown;
        entries?: Array<{
          id?: string;
          title?: unknown;
          links?: Array<{ href?: string; rel?: string; type?: string }>;
          summary?: unknown;
          content?: unknown;
          published?: string;
          updated?: string;
          media?: Media;
        }>;
      };
      return {
        ok: true,
        format: 'atom',
        title: str(feed.title),
        items: (feed.entries ?? []).map((e) => {
          const links = e.links ?? [];
          const link = (links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0])?.href?.trim();
          const enclosures = links
            .filter((l) => l.rel === 'enclosure')
            .map((l) => ({ ...(l.href ? { url: l.href } : {}), ...(l.type ? { type: l.type } : {}) }));
          return {
            key: keyOf(str(e.id), link),
            title: str(e.title),
            link: link || undefined,
            description: str(e.summary),
            content: str(e.content),
            publishedMs: time(e.published, e.updated),
            photoUrl: photoOf(enclosures, e.media),
          };
        }),
      };
    }
    case 'json': {
      const feed = parsed.feed as {
        title?: string;
        items?: Array<{
          id?: string;
          url?: string;
          title?: string;
          summary?: string;
          content_html?: string;
          content_text?: string;
          image?: string;
          banner_image?: string;
          date_published?: string;
          date_modified?: string;
        }>;
      };
      return {
        ok: true,
        format: 'json',
        title: str(feed.title),
        items: (feed.items ?? []).map((it) => ({
          key: keyOf(typeof it.id === 'string' ? it.id : String(it.id ?? ''), it.url),
          title: str(it.title),
          link: it.url?.trim() || undefined,
          description: str(it.summary),
          content: str(it.content_html) || escapeText(str(it.content_text)),
          publishedMs: time(it.date_published, it.date_modified),
          photoUrl: photoOf(
            [it.image, it.banner_image].filter((u): u is string => !!u).map((url) => ({ url })),
            undefined,
          ),
        })),
      };
    }
  }
}

/** Plain text as HTML, so that one cleaner reads both (JSON Feed's content_text). */
function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}
