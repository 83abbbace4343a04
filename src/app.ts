import { join } from 'node:path';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { Api, type Bot, GrammyError, webhookCallback } from 'grammy';
import type { Redis } from 'ioredis';
import { setDefaultCommands } from './bot/commands.js';
import type { BotContext, BotDeps } from './bot/context.js';
import { createBot } from './bot/create-bot.js';
import { syncContent } from './briefings/sync.js';
import { formatProblem } from './briefings/types.js';
import { loadCatalog } from './catalog/catalog.js';
import { createSearch } from './catalog/search.js';
import type { Config } from './config.js';
import { startProgressReporter } from './delivery/progress.js';
import { createQueues } from './delivery/queues.js';
import { isQuietTime } from './delivery/quiet-hours.js';
import { createDeliveryService } from './delivery/service.js';
import { createDeliveryWorkers } from './delivery/workers.js';
import { startDigest } from './digest/index.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createI18n, DEFAULT_LANG } from './i18n/index.js';
import type { Logger } from './logger.js';
import { createRedis } from './redis.js';
import { createAdminState } from './store/admin-state.js';
import { createAuditLog } from './store/audit.js';
import { createBriefingStore } from './store/briefings.js';
import { createDeliveryStore } from './store/deliveries.js';
import { createSubscriberStore } from './store/subscribers.js';

export type Role = 'all' | 'bot' | 'worker';
export const ROLES: readonly Role[] = ['all', 'bot', 'worker'];

/** Path of the Telegram webhook on the HTTP server; WEBHOOK_URL must reach it. */
export const WEBHOOK_PATH = '/telegram/webhook';

export interface App {
  /** Port the HTTP server listens on. */
  httpPort: number;
  bot: Bot<BotContext> | undefined;
  /** Stops everything in order; safe to call more than once. */
  stop(): Promise<void>;
}

/** Turns a failed getMe into a message that says how to fix it. */
function explainStartupError(err: unknown, config: Config): Error {
  if (err instanceof GrammyError && err.error_code === 401) {
    return new Error('Telegram rejected BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather');
  }
  if (err instanceof GrammyError && err.error_code === 404) {
    return new Error(
      `TELEGRAM_API_ROOT ${config.telegramApiRoot} answered 404 for getMe: is it a Bot API server?`,
    );
  }
  return new Error(`could not reach Telegram at ${config.telegramApiRoot}: ${(err as Error).message}`);
}

/**
 * The composition root: builds every component from config and starts the given role.
 * Nothing connects anywhere before this is called.
 */
