import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { deskRole } from '../filters/is-admin.js';

/** /help: what the bot does and its commands; admins also get the desk's commands, in their language. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('help', async (ctx) => {
    const reader = ctx.t('help.text', { max: ctx.deps.config.maxSubscriptions });
    const role = await deskRole(ctx);
    let text = role ? `${reader}\n\n${ctx.t('help.admin')}` : reader;
    if (role === 'owner') text += `\n${ctx.t('editors.help')}`;
    await ctx.reply(text, { link_preview_options: { is_disabled: true } });
  });
  return composer;
}
