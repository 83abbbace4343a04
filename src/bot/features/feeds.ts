import { Composer, InlineKeyboard } from 'grammy';
import { formatBriefingTime } from '../../briefings/format-time.js';
import { raw } from '../../i18n/index.js';
import { feedHealthLine } from '../../ingest/health.js';
import type { ApiToken } from '../../store/api-tokens.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import {
  addFeed,
  FeedError,
  type FeedUseCaseDeps,
  listFeeds,
  pauseFeed,
  removeFeed,
  resumeFeed,
  setFeedMode,
} from '../../usecases/feeds.js';
import type { BotContext } from '../context.js';
import { deskRole } from '../filters/is-admin.js';

/** Longest name shown on a button (Telegram cuts long labels; the list names the feed in full). */
const BUTTON_NAME_MAX = 24;
const FEED_ID = /^[a-z0-9]{8}$/;
const TOKEN_NAME = /^[\p{L}\p{M}\p{N} ._-]{1,40}$/u;

async function audit(ctx: BotContext, action: string, outcome: string, target?: string): Promise<void> {
  await ctx.deps.audit.record({
    who: String(ctx.from?.id ?? 'unknown'),
    action,
    outcome,
    ...(target ? { target } : {}),
  });
}

/** Refuses an owner-only action to anyone else: audited as denied, then passed on (unknown command). */
async function ownerOnly(ctx: BotContext, action: string): Promise<boolean> {
  if ((await deskRole(ctx)) === 'owner') return true;
  ctx.deps.logger.warn({ userId: ctx.from?.id, action }, 'non-owner tried an owner action');
  await audit(ctx, action, 'denied');
  return false;
}

function deps(ctx: BotContext): FeedUseCaseDeps {
  return { feeds: ctx.deps.feeds, audit: ctx.deps.audit, schedule: ctx.deps.feedScheduler };
}

function actor(ctx: BotContext) {
  return { id: String(ctx.from?.id ?? 'unknown'), role: 'owner' as const };
}

function short(text: string): string {
  return text.length > BUTTON_NAME_MAX ? `${text.slice(0, BUTTON_NAME_MAX - 1)}…` : text;
}

/** Feeds shown in one /feeds message: each takes about 400 characters of Telegram's 4,096. */
const FEEDS_SHOWN = 8;

async function showFeeds(ctx: BotContext, edit: boolean): Promise<void> {
  const all = await listFeeds(ctx.deps);
  // Failing feeds first (they need the owner), then the rest as added.
  const list = [...all]
    .sort((a, b) => Number(b.state.failures > 0) - Number(a.state.failures > 0))
    .slice(0, FEEDS_SHOWN);
  const tz = ctx.deps.config.digestTz;
  const lines = list.map(({ feed, state }, i) =>
    ctx.t('feeds.line', {
      n: i + 1,
      title: feed.title || ctx.t('feeds.untitled'),
      id: feed.id,
      url: feed.url,
      mode: ctx.t(feed.mode === 'auto' ? 'feeds.mode-auto' : 'feeds.mode-review'),
      minutes: Math.round((feed.pollMs ?? ctx.deps.config.feedPollMs) / 60_000),
      health: raw(feedHealthLine(ctx.t, feed, state, tz)),
    }),
  );
  const text = [
    ctx.t('feeds.title', { count: all.length }),
    list.length ? lines.join('\n\n') : ctx.t('feeds.none'),
    ...(all.length > list.length ? [ctx.t('feeds.more', { count: all.length - list.length })] : []),
    ctx.t('feeds.how-to-add'),
  ].join('\n\n');
  const kb = new InlineKeyboard();
  list.forEach(({ feed }, i) => {
    const n = String(i + 1);
    kb.text(
      ctx.t(feed.status === 'paused' ? 'feeds.resume-label' : 'feeds.pause-label', { n }),
      encodeCallback({ kind: 'feed', action: feed.status === 'paused' ? 'resume' : 'pause', id: feed.id }),
    )
      .text(
        ctx.t(feed.mode === 'auto' ? 'feeds.review-label' : 'feeds.auto-label', { n }),
        encodeCallback({ kind: 'feed', action: feed.mode === 'auto' ? 'review' : 'auto', id: feed.id }),
      )
      .text(ctx.t('feeds.remove-label', { n }), encodeCallback({ kind: 'feed', action: 'del', id: feed.id }))
      .row();
  });
  const opts = { reply_markup: kb, link_preview_options: { is_disabled: true } };
  if (edit) await ctx.editMessageText(text, opts);
  else await ctx.reply(text, opts);
}

