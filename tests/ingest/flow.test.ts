import { DEFAULT_BOT_INFO } from '@chunav/bot-api-double';
import type { Bot } from 'grammy';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/create-bot.js';
import type { Core } from '../../src/core.js';
import { submitBriefing } from '../../src/ingest/api.js';
import { ingestApiDeps, ingestDesk } from '../../src/ingest/index.js';
import { pollFeed } from '../../src/ingest/poll.js';
import { startFeedPolls } from '../../src/ingest/polls.js';
import { addFeed, type FeedUseCaseDeps } from '../../src/usecases/feeds.js';
import { testCore } from '../helpers/core.js';
import { createDeliveryEnv, type DeliveryEnv, TOKEN } from '../helpers/delivery-env.js';
import { syncNothing } from '../helpers/desk-bot.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { type FeedServer, fixtureFeed, startFeedServer } from './feed-server.js';

/**
 * The whole way from a website to readers: a local feed site, the feed-poll job scheduler and worker
 * on real Redis, the desk's drafts, the editor's card and tap through the bot, and the delivery
 * workers sending to the Bot API double over HTTP.
 */
const OWNER = 9001;
const EDITOR = 9002;

let e: DeliveryEnv;
let core: Core;
let site: FeedServer;
let bot: Bot<BotContext>;
let connection: Redis;
let polls: { close(): Promise<void> } | undefined;
let hathrasReaders: number[];
let otherReaders: number[];

const send = (api: Api) => (chatId: number, text: string, markup: unknown) =>
  api.sendMessage(chatId, text, { reply_markup: markup as never });

beforeAll(async () => {
  e = await createDeliveryEnv({ rateLimit: null });
  core = testCore({
    redis: e.env.redis,
    prefix: e.env.prefix,
    catalog: e.core.catalog,
    env: {
      ADMIN_IDS: String(OWNER),
      TELEGRAM_API_ROOT: e.apiRoot,
      FEED_POLL: '10m',
      FEED_ALLOW_PRIVATE: 'true',
    },
  });
  await core.editors.add({ id: EDITOR, name: 'परीक्षण संपादक', addedBy: OWNER });
  hathrasReaders = await e.seedReaders('UP-16', 3, 7001);
  otherReaders = await e.seedReaders('UP-17', 2, 7101);
  await e.startWorkers(1);
  site = await startFeedServer({
    // At first only the old item; the हाथरस item appears once the feed has been read.
    '/rss': { kind: 'feed', body: () => fixtureFeed('rss-hindi.xml').replace(/<item>[\s\S]*?<\/item>/, '') },
    '/atom': { kind: 'feed', body: () => fixtureFeed('atom-hindi.xml'), type: 'application/atom+xml' },
  });
  bot = createBot(
    TOKEN,
    {
      ...core,
      syncContent: syncNothing,
    },
    {
      apiRoot: e.apiRoot,
      botInfo: DEFAULT_BOT_INFO,
    },
  );
  connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  polls = await startFeedPolls(core, { connection, send: send(new Api(TOKEN, { apiRoot: e.apiRoot })) });
});

afterAll(async () => {
  await polls?.close();
  connection?.disconnect();
  await site?.close();
  await core?.close();
  await e?.close();
});

const feedDeps = (): FeedUseCaseDeps => ({
  feeds: core.feeds,
  audit: core.audit,
  schedule: core.feedScheduler,
});
const cardsTo = (chatId: number) =>
  e.double.messages(chatId).filter((m) => JSON.stringify(m.reply_markup ?? {}).includes('"ks:'));
const briefingsTo = (ids: number[], words: string) =>
  ids.map((id) => e.double.messages(id).filter((m) => m.text?.includes(words)).length);

