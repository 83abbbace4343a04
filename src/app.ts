import { join } from 'node:path';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { Queue } from 'bullmq';
import { Api, type Bot, GrammyError, type Middleware, webhookCallback } from 'grammy';
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
import { bullPrefix, createQueues } from './delivery/queues.js';
import { isQuietTime } from './delivery/quiet-hours.js';
import { createDeliveryService } from './delivery/service.js';
import { createDeliveryWorkers } from './delivery/workers.js';
import { DIGEST_QUEUE, type DigestJob, startDigest } from './digest/index.js';
import { slotOfSchedulerId } from './digest/slots.js';
import { connectionCheck, queuesCheck, type ReadinessCheck, redisCheck } from './http/readiness.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createI18n, DEFAULT_LANG } from './i18n/index.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { createRedis } from './redis.js';
import { createAdminState } from './store/admin-state.js';
import { createAuditLog } from './store/audit.js';
import { createBriefingStore } from './store/briefings.js';
import { createDeliveryStore } from './store/deliveries.js';
import { createSubscriberStore } from './store/subscribers.js';
import { settledWithin } from './util/timeout.js';

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

/**
 * A shutdown step. `drain` steps (updates, jobs) share the SHUTDOWN_TIMEOUT budget; the others close
 * connections and get {@link CLOSE_STEP_MS} each. A step still running when its time is up is left
 * behind (after `force`, if any) so that the process can exit.
 */
interface Cleanup {
  name: string;
  run: () => Promise<unknown> | unknown;
  drain?: boolean;
  force?: () => unknown;
}

/** Time given to each closing (non-drain) step, and to a drain step once the shared budget is spent. */
const CLOSE_STEP_MS = 2000;
const MIN_DRAIN_STEP_MS = 250;

