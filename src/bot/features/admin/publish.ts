import { Composer } from 'grammy';
import { acOfHit } from '../../../catalog/search.js';
import { escapeHtml } from '../../../i18n/index.js';
import { targetLabel } from '../../../telegram/targets.js';
import { briefingTarget } from '../../../usecases/deliveries.js';
import type { BotContext } from '../../context.js';
import { sendContent } from '../../shared/send-content.js';
import { audit, offerDraft } from './common.js';

/** /publish <briefing id or seat>: preview, recipient count, and the send/schedule/discard buttons. */
export function publishFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('publish', async (ctx) => {
    const query = ctx.match.trim();
    const { briefings, search, catalog } = ctx.deps;
    if (!query) {
      await ctx.reply(ctx.t('admin.publish-usage'));
      return;
    }
    let briefing = /^[a-z0-9-]{1,62}$/.test(query) ? await briefings.get(query) : undefined;
    if (!briefing) {
      const found = search(query, { limit: 3 });
      // An assembly seat's name finds its own briefings as well as those of its PC (and state).
      const seat =
        found.kind === 'one' ? (acOfHit(catalog, found.hit)?.code ?? found.hit.pc.code) : undefined;
      const page = seat ? await briefings.listNewestForPcs([seat], { limit: 8 }) : { items: [] };
      if (page.items.length === 1) briefing = page.items[0];
      else if (page.items.length > 1) {
        const lines = page.items.map((b) => `• <code>${escapeHtml(b.id)}</code>\n  ${escapeHtml(b.title)}`);
        await ctx.reply(`${ctx.t('admin.publish-choose')}\n\n${lines.join('\n')}`);
        return;
      }
    }
    if (!briefing) {
      await audit(ctx, 'publish', 'not found', query.slice(0, 80));
      await ctx.reply(ctx.t('admin.publish-not-found', { query: query.slice(0, 80) }));
      return;
    }
    const target = briefingTarget(briefing);
    await sendContent(ctx, { content: { kind: 'briefing', briefingId: briefing.id } });
    await offerDraft(ctx, {
      content: { kind: 'briefing', briefingId: briefing.id },
      target,
      targetLabel: targetLabel(target, catalog, ctx.lang, ctx.t),
    });
    await audit(ctx, 'publish-preview', 'ok', briefing.id);
  });
  return composer;
}
