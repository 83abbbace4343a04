import { renderBriefing } from '../../briefings/render.js';
import { urlKeyboard } from '../../telegram/keyboards/url-buttons.js';
import type { BotContext } from '../context.js';

/**
 * Sends one briefing to the current chat as readers receive it (all parts, "ये भी पढ़ें" links and
 * buttons on the last). Returns false when no such briefing is stored.
 */
export async function sendBriefing(ctx: BotContext, briefingId: string): Promise<boolean> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return false;
  const found = await ctx.deps.briefings.getForReading(briefingId);
  if (!found) return false;
  const r = renderBriefing(found.briefing, {
    lang: ctx.lang,
    i18n: ctx.deps.i18n,
    catalog: ctx.deps.catalog,
    botUsername: ctx.me.username,
    related: found.related,
  });
  for (const [i, part] of r.parts.entries()) {
    const last = i === r.parts.length - 1;
    await ctx.api.sendMessage(chatId, part, {
      link_preview_options: last ? r.linkPreview : { is_disabled: true },
      reply_markup: last ? urlKeyboard(r.buttons) : undefined,
    });
  }
  return true;
}