/** Counts updates being handled, so that shutdown can wait for them. */
function createInflight() {
  let count = 0;
  let idle: Array<() => void> = [];
  return {
    get count() {
      return count;
    },
    enter() {
      count++;
    },
    leave() {
      count--;
      if (count === 0) {
        for (const wake of idle) wake();
        idle = [];
      }
    },
    /** Resolves once nothing is in flight. */
    idle(): Promise<void> {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
  };
}

/** A queue's error listener: BullMQ repeats a connection error at every reconnect; one line per 10 s. */
function throttledQueueError(logger: Logger, queue: string): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    logger.warn({ err: { message: err.message }, queue }, 'queue error');
  };
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
  const cleanups: Cleanup[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // Every step runs even when an earlier one fails or overruns; the first call does the work, later
    // ones wait on it. Steps run in reverse order of creation: updates stop first, Redis closes last.
    stopped ??= (async () => {
      stopping = true;
      const deadline = Date.now() + config.shutdownTimeoutMs;
      for (const step of cleanups.reverse()) {
        const budget = step.drain ? Math.max(deadline - Date.now(), MIN_DRAIN_STEP_MS) : CLOSE_STEP_MS;
        const work = (async () => step.run())();
        work.catch((err) => logger.warn({ err, step: step.name }, 'shutdown step failed'));
        if (await settledWithin(work, budget)) continue;
        logger.warn(
          { step: step.name, waitedMs: budget },
          step.drain
            ? 'shutdown: still busy at SHUTDOWN_TIMEOUT, closing anyway (unfinished jobs are retried later)'
            : 'shutdown: step did not finish in time, closing anyway',
        );
        try {
          step.force?.();
        } catch (err) {
          logger.warn({ err, step: step.name }, 'shutdown: forcing a step failed');
        }
      }
      logger.info('stopped');
    })();
    return stopped;
  };

  try {
    const i18n = createI18n(config.localesDir);
    const catalog = loadCatalog(join(config.contentDir, 'catalogue'));

    const redis: Redis = createRedis(config.redisUrl, logger, { name: `${config.keyPrefix}-store` });
    const metrics = createMetrics({ role, connected: () => redis.status === 'ready' });
    cleanups.push({ name: 'redis', run: () => redis.quit(), force: () => redis.disconnect() });
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
    for (const q of [queues.fanout, queues.send]) q.on('error', throttledQueueError(logger, q.name));
    // Closed after the workers and updates have drained, so that /readyz says 503 and /metrics
    // answers meanwhile.
    let http: HttpServer | undefined;
    cleanups.push({ name: 'http', run: () => http?.close() });
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
    const readiness: ReadinessCheck[] = [redisCheck(redis)];
    let bot: Bot<BotContext> | undefined;
    let runner: RunnerHandle | undefined;
    const updatesInFlight = createInflight();
    let digestQueue: Queue<DigestJob> | undefined;

    if (role === 'all' || role === 'bot') {
      if (!config.botToken) throw new Error('BOT_TOKEN is required to run the bot (ask @BotFather for one)');
      const deps: BotDeps = {
        config,
        logger,
        catalog,
        // The search index is the bot's alone (workers resolve seats by code).
        search: createSearch(catalog),
        i18n,
        subscribers,
        briefings,
        deliveries,
        delivery,
        adminState,
        audit,
        syncContent: sync,
      };
      // Counts every update and keeps track of those still being handled, for shutdown.
      const first: Middleware<BotContext> = async (ctx, next) => {
        metrics.countUpdate(ctx.update);
        updatesInFlight.enter();
        try {
          await next();
        } finally {
          updatesInFlight.leave();
        }
      };
      bot = createBot(config.botToken, deps, {
        apiRoot: config.telegramApiRoot,
        rateLimitRedis: redis,
        first,
      });
      try {
        await bot.init();
      } catch (err) {
        throw explainStartupError(err, config);
      }
      logger.info({ username: bot.botInfo.username, mode: config.botMode }, 'bot ready');
      await setDefaultCommands(bot.api, deps);
      if (config.botMode === 'polling') {
        // Long polling that has stopped (another process polling with this token: 409) answers nobody.
        readiness.push({
          name: 'polling',
          run: async () => {
            if (runner && !runner.isRunning()) throw new Error('long polling stopped');
          },
        });
      }
      if (config.botMode === 'webhook') {
        const handle = webhookCallback(bot, 'hono', {
          secretToken: config.webhookSecret,
          // An update still being handled after 10 s (Telegram slow or failing, retries, a chat's
          // queue) is answered 200 and finished in the background: an error answer would only make
          // Telegram send it again, and the repeat would be dropped as already taken.
          onTimeout: () =>
            logger.warn('update still being handled after 10 s; answered Telegram, carrying on'),
        });
        routes.push((app) =>
          app.post(WEBHOOK_PATH, (c) =>
            // Stopping: Telegram keeps an update answered with an error and sends it again later.
            stopping ? c.json({ ok: false, error: 'shutting down' }, 503) : handle(c),
          ),
        );
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
      cleanups.push({
        name: 'worker redis',
        run: () => connection.quit(),
        force: () => connection.disconnect(),
      });
      readiness.push(connectionCheck('worker-redis', connection));
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
        onOutcome: (outcome) => metrics.countSend(outcome),
      });
      // Closing waits for in-flight sends, at most until SHUTDOWN_TIMEOUT. A send cut off then stays
      // active in Redis until its lock expires; another worker (or this one after a restart) runs it
      // again, and the send record keeps a message already sent from going out twice.
      cleanups.push({ name: 'workers', run: () => workers.close(), drain: true });
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
      cleanups.push({ name: 'progress', run: () => reporter.stop(), drain: true });
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
      cleanups.push({ name: 'digest', run: () => digest.close(), drain: true });
      digestQueue = digest.queue;
      const slotOf = (job: { data: DigestJob; repeatJobKey?: string } | undefined): string =>
        job?.data.slot ?? slotOfSchedulerId(job?.repeatJobKey ?? '') ?? 'unknown';
      digest.worker.on('completed', (job, kind) => metrics.countDigestRun(slotOf(job), kind));
      digest.worker.on('failed', (job) => metrics.countDigestRun(slotOf(job), 'failed'));
    }

    // The digest queue is shown and counted by every role: a bot-only process opens a producer on it.
    if (!digestQueue) {
      const q = new Queue<DigestJob>(DIGEST_QUEUE, { connection: redis, prefix: bullPrefix(prefix) });
      q.on('error', throttledQueueError(logger, DIGEST_QUEUE));
      cleanups.push({ name: 'digest queue', run: () => q.close() });
      digestQueue = q;
    }
    const allQueues = [queues.fanout, queues.send, digestQueue] as const;
    readiness.push(queuesCheck(redis, allQueues));
    metrics.watchQueues(allQueues);
    metrics.watchSubscribers(subscribers);
    if (config.adminHttpToken) {
      // Loaded only when wanted: the dashboard's modules cost a worker ~15 MB it would never use.
      const { ADMIN_QUEUES_PATH, adminQueuesRoute } = await import('./http/admin-queues.js');
      routes.push(adminQueuesRoute({ token: config.adminHttpToken, queues: allQueues }));
      logger.info({ path: ADMIN_QUEUES_PATH }, 'queue dashboard on');
    }

    http = createHttpServer({
      logger,
      routes,
      readiness,
      metrics,
      isStopping: () => stopping,
    });
    const httpPort = await http.listen(config.httpPort, config.httpHost);
    logger.info({ port: httpPort, role }, 'http listening');

    if (bot) {
      const b = bot;
      if (config.botMode === 'webhook') {
        await b.api.setWebhook(config.webhookUrl as string, {
          secret_token: config.webhookSecret,
          allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        });
        logger.info('webhook set');
        // Webhook requests already taken finish before the rest shuts down (new ones get 503).
        cleanups.push({ name: 'updates', run: () => updatesInFlight.idle(), drain: true });
      } else {
        await b.api.deleteWebhook();
        runner = run(b, {
          runner: {
            fetch: { allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] },
          },
        });
        const r = runner;
        // Stopping the runner first means no new updates are taken while the rest shuts down; updates
        // already taken finish first.
        cleanups.push({
          name: 'polling',
          run: async () => {
            if (r.isRunning()) await r.stop();
            await updatesInFlight.idle();
          },
          drain: true,
        });
        logger.info('long polling started');
      }
    }

    return { httpPort, bot, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
