import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** /help: what the bot does and its commands. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('help', async (ctx) => {
    await ctx.reply(ctx.t('help.text', { max: ctx.deps.config.maxSubscriptions }), {
      link_preview_options: { is_disabled: true },
    });
  });
  return composer;
}
