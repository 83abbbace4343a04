import { Composer, InlineKeyboard } from 'grammy';
import { decodeCallback, encodeCallback } from '../callback-codec.js';
import type { BotContext } from '../context.js';

/** /stop: forget the chat entirely, after a confirmation button. */
export function stopFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('stop', async (ctx) => {
    const kb = new InlineKeyboard()
      .text(ctx.t('stop.yes'), encodeCallback({ kind: 'stop', confirm: true }))
      .text(ctx.t('stop.no'), encodeCallback({ kind: 'stop', confirm: false }));
    await ctx.reply(ctx.t('stop.confirm'), { parse_mode: 'HTML', reply_markup: kb });
  });

  pm.on('callback_query:data', async (ctx, next) => {
    const data = decodeCallback(ctx.callbackQuery.data);
    if (data?.kind !== 'stop') return next();
    await ctx.answerCallbackQuery();
    if (!data.confirm) {
      await ctx.editMessageText(ctx.t('stop.kept'), { parse_mode: 'HTML' });
      return;
    }
    await ctx.deps.subscribers.forget(ctx.chat.id);
    ctx.deps.logger.info({ chatId: ctx.chat.id }, 'chat forgotten at its request');
    await ctx.editMessageText(ctx.t('stop.done'), { parse_mode: 'HTML' });
  });

  return composer;
}
