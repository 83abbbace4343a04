import { createFloodCounter } from '../../store/flood.js';
import { type EraseReport, eraseReader } from '../../usecases/erase-reader.js';
import type { BotContext } from '../context.js';

/** Erases the reader of this private chat with everything the bot keeps about them (/stop). */
export function eraseThisReader(ctx: BotContext, chatId: number): Promise<EraseReport> {
  const d = ctx.deps;
  return eraseReader(
    {
      ...d,
      flood: createFloodCounter({ redis: d.redis, prefix: d.config.keyPrefix }),
    },
    chatId,
    { why: 'stop' },
  );
}

/**
 * For a button that writes on the reader's behalf: true when the chat is known. A chat that is not
 * (erased by /stop, or never started) is not recreated by an old button: the reader is told to send
 * /start, which is the one way back in.
 */
export async function knownChatOrTell(ctx: BotContext, chatId: number): Promise<boolean> {
  if (await ctx.deps.subscribers.exists(chatId)) return true;
  await ctx.answerCallbackQuery({ text: ctx.t('privacy.not-registered'), show_alert: true });
  return false;
}
