import { Composer, InlineKeyboard } from 'grammy';
import type { Briefing } from '../../../briefings/types.js';
import { acOfHit } from '../../../catalog/search.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { onCallback } from '../../../telegram/on-callback.js';
import { targetLabel } from '../../../telegram/targets.js';
import { briefingTarget } from '../../../usecases/deliveries.js';
import type { BotContext } from '../../context.js';
import { clip } from '../../format.js';
import { sendContent } from '../../shared/send-content.js';
import { audit, offerDraft } from './common.js';

/** The preview of a stored briefing, who it reaches (and who already has it), and the send buttons. */
async function previewBriefing(ctx: BotContext, briefing: Briefing): Promise<void> {
  const target = briefingTarget(briefing);
  await sendContent(ctx, { content: { kind: 'briefing', briefingId: briefing.id } });
  await offerDraft(ctx, {
    content: { kind: 'briefing', briefingId: briefing.id },
    target,
    targetLabel: targetLabel(target, ctx.deps.catalog, ctx.lang, ctx.t),
  });
  await audit(ctx, 'publish-preview', 'ok', briefing.id);
}

/**
 * /publish <briefing id or seat>: preview, recipient count, and the send/schedule/discard buttons. A
 * seat with several briefings offers them by headline, one button each.
 */
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
        const kb = new InlineKeyboard();
        for (const b of page.items)
          kb.text(clip(b.title, 60), encodeCallback({ kind: 'briefingPublish', id: b.id })).row();
        await ctx.reply(ctx.t('admin.publish-choose'), { reply_markup: kb });
        return;
      }
    }
    if (!briefing) {
      await audit(ctx, 'publish', 'not found', query.slice(0, 80));
      await ctx.reply(ctx.t('admin.publish-not-found', { query: query.slice(0, 80) }));
      return;
    }
    await previewBriefing(ctx, briefing);
  });

  composer.use(
    onCallback('briefingPublish', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const briefing = await ctx.deps.briefings.get(data.id);
      if (!briefing) {
        await ctx.reply(ctx.t('admin.error-briefing-not-found'));
        return;
      }
      await previewBriefing(ctx, briefing);
    }),
  );
  return composer;
}