async function showTokens(ctx: BotContext, edit: boolean): Promise<void> {
  const list = await ctx.deps.apiTokens.list();
  const tz = ctx.deps.config.digestTz;
  const line = (tok: ApiToken) =>
    tok.revokedAt
      ? ctx.t('tokens.line-revoked', {
          name: tok.name,
          id: tok.id,
          at: formatBriefingTime(tok.revokedAt, ctx.t, tz),
        })
      : ctx.t('tokens.line', {
          name: tok.name,
          id: tok.id,
          scope: ctx.t(tok.scope === 'publish' ? 'tokens.scope-publish' : 'tokens.scope-draft'),
          at: formatBriefingTime(tok.createdAt, ctx.t, tz),
        });
  const text = [
    ctx.t('tokens.title', { count: list.filter((x) => !x.revokedAt).length }),
    list.length ? list.map(line).join('\n') : ctx.t('tokens.none'),
    ctx.t('tokens.how-to'),
  ].join('\n\n');
  const kb = new InlineKeyboard();
  for (const tok of list.filter((x) => !x.revokedAt))
    kb.text(
      ctx.t('tokens.revoke-label', { name: short(tok.name) }),
      encodeCallback({ kind: 'apiToken', action: 'del', id: tok.id }),
    ).row();
  if (edit) await ctx.editMessageText(text, { reply_markup: kb });
  else await ctx.reply(text, { reply_markup: kb });
}

/** A poll interval as an owner writes it after the address: `10m`, `2h`, `1h30m`. */
const INTERVAL = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?$/i;

