import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, type Middleware, webhookCallback } from 'grammy';
import type { Hono } from 'hono';
import { setDefaultCommands } from '../bot/commands.js';
import type { BotContext } from '../bot/context.js';
import { createBot } from '../bot/create-bot.js';
import type { Core } from '../core.js';
import { createSendPacers } from '../delivery/pacer.js';
import { replyBudget } from '../delivery/reply-budget.js';
import { apiRoutes } from '../http/api/briefings.js';
import type { ReadinessCheck } from '../http/readiness.js';
import { ingestApiDeps } from '../ingest/index.js';
import type { Metrics } from '../metrics/metrics.js';
import { createKeys } from '../store/keys.js';
import { createTelegramFetch } from '../telegram/http-client.js';
import { syncBriefingFiles } from '../usecases/content.js';
import { deskRoutes, deskWebDeps } from '../web/desk.js';
import { telegramPhotoUploader } from '../web/photo.js';
import { createInflight, type Shutdown } from './shutdown.js';
import { explainStartupError } from './startup-error.js';
import { apiSignal, type TelegramStatus, untilTelegramAnswers } from './telegram-reach.js';

/** Path of the Telegram webhook on the HTTP server; WEBHOOK_URL must reach it. */
export const WEBHOOK_PATH = '/telegram/webhook';

export interface BotRole {
  bot: Bot<BotContext>;
  /** Starts taking updates (long polling, or the webhook at Telegram); call once HTTP listens. */
  takeUpdates(): Promise<void>;
}

/**
 * The bot role: grammY on the core, HTTP routes for the webhook, a readiness check for polling. It
 * adds its shutdown steps (stop taking updates, let those in progress finish) to `shutdown`.
 */
export async function startBotRole(
  core: Core,
  env: {
    shutdown: Shutdown;
    metrics: Metrics;
    routes: Array<(app: Hono) => void>;
    readiness: ReadinessCheck[];
    telegram?: TelegramStatus;
    /** Aborted by a signal during start-up: waiting for Telegram ends. */
    signal?: AbortSignal | undefined;
  },
): Promise<BotRole> {
  const { config, logger } = core;
  if (!config.botToken) throw new Error('BOT_TOKEN is required to run the bot (ask @BotFather for one)');
  const inflight = createInflight();
  // Counts every update and keeps track of those still being handled, for shutdown.
  const first: Middleware<BotContext> = async (ctx, next) => {
    env.metrics.countUpdate(ctx.update);
    inflight.enter();
    try {
      await next();
    } finally {
      inflight.leave();
    }
  };
  const bot = createBot(
    config.botToken,
    {
      ...core,
      syncContent: () => syncBriefingFiles({ ...core, contentDir: config.contentDir }),
    },
    {
      apiRoot: config.telegramApiRoot,
      rateLimitRedis: core.redis,
      first,
      fetch: createTelegramFetch(),
      // Replies take their slot on the clock the broadcasts share, ahead of them (delivery/pacer.ts).
      sendBudget: replyBudget(
        createSendPacers({
          redis: core.redis,
          keys: createKeys(core.prefix),
          sendRate: config.sendRate,
          paidBroadcast: config.paidBroadcast,
        }).replies,
      ),
    },
  );
  const reach = {
    config,
    logger,
    ...(env.telegram ? { status: env.telegram } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
    explain: (err: unknown) => explainStartupError(err, config),
  };
  await untilTelegramAnswers('getMe', (signal) => bot.init(apiSignal(signal)), reach);
  core.setBotUsername(bot.botInfo.username);
  logger.info({ username: bot.botInfo.username, mode: config.botMode }, 'bot ready');
  await setDefaultCommands(bot.api, core);

  // The web desk, only with DESK_URL: without it /desk is the server's 404.
  if (config.deskUrl) {
    env.routes.push(deskRoutes(deskWebDeps(core, telegramPhotoUploader(bot.api))));
    logger.info({ url: `${config.deskUrl}/desk` }, 'web desk on');
  }
  // The CMS API (src/http/api/): drafts it makes are shown to the desk by this bot.
  env.routes.push(
    apiRoutes({
      ...ingestApiDeps(core, (chatId, text, markup) =>
        bot.api.sendMessage(chatId, text, { reply_markup: markup }),
      ),
      logger,
      onAnswer: (route, status) => env.metrics.countApi(route, status),
    }),
  );

  let runner: RunnerHandle | undefined;
  if (config.botMode === 'polling') {
    // Long polling that has stopped (another process polling with this token: 409) answers nobody.
    env.readiness.push({
      name: 'polling',
      run: async () => {
        if (runner && !runner.isRunning()) throw new Error('long polling stopped');
      },
    });
  } else {
    const handle = webhookCallback(bot, 'hono', {
      secretToken: config.webhookSecret,
      // An update still being handled after 10 s (Telegram slow or failing, retries, a chat's queue) is
      // answered 200 and finished in the background: an error answer would only make Telegram send it
      // again, and the repeat would be dropped as already taken.
      onTimeout: () => logger.warn('update still being handled after 10 s; answered Telegram, carrying on'),
    });
    env.routes.push((app) =>
      app.post(WEBHOOK_PATH, (c) =>
        // Stopping: Telegram keeps an update answered with an error and sends it again later.
        env.shutdown.stopping ? c.json({ ok: false, error: 'shutting down' }, 503) : handle(c),
      ),
    );
  }

  return {
    bot,
    async takeUpdates() {
      if (config.botMode === 'webhook') {
        await untilTelegramAnswers(
          'setWebhook',
          (signal) =>
            bot.api.setWebhook(
              config.webhookUrl as string,
              {
                secret_token: config.webhookSecret,
                allowed_updates: ['message', 'callback_query', 'my_chat_member'],
              },
              apiSignal(signal),
            ),
          reach,
        );
        logger.info('webhook set');
        // Webhook requests already taken finish before the rest shuts down (new ones get 503).
        env.shutdown.add({ name: 'updates', run: () => inflight.idle(), drain: true });
        return;
      }
      await untilTelegramAnswers(
        'deleteWebhook',
        (signal) => bot.api.deleteWebhook(undefined, apiSignal(signal)),
        reach,
      );
      const r = run(bot, {
        runner: {
          fetch: { allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] },
        },
      });
      runner = r;
      // Stopping the runner first means no new updates are taken while the rest shuts down; updates
      // already taken finish first.
      env.shutdown.add({
        name: 'polling',
        run: async () => {
          if (r.isRunning()) await r.stop();
          await inflight.idle();
        },
        drain: true,
      });
      logger.info('long polling started');
    },
  };
}
