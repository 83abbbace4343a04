import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * The catch-all, installed last. Private chats: an unknown command gets a pointer to /help, a stale or
 * forged button gets a short toast, anything else (stickers, photos) a hint. Groups and channels: only
 * a direct /start or /help gets a pointer to the private chat; everything else is ignored.
 */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.stale-button') });
  });

  const pm = composer.chatType('private');
  pm.on('message:text', async (ctx) => {
    await ctx.reply(ctx.t('errors.unknown-command'), { parse_mode: 'HTML' });
  });
  pm.on('message', async (ctx) => {
    await ctx.reply(ctx.t('errors.text-only'), { parse_mode: 'HTML' });
  });

  composer.chatType(['group', 'supergroup']).command(['start', 'help'], async (ctx) => {
    await ctx.reply(ctx.t('errors.private-only', { username: ctx.me.username }), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  return composer;
}
