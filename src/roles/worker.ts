import { Api } from 'grammy';
import type { Core } from '../core.js';
import { createSendPacers } from '../delivery/pacer.js';
import { startProgressReporter } from '../delivery/progress.js';
import { isQuietTime } from '../delivery/quiet-hours.js';
import { replyBudget } from '../delivery/reply-budget.js';
import { createDeliveryWorkers } from '../delivery/workers.js';
import { type Digest, type DigestJob, startDigest } from '../digest/index.js';
import { slotOfSchedulerId } from '../digest/slots.js';
import { connectionCheck, type ReadinessCheck } from '../http/readiness.js';
import { DEFAULT_LANG } from '../i18n/index.js';
import { startFeedPolls } from '../ingest/polls.js';
import type { Metrics } from '../metrics/metrics.js';
import { createRedis, createReplicaWait } from '../redis.js';
import { createKeys } from '../store/keys.js';
import { htmlByDefault } from '../telegram/html-by-default.js';
import { createTelegramFetch } from '../telegram/http-client.js';
import { startPrivacyJob } from './privacy-job.js';
import type { Shutdown } from './shutdown.js';
import { explainStartupError } from './startup-error.js';
import { apiSignal, type TelegramStatus, untilTelegramAnswers } from './telegram-reach.js';

/**
 * The worker role: the delivery workers (fan-out, send), the admin progress reporter and the digest
 * schedulers, on a connection of their own. Adds its shutdown steps (drain jobs within
 * SHUTDOWN_TIMEOUT, close the connection) to `shutdown`.
 */
export async function startWorkerRole(
  core: Core,
  env: {
    shutdown: Shutdown;
    metrics: Metrics;
    readiness: ReadinessCheck[];
    telegram?: TelegramStatus;
    signal?: AbortSignal | undefined;
  },
): Promise<{ digest: Digest }> {
  const { config, logger, prefix } = core;
  if (!config.botToken) throw new Error('BOT_TOKEN is required to deliver messages (ask @BotFather for one)');
  // Deliveries talk to Telegram without auto-retry: the queue owns retries and the 429 pause.
  const fetch = createTelegramFetch();
  const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 30, fetch });
  api.config.use(htmlByDefault);
  // Admin progress edits go first on the free-limit clock, like the bot's replies (delivery/pacer.ts).
  const progressApi = new Api(config.botToken, {
    apiRoot: config.telegramApiRoot,
    timeoutSeconds: 30,
    fetch,
  });
  progressApi.config.use(
    replyBudget(
      createSendPacers({
        redis: core.redis,
        keys: createKeys(prefix),
        sendRate: config.sendRate,
        paidBroadcast: config.paidBroadcast,
      }).replies,
    ),
  );
  progressApi.config.use(htmlByDefault);
  if (!core.botUsername()) {
    const me = await untilTelegramAnswers('getMe', (signal) => api.getMe(apiSignal(signal)), {
      config,
      logger,
      ...(env.telegram ? { status: env.telegram } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
      explain: (err) => explainStartupError(err, config),
    });
    core.setBotUsername(me.username);
  }
  const connection = createRedis(config, logger, { name: `${prefix}-worker`, blocking: true });
  env.shutdown.add({
    name: 'worker redis',
    run: () => connection.quit(),
    force: () => connection.disconnect(),
  });
  env.readiness.push(connectionCheck('worker-redis', connection));

  const workers = createDeliveryWorkers({
    connection,
    redis: core.redis,
    keyPrefix: prefix,
    api,
    catalog: core.catalog,
    deliveries: core.deliveries,
    subscribers: core.subscribers,
    kinds: core.kinds,
    queues: core.queues,
    logger,
    sendRate: config.sendRate,
    paidBroadcast: config.paidBroadcast,
    quietNow: () => isQuietTime(Date.now(), config.digestTz, config.quietStart, config.quietEnd),
    onOutcome: (outcome) => env.metrics.countSend(outcome),
    // WAIT runs on the connection that wrote the record: the store's.
    durable:
      config.replicaWaitMs > 0
        ? createReplicaWait(core.redis, logger, { timeoutMs: config.replicaWaitMs })
        : undefined,
  });
  // Closing waits for in-flight sends, at most until SHUTDOWN_TIMEOUT. A send cut off then stays active
  // in Redis until its lock expires; another worker (or this one after a restart) runs it again, and the
  // send record keeps a message already sent from going out twice.
  env.shutdown.add({ name: 'workers', run: () => workers.close(), drain: true });

  const reporter = startProgressReporter({
    api: progressApi,
    deliveries: core.deliveries,
    i18n: core.i18n,
    langOf: async (chatId) => (await core.subscribers.getChat(chatId))?.lang ?? DEFAULT_LANG,
    logger,
    rate: config.sendRate,
  });
  env.shutdown.add({ name: 'progress', run: () => reporter.stop(), drain: true });

  const digest = await startDigest({
    connection,
    redis: core.redis,
    keyPrefix: prefix,
    slots: config.digestSlots,
    tz: config.digestTz,
    catchUpMs: config.digestCatchupMs,
    delivery: core.delivery,
    deliveries: core.deliveries,
    queues: core.queues,
    logger,
  });
  env.shutdown.add({ name: 'digest', run: () => digest.close(), drain: true });
  const privacy = await startPrivacyJob(core, connection);
  env.shutdown.add({ name: 'privacy', run: () => privacy.close(), drain: true });
  // Website feeds: polls on their job schedulers; new drafts are shown to the desk through this Api.
  const feeds = await startFeedPolls(core, {
    connection,
    send: (chatId, text, markup) => api.sendMessage(chatId, text, { reply_markup: markup }),
    onPoll: (_feedId, outcome) => {
      env.metrics.countFeedPoll(outcome.kind === 'failed' ? outcome.status : outcome.kind);
      if (outcome.kind === 'ok') {
        env.metrics.countFeedItems('drafted', outcome.drafted);
        env.metrics.countFeedItems('published', outcome.published);
        env.metrics.countFeedItems('skipped', outcome.skipped);
      }
    },
  });
  env.shutdown.add({ name: 'feeds', run: () => feeds.close(), drain: true });
  const slotOf = (job: { data: DigestJob; repeatJobKey?: string } | undefined): string =>
    job?.data.slot ?? slotOfSchedulerId(job?.repeatJobKey ?? '') ?? 'unknown';
  digest.worker.on('completed', (job, kind) => env.metrics.countDigestRun(slotOf(job), kind));
  digest.worker.on('failed', (job) => env.metrics.countDigestRun(slotOf(job), 'failed'));
  return { digest };
}
