import { Composer } from 'grammy';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';

/**
 * The catch-all, installed last. Private chats: an unknown command gets a pointer to /help, a stale or
 * forged button gets a short toast, anything else (stickers, photos) a hint. Groups and channels: only
 * a direct /start or /help gets a pointer to the private chat; everything else is ignored.
 */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // A button that does nothing by design (a page counter, a seat already followed): Telegram wants every
  // press answered, else the client shows a spinner; the answer says nothing because nothing went wrong.
  composer.use(onCallback('noop', (ctx) => ctx.answerCallbackQuery()));

  composer.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.stale-button') });
  });

  const pm = composer.chatType('private');
  pm.on('message:text', async (ctx) => {
    await ctx.reply(ctx.t('errors.unknown-command'));
  });
  pm.on('message', async (ctx) => {
    await ctx.reply(ctx.t('errors.text-only'));
  });

  composer.chatType(['group', 'supergroup']).command(['start', 'help'], async (ctx) => {
    await ctx.reply(ctx.t('errors.private-only', { username: ctx.me.username }), {
      link_preview_options: { is_disabled: true },
    });
  });

  return composer;
}
