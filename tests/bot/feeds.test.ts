import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_ID, createDeskHarness, type Harness } from '../helpers/bot-harness.js';

/** /feeds and /tokens on the offline bot (real Redis, every Bot API call recorded). */

let h: Harness;
beforeEach(async () => {
  h = await createDeskHarness(EDITOR);
});
afterEach(async () => {
  await h.close();
});

const EDITOR = 620001;
const READER = 620002;

const last = (chatId: number) => h.texts(chatId).at(-1) ?? '';

/** Every string value under the test's prefix (hashes, strings, sets, lists). */
async function everyValue(): Promise<string> {
  const { redis, prefix } = h.env;
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
    }
  } while (cursor !== '0');
  return out.join('\n');
}

describe('/feeds', () => {
  it('when an owner adds a feed, then it is listed with its health and can be paused, resumed, made automatic and removed', async () => {
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/rss');
    expect(last(ADMIN_ID)).toContain('फीड जुड़ गई');
    const [feed] = await h.deps.feeds.list();
    expect(feed).toMatchObject({ url: 'https://news.example.test/rss', mode: 'review', status: 'active' });
    // Its poll is scheduled (a job scheduler per feed).
    const schedulers = await h.deps.feedScheduler.queue.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key)).toEqual([`feed-${feed?.id}`]);

    await h.message(ADMIN_ID, '/feeds');
    expect(last(ADMIN_ID)).toContain('⏳ अभी पढ़ी नहीं गई');
    expect(last(ADMIN_ID)).toContain('हर खबर संपादक की मंजूरी से जाती है');

    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '⏸ रोकें'));
    expect((await h.deps.feeds.get(feed?.id ?? ''))?.status).toBe('paused');
    expect(await h.deps.feedScheduler.queue.getJobSchedulers(0, -1)).toEqual([]);
    expect(last(ADMIN_ID)).toContain('⏸ रुकी हुई है');

    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '▶ चालू करें'));
    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '⚡ अपने आप'));
    expect(await h.deps.feeds.get(feed?.id ?? '')).toMatchObject({ status: 'active', mode: 'auto' });

    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '✖ हटाएं'));
    expect(last(ADMIN_ID)).toContain('हटाएं?');
    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '✅ हां, हटाएं'));
    expect(await h.deps.feeds.list()).toEqual([]);
    expect(await h.deps.feedScheduler.queue.getJobSchedulers(0, -1)).toEqual([]);
    const actions = (await h.deps.audit.recent(20)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['feed-add', 'feed-pause', 'feed-resume', 'feed-mode-auto', 'feed-remove']),
    );
  });

  it('when a feed is failing, then the list says since when, why, and when it tries next', async () => {
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/broken auto');
    const [feed] = await h.deps.feeds.list();
    const id = feed?.id ?? '';
    await h.deps.feeds.pollFailed(id, {
      status: 'http-500',
      httpStatus: 500,
      baseMs: 120_000,
      maxMs: 3600_000,
    });
    await h.deps.feeds.pollFailed(id, {
      status: 'http-500',
      httpStatus: 500,
      baseMs: 120_000,
      maxMs: 3600_000,
    });
    await h.message(ADMIN_ID, '/feeds');
    const text = last(ADMIN_ID);
    expect(text).toMatch(/⚠️ .* से नहीं पढ़ी जा सकी \(2 बार\): साइट ने त्रुटि <code>500<\/code> लौटाई। अगली कोशिश/);
    expect(text).toContain('पक्की सीट वाली खबरें अपने आप जाती हैं');
  });

  it('when there are more feeds than one message holds, then the failing ones come first and the rest are counted', async () => {
    for (let i = 1; i <= 12; i++) await h.message(ADMIN_ID, `/feeds add https://news.example.test/rss-${i}`);
    const feeds = await h.deps.feeds.list();
    const failing = feeds.at(-1);
    await h.deps.feeds.pollFailed(failing?.id ?? '', { status: 'timeout', baseMs: 120_000, maxMs: 3600_000 });
    h.clear();
    await h.message(ADMIN_ID, '/feeds');
    const text = last(ADMIN_ID);
    expect(text.length).toBeLessThan(4096);
    expect(text).toContain('4 और फीड इस सूची में नहीं दिखाई गईं');
    expect(text.indexOf(failing?.id ?? '?')).toBeGreaterThan(0);
    expect(text.indexOf(failing?.id ?? '?')).toBeLessThan(text.indexOf(feeds[0]?.id ?? '?'));
  });

  it('when an owner gives an interval, then the feed is polled at it and the list says so; a wrong one is refused', async () => {
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/slow auto 15m');
    const [feed] = await h.deps.feeds.list();
    expect(feed).toMatchObject({ mode: 'auto', pollMs: 900_000 });
    const [scheduler] = await h.deps.feedScheduler.queue.getJobSchedulers(0, -1);
    expect(Number(scheduler?.every)).toBe(900_000);
    await h.message(ADMIN_ID, '/feeds');
    expect(last(ADMIN_ID)).toContain('हर 15 मिनट में पढ़ी जाती है');
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/fast 0m');
    expect(last(ADMIN_ID)).toContain('1 मिनट से 24 घंटे');
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/fast 99h');
    expect(last(ADMIN_ID)).toContain('1 मिनट से 24 घंटे');
    expect(await h.deps.feeds.list()).toHaveLength(1);
  });

  it('when the address is not a feed address or is added twice, then the reply says so and nothing is added twice', async () => {
    await h.message(ADMIN_ID, '/feeds add javascript:alert(1)');
    expect(last(ADMIN_ID)).toContain('यह फीड का पता नहीं लगता');
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/rss');
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/rss#top');
    expect(last(ADMIN_ID)).toContain('पहले से जुड़ी है');
    expect(await h.deps.feeds.list()).toHaveLength(1);
  });

  it('when an editor or a reader sends /feeds or presses a feed button, then nothing changes', async () => {
    await h.message(ADMIN_ID, '/feeds add https://news.example.test/rss');
    await h.message(ADMIN_ID, '/feeds');
    const pause = h.button(ADMIN_ID, '⏸ रोकें');
    for (const who of [EDITOR, READER]) {
      h.clear();
      await h.message(who, '/feeds add https://evil.example.test/rss');
      await h.callback(who, pause);
      expect(h.texts(who).join('\n')).not.toContain('फीड जुड़ गई');
    }
    expect(await h.deps.feeds.list()).toHaveLength(1);
    expect((await h.deps.feeds.list())[0]?.status).toBe('active');
  });
});

