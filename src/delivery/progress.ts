import { type Api, GrammyError } from 'grammy';
import type { I18n, Lang } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore } from '../store/deliveries.js';
import { progressView } from '../telegram/progress-view.js';

export interface ProgressReporterDeps {
  api: Api;
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
  const store = deps.deliveries;
  let running: Promise<void> | undefined;

  async function tick(): Promise<void> {
    if (!(await store.takeProgressTick(interval - 200))) return;
    // Active deliveries plus those that ended since the last tick (their final state is shown once).
    for (const id of await store.progressCandidates()) {
      const d = await store.get(id);
      if (!d?.progress) {
        await store.setShownProgress(id, undefined);
        continue;
      }
      const view = progressView(d, await deps.langOf(d.progress.chatId), deps.i18n, deps.rate);
      const finished = d.status === 'done' || d.status === 'cancelled';
      if ((await store.shownProgress(id)) === view.text) {
        if (finished) await store.setShownProgress(id, undefined);
        continue;
      }
      try {
        await deps.api.editMessageText(d.progress.chatId, d.progress.messageId, view.text, {
          reply_markup: view.keyboard,
        });
      } catch (err) {
        if (!(err instanceof GrammyError && err.description.includes('not modified'))) {
          deps.logger.warn({ err, deliveryId: id }, 'progress edit failed');
        }
      }
      await store.setShownProgress(id, finished ? undefined : view.text);
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
