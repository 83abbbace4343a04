import { formatBriefingTime, formatSlotClock } from '../briefings/format-time.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Delivery, DeliveryStore } from '../store/deliveries.js';
import type { SubscriberStore } from '../store/subscribers.js';
import { formatCount } from '../telegram/format.js';
import { isDigestContent } from './kind.js';
import { slotInstant } from './slots.js';

/** How many recent deliveries /stats looks through for each slot's last run (three runs a day). */
export const STATS_SCAN = 200;

export interface SlotStats {
  slot: string;
  /** Readers at this slot who can receive it. */
  readers: number;
  /** The newest run of the slot among recent deliveries, and how many of its readers had nothing new. */
  last?: { delivery: Delivery; date: string; empty: number };
}

/** Readers per slot and each slot's last run (sent, skipped as empty, failed). */
export async function digestSlotStats(
  deps: {
    subscribers: Pick<SubscriberStore, 'countForSlot'>;
    deliveries: Pick<DeliveryStore, 'recent' | 'reasons'>;
  },
  slots: readonly string[],
): Promise<SlotStats[]> {
  const [readers, recent] = await Promise.all([
    Promise.all(slots.map((s) => deps.subscribers.countForSlot(s))),
    deps.deliveries.recent(STATS_SCAN),
  ]);
  return Promise.all(
    slots.map(async (slot, i) => {
      const stats: SlotStats = { slot, readers: readers[i] ?? 0 };
      // Newest first: the first digest delivery of this slot is its last run.
      const d = recent.find((x) => isDigestContent(x.content) && x.content.slot === slot);
      if (d && isDigestContent(d.content)) {
        const reasons = await deps.deliveries.reasons(d.id);
        const empty = reasons.find((r) => r.reason === 'empty digest')?.count ?? 0;
        stats.last = { delivery: d, date: d.content.date, empty };
      }
      return stats;
    }),
  );
}

/** The /stats lines for digests: a heading, then each slot's readers and its last run. */
export function digestStatsLines(
  stats: readonly SlotStats[],
  t: Translate,
  lang: Lang,
  tz: string,
): string[] {
  const n = (x: number) => formatCount(x, lang);
  const lines = [`<b>${t('digest.stats-title')}</b>`];
  for (const s of stats) {
    lines.push(t('digest.stats-slot', { when: formatSlotClock(s.slot, t), readers: n(s.readers) }));
    if (!s.last) {
      lines.push(t('digest.stats-never'));
      continue;
    }
    const d = s.last.delivery;
    lines.push(
      t('digest.stats-last', {
        at: formatBriefingTime(slotInstant(s.last.date, s.slot, tz), t, tz),
        sent: n(d.sent),
        empty: n(s.last.empty),
        failed: n(d.failed),
      }),
    );
  }
  return lines;
}
