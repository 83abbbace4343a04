import { InlineKeyboard } from 'grammy';
import type { I18n, Lang, Translate } from '../i18n/index.js';
import type { Delivery } from '../store/deliveries.js';
import { encodeCallback } from './callback-codec.js';
import { formatCount } from './format.js';

/** Seconds left at `rate` messages/s for `left` recipients, as "1 मिनट 20 सेकंड"-style text. */
export function etaText(t: Translate, left: number, rate: number): string {
  const s = Math.ceil(left / Math.max(rate, 0.001));
  if (s < 60) return t('admin.eta-seconds', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('admin.eta-minutes', { m, s: s % 60 });
  return t('admin.eta-hours', { h: Math.floor(m / 60), m: m % 60 });
}

/** What the admin's progress message shows: Telegram HTML and its buttons (none once it has ended). */
export interface ProgressView {
  text: string;
  keyboard: InlineKeyboard | undefined;
}

/**
 * The admin's progress message for a delivery: counts, what is left, ETA, and pause/resume/cancel. The
 * bot posts it when a delivery starts and after a button; the workers' reporter edits it as it runs.
 */
export function progressView(d: Delivery, lang: Lang, i18n: I18n, rate: number): ProgressView {
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
  // A withdrawal's deletion of copies ends with what the editor asked: how many could not be deleted.
  if (d.status === 'done' && d.content.kind === 'deletion')
    lines.push(
      t('admin.progress-deleted', {
        deleted: formatCount(d.sent, lang),
        left: formatCount(d.failed + d.blocked, lang),
      }),
    );
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
