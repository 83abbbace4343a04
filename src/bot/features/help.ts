import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { isAdmin } from '../filters/is-admin.js';

/** /help: what the bot does and its commands; admins also get the desk's commands, in their language. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('help', async (ctx) => {
    const reader = ctx.t('help.text', { max: ctx.deps.config.maxSubscriptions });
    const text = isAdmin(ctx.deps.config.adminIds)(ctx) ? `${reader}\n\n${ctx.t('help.admin')}` : reader;
    await ctx.reply(text, { link_preview_options: { is_disabled: true } });
  });
  return composer;
}