describe('from a website feed to readers', () => {
  it('when a new item names हाथरस, then the owner and the editor get one card each, and one tap sends it to Hathras readers once', async () => {
    const feed = await addFeed(feedDeps(), { id: String(OWNER), role: 'owner' }, { url: `${site.base}/rss` });
    // The job scheduler polls at once: the feed is read, its old item is not drafted.
    await waitFor(async () => (await core.feeds.state(feed.id)).lastOk !== undefined, {
      what: 'the first poll',
    });
    expect((await core.feeds.state(feed.id)).drafted).toBe(0);
    // A little later (RSS dates count whole seconds) the site publishes a new story; the next poll,
    // asked for at once here, finds it.
    await new Promise((r) => setTimeout(r, 1100));
    // Without its photo: the Bot API double records no sendPhoto (see the report of h-ingest).
    site.set('/rss', {
      kind: 'feed',
      body: () => fixtureFeed('rss-hindi.xml').replace(/<media:content[^>]*>/, ''),
    });
    await core.feedScheduler.queue.add('poll', { feedId: feed.id });
    await waitFor(() => cardsTo(OWNER).length === 1 && cardsTo(EDITOR).length === 1, {
      timeoutMs: 15_000,
      what: 'a draft card for the owner and the editor',
    });
    const card = cardsTo(EDITOR)[0];
    expect(card?.text).toContain('परीक्षण: हाथरस में मतदान केंद्रों की तैयारी');
    expect(card?.text).toContain('हाथरस');
    if (!card) throw new Error('no card');
    const buttons = (
      card.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }
    ).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['✅ अभी भेजें', '🗑 रद्द करें']));
    const sendNow = buttons.find((b) => b.callback_data.startsWith('ks:'))?.callback_data as string;

    // The editor taps [अभी भेजें] once.
    const tap = e.double.pushUpdate({
      type: 'callback',
      chat_id: EDITOR,
      message_id: card.message_id,
      data: sendNow,
    });
    await bot.handleUpdate(tap);
    const title = 'परीक्षण: हाथरस में मतदान केंद्रों की तैयारी';
    await waitFor(() => briefingsTo(hathrasReaders, title).every((n) => n === 1), {
      timeoutMs: 15_000,
      what: 'the briefing at every Hathras reader',
    });
    expect(briefingsTo(otherReaders, title)).toEqual([0, 0]);
    // The body reached readers clean: no script, no javascript: link.
    const got = e.double.messages(hathrasReaders[0]).find((m) => m.text?.includes(title));
    expect(got?.text).not.toMatch(/script|javascript|alert/);

    // A second tap (or the owner's tap on their own card) sends nothing more.
    await bot.handleUpdate(
      e.double.pushUpdate({
        type: 'callback',
        chat_id: OWNER,
        message_id: cardsTo(OWNER)[0]?.message_id ?? 0,
        data: sendNow,
      }),
    );
    // Polling again (the site ignores validators) finds nothing new: no second card.
    const again = await pollFeed(
      {
        feeds: core.feeds,
        desk: ingestDesk(core, send(new Api(TOKEN, { apiRoot: e.apiRoot }))),
        tag: core.tag,
        logger: core.logger,
        limits: {
          timeoutMs: 5000,
          maxBytes: 2_000_000,
          pollMs: 600_000,
          maxAgeMs: 86_400_000,
          allowPrivate: true,
        },
      },
      feed.id,
    );
    expect(again).toMatchObject({ kind: 'ok', drafted: 0, published: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsTo(EDITOR)).toHaveLength(1);
    expect(briefingsTo(hathrasReaders, title)).toEqual([1, 1, 1]);
    expect((await core.feeds.state(feed.id)).drafted).toBe(1);
  });

  it('when a trusted feed in auto mode has a confident item, then readers get it with no tap and editors get no card', async () => {
    const before = cardsTo(EDITOR).length;
    await addFeed(
      feedDeps(),
      { id: String(OWNER), role: 'owner' },
      { url: `${site.base}/atom`, mode: 'auto' },
    );
    const title = 'परीक्षण: हाथरस में नामांकन की काल्पनिक ख़बर';
    await waitFor(() => briefingsTo(hathrasReaders, title).every((n) => n === 1), {
      timeoutMs: 15_000,
      what: 'the auto-published briefing at every Hathras reader',
    });
    expect(briefingsTo(otherReaders, title)).toEqual([0, 0]);
    expect(cardsTo(EDITOR)).toHaveLength(before);
  });

  it('when the CMS sends the same story twice with seats and publish now, then readers get it once', async () => {
    const { record } = await core.apiTokens.create({
      name: 'परीक्षण',
      scope: 'publish',
      createdBy: String(OWNER),
    });
    const deps = ingestApiDeps(core, send(new Api(TOKEN, { apiRoot: e.apiRoot })));
    const body = {
      external_id: 'cms-flow-1',
      title: 'परीक्षण: मथुरा की सभा',
      body: '<p>यह परीक्षण की ख़बर है।</p>',
      seats: ['UP-17'],
      publish: 'now' as const,
    };
    const first = await submitBriefing(deps, record, body);
    const second = await submitBriefing(deps, record, body);
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, response: first.response });
    await waitFor(() => briefingsTo(otherReaders, 'परीक्षण: मथुरा की सभा').every((n) => n === 1), {
      timeoutMs: 15_000,
      what: 'the CMS story at Mathura readers',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(briefingsTo(otherReaders, 'परीक्षण: मथुरा की सभा')).toEqual([1, 1]);
    expect(briefingsTo(hathrasReaders, 'परीक्षण: मथुरा की सभा')).toEqual([0, 0, 0]);
  });
});
