import { Composer, InputFile } from 'grammy';
import { formatBriefingTime } from '../../../briefings/format-time.js';
import { acNameOf, pcNameOf } from '../../../catalog/names.js';
import { digestSlotStats, digestStatsLines } from '../../../digest/stats.js';
import { escapeHtml } from '../../../i18n/index.js';
import { formatCount } from '../../../telegram/format.js';
import { targetLabel } from '../../../telegram/targets.js';
import { deskFigures } from '../../../usecases/stats.js';
import { renderFiguresPng } from '../../../web/chart-png.js';
import { webT } from '../../../web/i18n.js';
import type { BotContext } from '../../context.js';
import { audit } from './common.js';
import { contentSummary } from './deliveries.js';

/** /stats: subscribers by status, the most followed seats, the last deliveries and their outcomes. */
export function statsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('stats', async (ctx) => {
    const { subscribers, deliveries, catalog } = ctx.deps;
    const n = (x: number) => formatCount(x, ctx.lang);
    const [counts, top, topAcs, recent, digests] = await Promise.all([
      subscribers.countByStatus(),
      subscribers.topPcs(10),
      subscribers.topAcs(10),
      deliveries.recent(5),
      digestSlotStats(ctx.deps, ctx.deps.config.digestSlots),
    ]);
    const lines = [
      `<b>${ctx.t('admin.stats-title')}</b>`,
      ctx.t('admin.stats-readers', {
        total: n(counts.total),
        active: n(counts.active),
        inactive: n(counts.inactive),
      }),
      '',
      `<b>${ctx.t('admin.stats-top')}</b>`,
      ...(top.length === 0
        ? [ctx.t('admin.stats-none')]
        : // Catalogue names are data: escaped like any other text in this HTML reply.
          top.map((p, i) => `${i + 1}. ${escapeHtml(pcNameOf(catalog, p.pc, ctx.lang))}: ${n(p.count)}`)),
      // Assembly seats only once some reader follows one.
      ...(topAcs.length === 0
        ? []
        : [
            '',
            `<b>${ctx.t('admin.stats-top-acs')}</b>`,
            ...topAcs.map(
              (a, i) => `${i + 1}. ${escapeHtml(acNameOf(catalog, a.ac, ctx.lang))}: ${n(a.count)}`,
            ),
          ]),
      '',
      `<b>${ctx.t('admin.stats-deliveries')}</b>`,
      ...(recent.length === 0
        ? [ctx.t('admin.stats-none')]
        : await Promise.all(
            recent.map(async (d) =>
              ctx.t('admin.stats-delivery', {
                what: await contentSummary(ctx, d),
                target: targetLabel(d.target, catalog, ctx.lang, ctx.t),
                id: d.id,
                status: ctx.t(`admin.status-${d.status}`),
                at: formatBriefingTime(d.createdAt, ctx.t, ctx.deps.config.digestTz),
                sent: n(d.sent),
                blocked: n(d.blocked),
                failed: n(d.failed),
                total: n(d.total),
              }),
            ),
          )),
      '',
      ...digestStatsLines(digests, ctx.t, ctx.lang, ctx.deps.config.digestTz),
    ];
    await ctx.reply(lines.join('\n'));
    // The same figures as the web desk's charts, as one picture: admins on phones look rather than read.
    // A failure here (Telegram refusing the upload) leaves the text above standing.
    try {
      const figures = await deskFigures(
        { ...ctx.deps, daily: ctx.deps.daily, digestSlots: ctx.deps.config.digestSlots },
        ctx.lang,
        ctx.t,
      );
      const png = await renderFiguresPng(figures, webT(ctx.deps.i18n, ctx.lang));
      await ctx.replyWithPhoto(new InputFile(png, 'stats.png'), { caption: ctx.t('admin.stats-chart') });
    } catch (err) {
      ctx.deps.logger.warn({ err }, '/stats: the chart picture could not be sent');
    }
    await audit(ctx, 'stats', 'ok');
  });
  return composer;
}
