/**
 * A feed's health as one line for people (the /feeds list, the web desk): paused, not read yet, fine
 * (when last read, what it made), or failing (since when, how often, why, next try). Locale keys
 * `feeds.health-*` and `feeds.problem-*`. Also each feed's health as figures for /metrics, which every
 * role serves: nothing here loads the feed parsers or the desk.
 */
import { formatBriefingTime } from '../briefings/format-time.js';
import type { Core } from '../core.js';
import { raw, type Translate } from '../i18n/index.js';
import type { Feed, FeedState } from '../store/feeds.js';
import { listFeeds } from '../usecases/feeds.js';

/** Why the last poll failed, in words. */
function problemText(t: Translate, state: FeedState): string {
  const status = state.status ?? '';
  if (status.startsWith('http-')) return t('feeds.problem-http', { status: status.slice(5) });
  const known = [
    'timeout',
    'too-large',
    'redirect-loop',
    'too-many-redirects',
    'network',
    'bad-url',
    'private-address',
    'not-a-feed',
    'malformed',
    'empty',
  ];
  return known.includes(status) ? t(`feeds.problem-${status}`) : t('feeds.problem-other');
}

/** The feed's health line: paused, not read yet, fine (when last read, what it made) or failing since when. */
export function feedHealthLine(t: Translate, feed: Feed, state: FeedState, tz: string): string {
  if (feed.status === 'paused') return t('feeds.health-paused');
  if (state.failures > 0 && state.failingSince !== undefined)
    return t('feeds.health-failing', {
      since: formatBriefingTime(state.failingSince, t, tz),
      failures: state.failures,
      problem: raw(problemText(t, state)),
      next: formatBriefingTime(state.nextAt ?? Date.now(), t, tz),
    });
  if (state.lastOk === undefined) return t('feeds.health-new');
  return t('feeds.health-ok', {
    at: formatBriefingTime(state.lastOk, t, tz),
    drafted: state.drafted,
    published: state.published,
  });
}

/** Each feed's health for /metrics. */
export function feedHealthSource(core: Pick<Core, 'feeds'>) {
  return {
    async feedHealth() {
      return (await listFeeds(core)).map(({ feed, state }) => ({
        id: feed.id,
        up: state.failures === 0,
        paused: feed.status === 'paused',
        failures: state.failures,
        lastOkMs: state.lastOk,
      }));
    },
  };
}
