/**
 * One poll of one feed: under the feed's lock (one poll per feed at a time across every worker), a
 * conditional GET within the limits, the document parsed, each item not seen before claimed atomically
 * and, when it is recent enough, made into a draft for editors, or in `auto` mode published when its
 * seats are tagged with confidence. Failures back off (doubling from the poll interval, at most an
 * hour) and leave a health line; nothing in a feed can throw out of here or reach readers unchecked.
 */
import type { TagResult } from '../catalog/tagger.js';
import type { Logger } from '../logger.js';
import type { ElectionStore } from '../store/elections.js';
import type { Feed, FeedStore } from '../store/feeds.js';
import { itemHash } from '../store/feeds.js';
import { DeskError } from '../usecases/desk.js';
import { assemblyStatesOf } from '../usecases/desk-seats.js';
import type { IngestActor, IngestDesk } from './desk-port.js';
import { cleanStory } from './draft-fields.js';
import { type FetchResult, fetchFeed } from './fetch.js';
import { parseFeedDocument } from './parse.js';

/** Longest wait between polls of a failing feed. */
export const MAX_BACKOFF_MS = 3600_000;
/** Most drafts one poll makes; the rest wait for the next poll (a feed that dumps its archive). */
export const MAX_DRAFTS_PER_POLL = 20;
/** How long a seen item is remembered: well past any FEED_MAX_AGE, so it cannot come back as new. */
const SEEN_KEEP_MS = 30 * 24 * 3600_000;

export interface PollDeps {
  feeds: FeedStore;
  desk: IngestDesk;
  tag: (text: string) => TagResult;
  /** The election switch: named assembly seats of a state in a Vidhan Sabha election are suggested. */
  elections?: Pick<ElectionStore, 'assemblyStates'>;
  logger: Logger;
  now?: () => number;
  limits: {
    timeoutMs: number;
    maxBytes: number;
    pollMs: number;
    maxAgeMs: number;
    maxRedirects?: number;
    /** Feeds may be read from private addresses (FEED_ALLOW_PRIVATE); default public ones only. */
    allowPrivate?: boolean;
  };
}

export type PollOutcome =
  | { kind: 'skipped'; reason: 'gone' | 'paused' | 'backoff' | 'locked' }
  | { kind: 'failed'; status: string; httpStatus?: number | undefined; failures: number }
  | { kind: 'not-modified' }
  | { kind: 'ok'; items: number; drafted: number; published: number; skipped: number };

/** The actor of every feed action in the audit: `feed:<id>`, a trusted system actor. */
export function feedActor(feedId: string): IngestActor {
  return { id: `feed:${feedId}`, role: 'system' };
}

function failureStatus(r: Extract<FetchResult, { kind: 'failed' }>): string {
  return r.problem === 'http-error' && r.status ? `http-${r.status}` : r.problem;
}

/** Polls one feed now (the scheduler's job calls this). Never throws for anything a feed does. */
export async function pollFeed(deps: PollDeps, feedId: string): Promise<PollOutcome> {
  const now = deps.now ?? Date.now;
  const feed = await deps.feeds.get(feedId);
  if (!feed) return { kind: 'skipped', reason: 'gone' };
  if (feed.status === 'paused') return { kind: 'skipped', reason: 'paused' };
  const state = await deps.feeds.state(feedId);
  if (state.nextAt !== undefined && state.nextAt > now()) return { kind: 'skipped', reason: 'backoff' };
  // The lock outlives the request and the drafts it makes; should this worker die, it expires.
  const token = await deps.feeds.lock(feedId, deps.limits.timeoutMs + 120_000);
  if (!token) return { kind: 'skipped', reason: 'locked' };
  try {
    return await pollLocked(deps, feed, state.primed, state.primed ? state : {});
  } finally {
    await deps.feeds.unlock(feedId, token).catch(() => undefined);
  }
}