describe('/tokens', () => {
  it('when an owner makes a token, then it is shown once and Redis keeps only its hash; revoking it stops it', async () => {
    await h.message(ADMIN_ID, '/tokens new publish वेबसाइट');
    const shown = /<code>(cbt_[A-Za-z0-9_-]+)<\/code>/.exec(last(ADMIN_ID))?.[1];
    expect(shown).toBeDefined();
    const token = shown as string;
    expect(await h.deps.apiTokens.verify(token)).toMatchObject({ name: 'वेबसाइट', scope: 'publish' });
    expect(token.slice(13).length).toBeGreaterThan(30);
    expect(await everyValue()).not.toContain(token.slice(13));

    h.clear();
    await h.message(ADMIN_ID, '/tokens');
    expect(last(ADMIN_ID)).toContain('वेबसाइट');
    expect(last(ADMIN_ID)).not.toContain(token);
    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '✖ रद्द करें'));
    await h.callback(ADMIN_ID, h.button(ADMIN_ID, '✅ हां, रद्द करें'));
    expect(await h.deps.apiTokens.verify(token)).toBeUndefined();
    expect(last(ADMIN_ID)).toContain('<s>वेबसाइट</s>');
  });

  it('when the command is malformed, or not from an owner, then no token is made', async () => {
    await h.message(ADMIN_ID, '/tokens new admin सब');
    expect(last(ADMIN_ID)).toContain('ऐसे लिखिए');
    await h.message(EDITOR, '/tokens new publish चोरी');
    expect(h.texts(EDITOR).join('\n')).not.toContain('cbt_');
    expect(await h.deps.apiTokens.list()).toEqual([]);
  });
});
