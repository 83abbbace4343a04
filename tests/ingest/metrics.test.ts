import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedHealthSource } from '../../src/ingest/health.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createFeedStore, type Feed, type FeedStore } from '../../src/store/feeds.js';
import { metricSample } from '../helpers/metrics.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let env: TestRedis;
let feeds: FeedStore;
beforeEach(async () => {
  env = await createTestRedis('feedmetrics');
  feeds = createFeedStore({ redis: env.redis, prefix: env.prefix, now: () => 1_800_000_000_000 });
});
afterEach(async () => env.cleanup());

const feed = (id: string, status: Feed['status'] = 'active'): Feed => ({
  id,
  url: `https://news.example.test/${id}`,
  title: '',
  mode: 'review',
  status,
  addedBy: '1',
  addedAt: 0,
});

describe('feed metrics', () => {
  it('when one feed reads fine, one fails and one is paused, then /metrics has a health line for each active one', async () => {
    await feeds.add(feed('fineaaaa'));
    await feeds.add(feed('failbbbb'));
    await feeds.add(feed('pauseccc', 'paused'));
    await feeds.pollSucceeded('fineaaaa', { status: 'ok', items: 3 });
    await feeds.pollFailed('failbbbb', { status: 'http-500', baseMs: 120_000, maxMs: 3600_000 });
    await feeds.pollFailed('failbbbb', { status: 'timeout', baseMs: 120_000, maxMs: 3600_000 });
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.watchFeeds(feedHealthSource({ feeds }));
    metrics.countFeedPoll('http-500');
    metrics.countFeedItems('drafted', 2);
    metrics.countApi('post-briefing', 401);
    const text = await metrics.render();
    expect(metricSample(text, 'chunav_feed_up', { feed: 'fineaaaa' })).toBe(1);
    expect(metricSample(text, 'chunav_feed_up', { feed: 'failbbbb' })).toBe(0);
    expect(metricSample(text, 'chunav_feed_up', { feed: 'pauseccc' })).toBeUndefined();
    expect(metricSample(text, 'chunav_feed_failures', { feed: 'failbbbb' })).toBe(2);
    expect(metricSample(text, 'chunav_feed_last_ok_seconds', { feed: 'fineaaaa' })).toBe(1_800_000_000);
    expect(metricSample(text, 'chunav_feed_polls_total', { outcome: 'http-500' })).toBe(1);
    expect(metricSample(text, 'chunav_feed_items_total', { result: 'drafted' })).toBe(2);
    expect(metricSample(text, 'chunav_api_requests_total', { route: 'post-briefing', status: '401' })).toBe(
      1,
    );
    expect(metricSample(text, 'chunav_scrape_collector_ok', { collector: 'feeds' })).toBe(1);
  });
});
