/**
 * The newsroom's website feeds, as owners manage them from Telegram (/feeds) or the web desk: add,
 * list, pause, resume, change mode, remove. Each change is audited and the poll schedule follows it.
 */
import type { AuditLog } from '../store/audit.js';
import { type Feed, type FeedMode, type FeedState, type FeedStore, newFeedId } from '../store/feeds.js';
import type { Actor } from './deliveries.js';

/** Who manages feeds: only owners. */
export type FeedActor = Actor & { role?: 'owner' | 'editor' | 'system' };

export interface FeedUseCaseDeps {
  feeds: FeedStore;
  audit: Pick<AuditLog, 'record'>;
  /** The poll schedule (src/ingest/scheduler.ts): follows every change. */
  schedule: { sync(feed: Feed): Promise<void>; remove(feedId: string): Promise<void> };
  now?: () => number;
}

export class FeedError extends Error {
  constructor(
    readonly code: 'forbidden' | 'invalid-url' | 'duplicate' | 'not-found' | 'invalid-interval',
    message: string,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

/** Shortest and longest per-feed poll interval. */
export const FEED_POLL_MIN_MS = 60_000;
export const FEED_POLL_MAX_MS = 24 * 3600_000;

function ownerOnly(actor: FeedActor): void {
  if (actor.role !== 'owner') throw new FeedError('forbidden', 'only owners manage feeds');
}

/** The feed address as stored: http(s), no user name or password, no fragment; else why not. */
export function checkFeedUrl(input: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = input.trim();
  if (text.length > 2000) return { ok: false, message: 'too long' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'not a web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'not http(s)' };
  if (url.username || url.password) return { ok: false, message: 'has a user name or password' };
  url.hash = '';
  return { ok: true, url: url.href };
}

async function audit(
  deps: FeedUseCaseDeps,
  actor: FeedActor,
  action: string,
  outcome: string,
  target: string,
) {
  await deps.audit.record({ who: actor.id, action, outcome, target });
}

/** Adds a feed (review mode unless asked) and schedules its first poll at once. */
export async function addFeed(
  deps: FeedUseCaseDeps,
  actor: FeedActor,
  input: { url: string; mode?: FeedMode; pollMs?: number },
): Promise<Feed> {
  ownerOnly(actor);
  const checked = checkFeedUrl(input.url);
  if (!checked.ok) throw new FeedError('invalid-url', checked.message);
  if (input.pollMs !== undefined && (input.pollMs < FEED_POLL_MIN_MS || input.pollMs > FEED_POLL_MAX_MS))
    throw new FeedError('invalid-interval', 'between 1 minute and 24 hours');
  const existing = await deps.feeds.findByUrl(checked.url);
  if (existing) throw new FeedError('duplicate', existing.id);
  const feed: Feed = {
    id: newFeedId(),
    url: checked.url,
    title: '',
    mode: input.mode ?? 'review',
    status: 'active',
    addedBy: actor.id,
    addedAt: (deps.now ?? Date.now)(),
    ...(input.pollMs !== undefined ? { pollMs: input.pollMs } : {}),
  };
  await deps.feeds.add(feed);
  await deps.schedule.sync(feed);
  await audit(deps, actor, 'feed-add', feed.mode, `${feed.id} ${feed.url}`);
  return feed;
}

/** Every feed with its poll state, oldest first. Editors may look; only owners change anything. */
export async function listFeeds(
  deps: Pick<FeedUseCaseDeps, 'feeds'>,
): Promise<Array<{ feed: Feed; state: FeedState }>> {
  const feeds = await deps.feeds.list();
  return Promise.all(feeds.map(async (feed) => ({ feed, state: await deps.feeds.state(feed.id) })));
}

async function change(
  deps: FeedUseCaseDeps,
  actor: FeedActor,
  id: string,
  action: string,
  patch: Partial<Pick<Feed, 'mode' | 'status' | 'pollMs'>>,
): Promise<Feed> {
  ownerOnly(actor);
  const feed = await deps.feeds.update(id, patch);
  if (!feed) throw new FeedError('not-found', id);
  await deps.schedule.sync(feed);
  await audit(deps, actor, action, 'ok', id);
  return feed;
}

export function pauseFeed(deps: FeedUseCaseDeps, actor: FeedActor, id: string): Promise<Feed> {
  return change(deps, actor, id, 'feed-pause', { status: 'paused' });
}

export function resumeFeed(deps: FeedUseCaseDeps, actor: FeedActor, id: string): Promise<Feed> {
  return change(deps, actor, id, 'feed-resume', { status: 'active' });
}

export function setFeedMode(
  deps: FeedUseCaseDeps,
  actor: FeedActor,
  id: string,
  mode: FeedMode,
): Promise<Feed> {
  return change(deps, actor, id, `feed-mode-${mode}`, { mode });
}

/** Removes a feed, its schedule and what it remembered; its drafts stay with the desk. */
export async function removeFeed(deps: FeedUseCaseDeps, actor: FeedActor, id: string): Promise<Feed> {
  ownerOnly(actor);
  const feed = await deps.feeds.remove(id);
  if (!feed) throw new FeedError('not-found', id);
  await deps.schedule.remove(id);
  await audit(deps, actor, 'feed-remove', 'ok', `${id} ${feed.url}`);
  return feed;
}
