import { Composer, InlineKeyboard } from 'grammy';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';

/** /stop: forget the chat entirely, after a confirmation button. */
export function stopFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('stop', async (ctx) => {
    const kb = new InlineKeyboard()
      .text(ctx.t('stop.yes'), encodeCallback({ kind: 'stop', confirm: true }))
      .text(ctx.t('stop.no'), encodeCallback({ kind: 'stop', confirm: false }));
    await ctx.reply(ctx.t('stop.confirm'), { reply_markup: kb });
  });

  pm.use(
    onCallback('stop', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      if (!data.confirm) {
        await ctx.editMessageText(ctx.t('stop.kept'));
        return;
      }
      await ctx.deps.subscribers.forget(ctx.chat.id);
      ctx.deps.logger.info({ chatId: ctx.chat.id }, 'chat forgotten at its request');
      await ctx.editMessageText(ctx.t('stop.done'));
    }),
  );

  return composer;
}