async function pollLocked(
  deps: PollDeps,
  feed: Feed,
  primed: boolean,
  validators: { etag?: string; lastModified?: string },
): Promise<PollOutcome> {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ feed: feed.id });
  const baseMs = feed.pollMs ?? deps.limits.pollMs;
  const fail = async (status: string, httpStatus?: number): Promise<PollOutcome> => {
    const failures = await deps.feeds.pollFailed(feed.id, {
      status,
      httpStatus,
      baseMs,
      maxMs: MAX_BACKOFF_MS,
    });
    log.warn({ status, httpStatus, failures }, 'feed poll failed');
    return { kind: 'failed', status, httpStatus, failures };
  };

  const res = await fetchFeed(feed.url, validators, {
    timeoutMs: deps.limits.timeoutMs,
    maxBytes: deps.limits.maxBytes,
    ...(deps.limits.maxRedirects !== undefined ? { maxRedirects: deps.limits.maxRedirects } : {}),
    allowPrivate: deps.limits.allowPrivate === true,
  });
  if (res.kind === 'failed') return fail(failureStatus(res), res.status);
  if (res.kind === 'not-modified') {
    await deps.feeds.pollSucceeded(feed.id, { status: 'not-modified' });
    return { kind: 'not-modified' };
  }
  const parsed = parseFeedDocument(res.text);
  if (!parsed.ok) return fail(parsed.problem);
  if (parsed.title && parsed.title !== feed.title)
    await deps.feeds.update(feed.id, { title: parsed.title.slice(0, 200) });

  const cutoff = Math.max(feed.addedAt, now() - deps.limits.maxAgeMs);
  const keyed = parsed.items.filter((it): it is typeof it & { key: string } => it.key !== undefined);
  let skipped = parsed.items.length - keyed.length;
  // Every item is claimed, old ones too, so that none is looked at twice; only recent ones are drafted.
  // On the first poll an item without a date is old news (it was there when the feed was added).
  const fresh = await deps.feeds.claimItems(
    feed.id,
    keyed.map((it) => it.key),
    SEEN_KEEP_MS,
  );
  const candidates = keyed.filter(
    (it) => fresh.has(it.key) && (it.publishedMs === undefined ? primed : it.publishedMs >= cutoff),
  );
  skipped += [...fresh].length - candidates.length;
  // Oldest first, so that editors get them in the order the site published them.
  candidates.sort((a, b) => (a.publishedMs ?? now()) - (b.publishedMs ?? now()));
  const later = candidates.splice(MAX_DRAFTS_PER_POLL);
  for (const it of later) await deps.feeds.unclaimItem(feed.id, it.key);

  let drafted = 0;
  let published = 0;
  const actor = feedActor(feed.id);
  const assemblyStates = deps.elections ? await assemblyStatesOf(deps.elections) : new Set<string>();
  for (const item of candidates) {
    // A confident suggestion stands as the audience in both modes: in review the editor sees it on the
    // card and one tap sends; in auto it goes at once. An unsure one waits for the editor to choose.
    const cleaned = cleanStory(item, deps.tag, { acceptSuggestion: true, assemblyStates });
    if (!cleaned.ok) {
      skipped++;
      log.info({ problem: cleaned.problem }, 'feed item skipped');
      continue;
    }
    let draftId: string;
    try {
      draftId = (
        await deps.desk.createDraft(actor, cleaned.fields, {
          kind: 'feed',
          feedId: feed.id,
          itemKey: itemHash(item.key),
        })
      ).id;
    } catch (err) {
      if (err instanceof DeskError && (err.code === 'invalid' || err.code === 'forbidden-scope')) {
        // The desk will never take this item as it is: counted and left behind, not retried each poll.
        skipped++;
        log.warn({ code: err.code, field: err.field }, 'the desk refused a feed item');
        continue;
      }
      // Not drafted (Redis, say): give the item back so that the next poll tries again.
      await deps.feeds.unclaimItem(feed.id, item.key).catch(() => undefined);
      log.error({ err }, 'could not make a draft of a feed item');
      continue;
    }
    if (feed.mode === 'auto' && cleaned.fields.audience) {
      try {
        await deps.desk.publishDraft(actor, draftId, { kind: 'now' });
        published++;
        continue;
      } catch (err) {
        log.error({ err, draftId }, 'auto-publishing a feed draft failed; it waits for an editor');
      }
    }
    drafted++;
    await deps.desk.notifyEditors(draftId).catch((err) => log.error({ err, draftId }, 'editors not told'));
  }
  await deps.feeds.count(feed.id, 'drafted', drafted);
  await deps.feeds.count(feed.id, 'published', published);
  await deps.feeds.count(feed.id, 'skipped', skipped);
  await deps.feeds.pollSucceeded(feed.id, {
    status: 'ok',
    etag: res.etag,
    lastModified: res.lastModified,
    items: parsed.items.length,
  });
  return { kind: 'ok', items: parsed.items.length, drafted, published, skipped };
}