export async function startApp(config: Config, role: Role, logger: Logger): Promise<App> {
  const cleanups: Array<{ name: string; run: () => Promise<unknown> | unknown }> = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // Every step runs even when an earlier one fails; the first call does the work, later ones wait on it.
    stopped ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step.run();
        } catch (err) {
          logger.warn({ err, step: step.name }, 'shutdown step failed');
        }
      }
      logger.info('stopped');
    })();
    return stopped;
  };

  try {
    const i18n = createI18n(config.localesDir);
    const catalog = loadCatalog(join(config.contentDir, 'catalogue'));
    const search = createSearch(catalog);

    const redis: Redis = createRedis(config.redisUrl, logger, { name: `${config.keyPrefix}-store` });
    cleanups.push({ name: 'redis', run: () => redis.quit() });
    await redis.ping();

    const defaultDigest = config.digestSlots[0] ?? 'off';
    const prefix = config.keyPrefix;
    const subscribers = createSubscriberStore({ redis, prefix, defaultDigest });
    const briefings = createBriefingStore({ redis, prefix });
    const deliveries = createDeliveryStore({ redis, prefix });
    const audit = createAuditLog({ redis, prefix });
    const adminState = createAdminState({ redis, prefix });
    const queues = createQueues(redis, prefix);
    cleanups.push({ name: 'queues', run: () => queues.close() });
    const delivery = createDeliveryService({ redis, prefix, catalog, deliveries, queues, logger });

    // Content files are the source of truth for briefings: take them in at every start (idempotent).
    const sync = async (): Promise<string> => {
      const report = await syncContent(join(config.contentDir, 'briefings'), { store: briefings, catalog });
      for (const p of report.problems) logger.warn({ problem: formatProblem(p) }, 'briefing file skipped');
      const summary = `${report.files} files: ${report.created.length} new, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.problems.length} problems`;
      logger.info(
        { created: report.created, updated: report.updated, problems: report.problems.length },
        'content synced',
      );
      return summary;
    };
    await sync();

    const routes: Array<(app: import('hono').Hono) => void> = [];
    let bot: Bot<BotContext> | undefined;
    let runner: RunnerHandle | undefined;

    if (role === 'all' || role === 'bot') {
      if (!config.botToken) throw new Error('BOT_TOKEN is required to run the bot (ask @BotFather for one)');
      const deps: BotDeps = {
        config,
        logger,
        catalog,
        search,
        i18n,
        subscribers,
        briefings,
        deliveries,
        delivery,
        adminState,
        audit,
        syncContent: sync,
      };
      bot = createBot(config.botToken, deps, { apiRoot: config.telegramApiRoot, rateLimitRedis: redis });
      try {
        await bot.init();
      } catch (err) {
        throw explainStartupError(err, config);
      }
      logger.info({ username: bot.botInfo.username, mode: config.botMode }, 'bot ready');
      await setDefaultCommands(bot.api, deps);
      if (config.botMode === 'webhook') {
        const handle = webhookCallback(bot, 'hono', { secretToken: config.webhookSecret });
        routes.push((app) => app.post(WEBHOOK_PATH, handle));
      }
    }

    if (role === 'all' || role === 'worker') {
      if (!config.botToken)
        throw new Error('BOT_TOKEN is required to deliver messages (ask @BotFather for one)');
      // Deliveries talk to Telegram without auto-retry: the queue owns retries and the 429 pause.
      const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 30 });
      let username = bot?.botInfo.username;
      if (!username) {
        try {
          username = (await api.getMe()).username;
        } catch (err) {
          throw explainStartupError(err, config);
        }
      }
      const botUsername = username;
      const connection = createRedis(config.redisUrl, logger, { name: `${prefix}-worker`, blocking: true });
      cleanups.push({ name: 'worker redis', run: () => connection.quit() });
      const workers = createDeliveryWorkers({
        connection,
        redis,
        keyPrefix: prefix,
        api,
        catalog,
        deliveries,
        subscribers,
        render: {
          briefings,
          i18n,
          botUsername: () => botUsername,
          digest: { redis, prefix, tz: config.digestTz },
        },
        queues,
        logger,
        sendRate: config.sendRate,
        paidBroadcast: config.paidBroadcast,
        quietNow: () => isQuietTime(Date.now(), config.digestTz, config.quietStart, config.quietEnd),
      });
      cleanups.push({ name: 'workers', run: () => workers.close() });
      const reporter = startProgressReporter({
        api,
        redis,
        prefix,
        deliveries,
        i18n,
        langOf: async (chatId) => (await subscribers.getChat(chatId))?.lang ?? DEFAULT_LANG,
        logger,
        rate: config.sendRate,
      });
      cleanups.push({ name: 'progress', run: () => reporter.stop() });
      const digest = await startDigest({
        connection,
        redis,
        keyPrefix: prefix,
        slots: config.digestSlots,
        tz: config.digestTz,
        catchUpMs: config.digestCatchupMs,
        delivery,
        deliveries,
        queues,
        logger,
      });
      cleanups.push({ name: 'digest', run: () => digest.close() });
    }

    const http: HttpServer = createHttpServer({ logger, routes });
    const httpPort = await http.listen(config.httpPort, config.httpHost);
    cleanups.push({ name: 'http', run: () => http.close() });
    logger.info({ port: httpPort, role }, 'http listening');

    if (bot) {
      const b = bot;
      if (config.botMode === 'webhook') {
        await b.api.setWebhook(config.webhookUrl as string, {
          secret_token: config.webhookSecret,
          allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        });
        logger.info('webhook set');
      } else {
        await b.api.deleteWebhook();
        runner = run(b, {
          runner: {
            fetch: { allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] },
          },
        });
        const r = runner;
        // Stopping the runner first means no new updates are taken while the rest shuts down.
        cleanups.push({ name: 'polling', run: () => (r.isRunning() ? r.stop() : undefined) });
        logger.info('long polling started');
      }
    }

    return { httpPort, bot, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
