import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import {
  type ApiClientOptions,
  Bot,
  type BotConfig,
  BotError,
  GrammyError,
  HttpError,
  type Middleware,
  type Transformer,
} from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Redis } from 'ioredis';
import { DEFAULT_LANG, isLang } from '../i18n/index.js';
import { createFloodCounter, createMemoryFloodCounter } from '../store/flood.js';
import { htmlByDefault } from '../telegram/html-by-default.js';
import type { BotContext, BotDeps } from './context.js';
import { dedupeUpdates } from './dedupe.js';
import { adminFeature } from './features/admin/index.js';
import { deskFeature } from './features/desk/index.js';
import { digestFeature } from './features/digest.js';
import { fallbackFeature } from './features/fallback.js';
import { helpFeature } from './features/help.js';
import { languageFeature } from './features/language.js';
import { latestFeature } from './features/latest.js';
import { memberStatusFeature } from './features/member-status.js';
import { myDataFeature } from './features/my-data.js';
import { mySubscriptionsFeature } from './features/my-subscriptions.js';
import { searchTextFeature } from './features/search-text.js';
import { startFeature } from './features/start.js';
import { stopFeature } from './features/stop.js';
import { subscribeFeature } from './features/subscribe.js';
import { floodLimit } from './flood-limit.js';

export interface CreateBotOptions {
  /** Bot API root (the official API, or a local double). */
  apiRoot: string;
  /** Skip getMe at start (tests). */
  botInfo?: UserFromGetMe;
  /**
   * Shared Redis for the flood limit and for dropping repeated update ids, so several bot processes
   * count together; when absent the flood limit is in memory and updates are not de-duplicated.
   */
  rateLimitRedis?: Redis;
  /** Runs before anything else for every update (the program counts updates and tracks in-flight ones). */
  first?: Middleware<BotContext>;
  /**
   * Stands in for the network (offline tests): installed as the innermost API transformer, so it sees
   * each call exactly as Telegram would, after the bot's own transformers (HTML by default, retries).
   */
  transport?: Transformer;
  /** The Bot API HTTP client (`client.fetch`; the program's keep-alive undici client). */
  fetch?: ApiClientOptions['fetch'];
  /** Paces every message the bot sends on the shared clock (delivery/reply-budget.ts); innermost. */
  sendBudget?: Transformer;
}

/** Updates one user may send per {@link FLOOD_WINDOW_MS} before the rest are dropped. */
export const FLOOD_LIMIT = 20;
export const FLOOD_WINDOW_MS = 10_000;

/** Telegram says an edit changed nothing: harmless (a double tap on the same button). */
function isNotModified(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    err.error_code === 400 &&
    err.description.includes('message is not modified')
  );
}

/**
 * Builds the bot with every feature installed. Nothing here talks to the network until the bot is
 * started (or `init()` is called without `botInfo`).
 */
export function createBot(token: string, deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const config: BotConfig<BotContext> = {
    client: { apiRoot: options.apiRoot, ...(options.fetch ? { fetch: options.fetch } : {}) },
  };
  if (options.botInfo) config.botInfo = options.botInfo;
  const bot = new Bot<BotContext>(token, config);

  // grammY runs the transformer installed last first, so the stand-in for the network goes in first.
  if (options.transport) bot.api.config.use(options.transport);
  if (options.sendBudget) bot.api.config.use(options.sendBudget);
  // Every text and caption of ours is Telegram HTML unless a call says otherwise (an admin's own entities).
  bot.api.config.use(htmlByDefault);
  // Interactive replies retry a 429 or a 5xx briefly; deliveries do their own retrying in BullMQ. Network
  // errors are not retried: auto-retry would retry them without limit (doubling up to an hour), so with
  // Telegram unreachable every handler, and the chat's next updates behind it, would hang.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));

  // Before anything can drop an update, so that metrics count what Telegram sent.
  if (options.first) bot.use(options.first);

  const onError = async (err: BotError<BotContext>): Promise<void> => {
    const { ctx, error } = err;
    if (isNotModified(error)) return;
    const level = error instanceof GrammyError || error instanceof HttpError ? 'warn' : 'error';
    deps.logger[level]({ err: error, updateId: ctx.update.update_id }, 'update failed');
    if (ctx.chat?.type === 'private' && ctx.t && !(error instanceof HttpError)) {
      await ctx.reply(ctx.t('errors.generic')).catch(() => undefined);
    }
  };
  // grammY hands errors to bot.catch only when polling; a webhook's handleUpdate rethrows them, which
  // would answer Telegram 500 (a redelivery) and log the whole context. So errors stop here in both modes.
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      await onError(new BotError(error, ctx));
    }
  });

  // The flood limit per user comes before anything reads, writes or answers on a user's behalf: an
  // abusive user costs one counter, not a dedupe record per update or a reply that spends the send budget.
  bot.use(
    floodLimit<BotContext>({
      counter: options.rateLimitRedis
        ? createFloodCounter({ redis: options.rateLimitRedis, prefix: deps.config.keyPrefix })
        : createMemoryFloodCounter(),
      limit: FLOOD_LIMIT,
      windowMs: FLOOD_WINDOW_MS,
      logger: deps.logger,
      onLimited: async (ctx) => {
        if (ctx.chat?.type !== 'private') return;
        const stored = await deps.subscribers.getChat(ctx.chat.id).catch(() => undefined);
        const t = deps.i18n.forLang(stored && isLang(stored.lang) ? stored.lang : DEFAULT_LANG);
        await ctx.reply(t('flood.too-fast')).catch(() => undefined);
      },
    }),
  );

  // Repeated update ids (Telegram redelivers a webhook update after a slow or failed answer).
  if (options.rateLimitRedis) {
    bot.use(
      dedupeUpdates({ redis: options.rateLimitRedis, prefix: deps.config.keyPrefix, logger: deps.logger }),
    );
  }

  // 0. One update at a time per chat (runner and webhook both deliver concurrently), so two quick taps
  // on the same keyboard cannot interleave their reads and writes.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));

  // 1. Updates nobody should answer: edits of old messages and channel posts.
  bot.drop((ctx) => Boolean(ctx.editedMessage || ctx.channelPost || ctx.editedChannelPost));

  // 2. Dependencies and the chat's language, for every update that gets this far.
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    let lang = DEFAULT_LANG;
    if (ctx.chat?.type === 'private') {
      const stored = await deps.subscribers.getChat(ctx.chat.id);
      if (stored && isLang(stored.lang)) lang = stored.lang;
    }
    ctx.lang = lang;
    ctx.t = deps.i18n.forLang(lang);
    await next();
  });

  // 4. Features, most specific first. Each passes updates it does not own to the next.
  bot.use(memberStatusFeature());
  bot.use(startFeature());
  bot.use(subscribeFeature());
  bot.use(mySubscriptionsFeature());
  bot.use(latestFeature());
  bot.use(digestFeature());
  bot.use(languageFeature());
  bot.use(helpFeature());
  bot.use(myDataFeature());
  bot.use(stopFeature());
  // Admin commands and the admin's pending input, before plain text is read as a search.
  bot.use(adminFeature());
  // The newsroom desk (/new, /drafts, /edit, /withdraw, draft cards): owners and editors only.
  bot.use(deskFeature());
  // Plain text as a search comes after every command handler.
  bot.use(searchTextFeature());
  // 5. The catch-all, last.
  bot.use(fallbackFeature());

  bot.catch(onError);

  return bot;
}