/** `/feeds add <url> [auto|review] [interval]`: adds a feed, review mode and FEED_POLL unless given. */
async function addFromCommand(ctx: BotContext, args: string[]): Promise<void> {
  const [url, ...rest] = args;
  let mode: 'auto' | 'review' = 'review';
  let pollMs: number | undefined;
  let bad = !url || rest.length > 2;
  for (const arg of rest) {
    const m = INTERVAL.exec(arg);
    if (arg === 'auto' || arg === 'review') mode = arg;
    else if (m && arg !== '' && (m[1] || m[2]))
      pollMs = (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
    else bad = true;
  }
  if (bad || !url) {
    await ctx.reply(ctx.t('feeds.add-bad-url'));
    return;
  }
  try {
    const feed = await addFeed(deps(ctx), actor(ctx), {
      url,
      mode,
      ...(pollMs !== undefined ? { pollMs } : {}),
    });
    await ctx.reply(ctx.t(feed.mode === 'auto' ? 'feeds.added-auto' : 'feeds.added', { id: feed.id }));
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    const key =
      err.code === 'duplicate'
        ? 'feeds.add-duplicate'
        : err.code === 'invalid-interval'
          ? 'feeds.add-bad-interval'
          : 'feeds.add-bad-url';
    await ctx.reply(ctx.t(key, { id: err.message }));
  }
}

/**
 * /feeds and /tokens, for owners: the newsroom's website feeds (list with each one's health, add, pause,
 * resume, auto or review, remove) and the CMS API's tokens (list, make one shown once, revoke). Anyone
 * else is audited as denied and passed on, so they get what an unknown command gets.
 */
export function feedsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('feeds', async (ctx, next) => {
    if (!(await ownerOnly(ctx, 'denied:/feeds'))) return next();
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (args[0] === 'add') return addFromCommand(ctx, args.slice(1));
    if (args.length) {
      await ctx.reply(ctx.t('feeds.add-bad-url'));
      return;
    }
    await showFeeds(ctx, false);
  });

  composer.command('tokens', async (ctx, next) => {
    if (!(await ownerOnly(ctx, 'denied:/tokens'))) return next();
    const m = /^new\s+(draft|publish)\s+(.+)$/s.exec(ctx.match.trim());
    if (ctx.match.trim() === '') {
      await showTokens(ctx, false);
      return;
    }
    const name = m?.[2]?.trim() ?? '';
    if (!m || !TOKEN_NAME.test(name)) {
      await ctx.reply(ctx.t('tokens.bad-input'));
      return;
    }
    const { token, record } = await ctx.deps.apiTokens.create({
      name,
      scope: m[1] === 'publish' ? 'publish' : 'draft',
      createdBy: String(ctx.from?.id),
    });
    await audit(ctx, 'api-token-create', record.scope, record.id);
    // The token is in this message only; Redis keeps its hash.
    await ctx.reply(ctx.t('tokens.created', { token, name: record.name }));
  });

  composer.use(
    onCallback('feed', async (ctx, data, next) => {
      if (!(await ownerOnly(ctx, 'denied:button:feed'))) return next();
      if (!FEED_ID.test(data.id)) {
        await ctx.answerCallbackQuery({ text: ctx.t('feeds.stale') });
        return;
      }
      const d = deps(ctx);
      try {
        switch (data.action) {
          case 'pause':
            await pauseFeed(d, actor(ctx), data.id);
            await ctx.answerCallbackQuery({ text: ctx.t('feeds.paused') });
            break;
          case 'resume':
            await resumeFeed(d, actor(ctx), data.id);
            await ctx.answerCallbackQuery({ text: ctx.t('feeds.resumed') });
            break;
          case 'auto':
          case 'review':
            await setFeedMode(d, actor(ctx), data.id, data.action);
            await ctx.answerCallbackQuery({ text: ctx.t(`feeds.mode-set-${data.action}`) });
            break;
          case 'del': {
            const feed = await ctx.deps.feeds.get(data.id);
            if (!feed) throw new FeedError('not-found', data.id);
            const kb = new InlineKeyboard()
              .text(
                ctx.t('feeds.button-confirm-remove'),
                encodeCallback({ kind: 'feed', action: 'rm', id: data.id }),
              )
              .text(ctx.t('feeds.button-no'), encodeCallback({ kind: 'feed', action: 'list', id: data.id }));
            await ctx.answerCallbackQuery();
            await ctx.editMessageText(ctx.t('feeds.remove-confirm', { title: feed.title || feed.url }), {
              reply_markup: kb,
              link_preview_options: { is_disabled: true },
            });
            return;
          }
          case 'rm':
            await removeFeed(d, actor(ctx), data.id);
            await ctx.answerCallbackQuery({ text: ctx.t('feeds.removed') });
            break;
          case 'list':
            await ctx.answerCallbackQuery();
            break;
          default:
            await ctx.answerCallbackQuery({ text: ctx.t('feeds.stale') });
            return;
        }
      } catch (err) {
        if (!(err instanceof FeedError)) throw err;
        await ctx.answerCallbackQuery({ text: ctx.t('feeds.stale') });
        return;
      }
      await showFeeds(ctx, true);
    }),
  );

  composer.use(
    onCallback('apiToken', async (ctx, data, next) => {
      if (!(await ownerOnly(ctx, 'denied:button:apiToken'))) return next();
      const tok = await ctx.deps.apiTokens.get(data.id);
      if (!tok || tok.revokedAt) {
        await ctx.answerCallbackQuery({ text: ctx.t('tokens.stale') });
        return;
      }
      switch (data.action) {
        case 'del': {
          const kb = new InlineKeyboard()
            .text(
              ctx.t('tokens.button-confirm-revoke'),
              encodeCallback({ kind: 'apiToken', action: 'rm', id: tok.id }),
            )
            .text(
              ctx.t('tokens.button-no'),
              encodeCallback({ kind: 'apiToken', action: 'list', id: tok.id }),
            );
          await ctx.answerCallbackQuery();
          await ctx.editMessageText(ctx.t('tokens.revoke-confirm', { name: tok.name }), { reply_markup: kb });
          return;
        }
        case 'rm':
          await ctx.deps.apiTokens.revoke(tok.id);
          await audit(ctx, 'api-token-revoke', 'ok', tok.id);
          await ctx.answerCallbackQuery({ text: ctx.t('tokens.revoked') });
          break;
        default:
          await ctx.answerCallbackQuery();
      }
      await showTokens(ctx, true);
    }),
  );
  return composer;
}
