import { Composer, InlineKeyboard } from 'grammy';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { eraseThisReader } from '../shared/erase.js';

/**
 * /stop: erase the reader entirely (src/usecases/erase-reader.ts), after a confirmation button. Buttons
 * of older messages pressed afterwards do not bring them back (see shared/erase.ts); /start does.
 */
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
      // The erasure logs counts only: after /stop no log line carries the reader's id.
      await eraseThisReader(ctx, ctx.chat.id);
      await ctx.editMessageText(ctx.t('stop.done'));
    }),
  );

  return composer;
}
