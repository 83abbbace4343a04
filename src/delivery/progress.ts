import { type Api, GrammyError, InlineKeyboard } from 'grammy';
import type { Redis } from 'ioredis';
import { encodeCallback } from '../bot/callback-codec.js';
import type { I18n, Lang, Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { Delivery, DeliveryStore } from '../store/deliveries.js';
import { createKeys } from '../store/keys.js';

/** Seconds left at `rate` messages/s for `left` recipients, as "1 मिनट 20 सेकंड"-style text. */
export function etaText(t: Translate, left: number, rate: number): string {
  const s = Math.ceil(left / Math.max(rate, 0.001));
  if (s < 60) return t('admin.eta-seconds', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('admin.eta-minutes', { m, s: s % 60 });
  return t('admin.eta-hours', { h: Math.floor(m / 60), m: m % 60 });
}

/** Indian digit grouping (1,23,456) for counts. */
export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN');
}

/** The admin's progress message for a delivery: counts, what is left, ETA, and its buttons. */
export function progressView(
  d: Delivery,
  lang: Lang,
  i18n: I18n,
  rate: number,
): { text: string; keyboard: InlineKeyboard | undefined } {
  const t = i18n.forLang(lang);
  const done = d.sent + d.blocked + d.failed + d.skipped;
  const left = Math.max(0, d.total - done);
  const lines = [
    t('admin.progress-title', { id: d.id }),
    t(`admin.status-${d.status}`),
    t('admin.progress-counts', {
      sent: formatCount(d.sent, lang),
      blocked: formatCount(d.blocked, lang),
      failed: formatCount(d.failed, lang),
      skipped: formatCount(d.skipped, lang),
    }),
  ];
  if (d.status === 'running' || d.status === 'paused') {
    lines.push(
      t(d.fanoutDone ? 'admin.progress-left' : 'admin.progress-left-growing', {
        left: formatCount(left, lang),
        total: formatCount(d.total, lang),
      }),
    );
    if (d.status === 'running' && left > 0)
      lines.push(t('admin.progress-eta', { eta: etaText(t, left, rate) }));
  }
  if (d.status === 'done' && d.startedAt && d.finishedAt) {
    lines.push(t('admin.progress-took', { s: Math.max(1, Math.round((d.finishedAt - d.startedAt) / 1000)) }));
  }
  let keyboard: InlineKeyboard | undefined;
  if (d.status === 'running' || d.status === 'paused') {
    keyboard = new InlineKeyboard();
    if (d.status === 'running')
      keyboard.text(t('admin.button-pause'), encodeCallback({ kind: 'delivery', action: 'pause', id: d.id }));
    else
      keyboard.text(
        t('admin.button-resume'),
        encodeCallback({ kind: 'delivery', action: 'resume', id: d.id }),
      );
    keyboard.text(t('admin.button-cancel'), encodeCallback({ kind: 'delivery', action: 'cancel', id: d.id }));
  }
  return { text: lines.join('\n'), keyboard };
}

export interface ProgressReporterDeps {
  api: Api;
  redis: Redis;
  prefix: string;
  deliveries: DeliveryStore;
  i18n: I18n;
  /** The admin's language for a given admin chat. */
  langOf: (chatId: number) => Promise<Lang>;
  logger: Logger;
  rate: number;
  intervalMs?: number;
}

/**
 * Edits each running delivery's progress message every few seconds, and once more when it ends. One
 * worker process does it per tick (a short Redis lock), however many run. Edits are rare (one per
 * delivery per tick) and go straight to the API.
 */
export function startProgressReporter(deps: ProgressReporterDeps): { stop(): Promise<void> } {
  const interval = deps.intervalMs ?? 3000;
  const keys = createKeys(deps.prefix);
  const lockKey = keys.progressLock;
  const shownKey = keys.progressShown;
  let running: Promise<void> | undefined;

  async function tick(): Promise<void> {
    const got = await deps.redis.set(lockKey, String(process.pid), 'PX', interval - 200, 'NX');
    if (got !== 'OK') return;
    // Active deliveries plus those that ended since the last tick (their final state is shown once).
    const ids = new Set([
      ...(await deps.redis.smembers(keys.deliveriesActive)),
      ...(await deps.redis.hkeys(shownKey)),
    ]);
    for (const id of ids) {
      const d = await deps.deliveries.get(id);
      if (!d?.progress) {
        await deps.redis.hdel(shownKey, id);
        continue;
      }
      const view = progressView(d, await deps.langOf(d.progress.chatId), deps.i18n, deps.rate);
      const finished = d.status === 'done' || d.status === 'cancelled';
      if ((await deps.redis.hget(shownKey, id)) === view.text) {
        if (finished) await deps.redis.hdel(shownKey, id);
        continue;
      }
      try {
        await deps.api.editMessageText(d.progress.chatId, d.progress.messageId, view.text, {
          parse_mode: 'HTML',
          reply_markup: view.keyboard,
        });
      } catch (err) {
        if (!(err instanceof GrammyError && err.description.includes('not modified'))) {
          deps.logger.warn(
            { err: { message: (err as Error).message }, deliveryId: id },
            'progress edit failed',
          );
        }
      }
      if (finished) await deps.redis.hdel(shownKey, id);
      else await deps.redis.hset(shownKey, id, view.text);
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err) => deps.logger.warn({ err }, 'progress tick failed'))
      .finally(() => {
        running = undefined;
      });
  }, interval);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
