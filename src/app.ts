import { Queue } from 'bullmq';
import type { Bot } from 'grammy';
import type { Hono } from 'hono';
import type { BotContext } from './bot/context.js';
import type { Config } from './config.js';
import { createCore } from './core.js';
import { bullPrefix } from './delivery/queues.js';
import { DIGEST_QUEUE, type DigestJob } from './digest/index.js';
import { evictionCheck, queuesCheck, type ReadinessCheck, redisCheck } from './http/readiness.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { feedHealthSource } from './ingest/health.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { checkRedisSettings } from './redis.js';
import type { BotRole } from './roles/bot.js';
import { createShutdown } from './roles/shutdown.js';
import { createTelegramStatus } from './roles/telegram-reach.js';
import { syncBriefingFiles } from './usecases/content.js';

export type Role = 'all' | 'bot' | 'worker';
export const ROLES: readonly Role[] = ['all', 'bot', 'worker'];

export interface App {
  /** Port the HTTP server listens on. */
  httpPort: number;
  bot: Bot<BotContext> | undefined;
  /** Stops everything in order; safe to call more than once. */
  stop(): Promise<void>;
}

/** A queue's error listener: BullMQ repeats a connection error at every reconnect; one line per 10 s. */
function throttledQueueError(logger: Logger, queue: string): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    logger.warn({ err, queue }, 'queue error');
  };
}

/**
 * Starts one process of the given role on a core: the bot (updates, webhook), the workers (deliveries,
 * digests), or both; every role serves HTTP (health, readiness, metrics). One shutdown list, run in
 * reverse order of start: updates stop first, Redis closes last.
 */
export async function startApp(
  config: Config,
  role: Role,
  logger: Logger,
  opts: { signal?: AbortSignal } = {},
): Promise<App> {
  const shutdown = createShutdown(logger, config.shutdownTimeoutMs);
  try {
    const core = createCore(config, logger);
    shutdown.add({ name: 'core', run: () => core.close(), force: () => core.redis.disconnect() });
    const metrics = createMetrics({ role, connected: () => core.redis.status === 'ready' });
    await core.redis.ping();
    // A Redis that may evict keys would lose send records and readers silently: refuse to start.
    await checkRedisSettings(core.redis, logger);
    for (const q of [core.queues.fanout, core.queues.send])
      q.on('error', throttledQueueError(logger, q.name));
    // Closed after the workers and updates have drained, so that /readyz says 503 and /metrics answers
    // meanwhile.
    let http: HttpServer | undefined;
    shutdown.add({ name: 'http', run: () => http?.close() });

    // Content files are imported at every start (idempotent).
    await syncBriefingFiles({ ...core, contentDir: config.contentDir });

    const routes: Array<(app: Hono) => void> = [];
    // Every role needs Telegram (getMe at least): /readyz names it while it cannot be reached.
    const telegram = createTelegramStatus();
    const readiness: ReadinessCheck[] = [redisCheck(core.redis), evictionCheck(core.redis), telegram.check];
    // HTTP answers from here on (health, readiness, metrics), so that a start-up waiting for Telegram
    // can be seen; the roles' routes are mounted once they are built.
    http = createHttpServer({ logger, readiness, metrics, isStopping: () => shutdown.stopping });
    const httpPort = await http.listen(config.httpPort, config.httpHost);
    logger.debug({ port: httpPort, role }, 'http answering health and readiness while starting');
    const env = { shutdown, metrics, routes, readiness, telegram, signal: opts.signal };
    let bot: BotRole | undefined;
    // Each role's code is loaded only where it runs: a worker process never holds the bot's features, the
    // web desk or the API (their modules alone were tens of MB of a fan-out worker's peak memory).
    if (role === 'all' || role === 'bot')
      bot = await (await import('./roles/bot.js')).startBotRole(core, env);
    let digestQueue: Queue<DigestJob> | undefined;
    if (role === 'all' || role === 'worker')
      digestQueue = (await (await import('./roles/worker.js')).startWorkerRole(core, env)).digest.queue;

    // The digest queue is shown and counted by every role: a bot-only process opens a producer on it.
    if (!digestQueue) {
      const q = new Queue<DigestJob>(DIGEST_QUEUE, {
        connection: core.redis,
        prefix: bullPrefix(core.prefix),
      });
      q.on('error', throttledQueueError(logger, DIGEST_QUEUE));
      shutdown.add({ name: 'digest queue', run: () => q.close() });
      digestQueue = q;
    }
    const allQueues = [core.queues.fanout, core.queues.send, digestQueue, core.feedScheduler.queue] as const;
    readiness.push(queuesCheck(core.redis, allQueues));
    metrics.watchQueues(allQueues);
    metrics.watchSubscribers(core.subscribers);
    metrics.watchFeeds(feedHealthSource(core));
    if (config.adminHttpToken) {
      // Loaded only when wanted: the dashboard's modules cost a worker ~15 MB it would never use.
      const { ADMIN_QUEUES_PATH, adminQueuesRoute } = await import('./http/admin-queues.js');
      routes.push(adminQueuesRoute({ token: config.adminHttpToken, queues: allQueues }));
      logger.info({ path: ADMIN_QUEUES_PATH }, 'queue dashboard on');
    }

    http.mount(routes);
    await bot?.takeUpdates();
    // Logged once everything runs (tests and people read it as "started").
    logger.info({ port: httpPort, role }, 'http listening');
    return { httpPort, bot: bot?.bot, stop: () => shutdown.stop() };
  } catch (err) {
    await shutdown.stop();
    throw err;
  }
}
