import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * my_chat_member in a private chat: "kicked" means the reader blocked the bot, so deliveries to it stop
 * at once (no send has to fail first); "member" after that means they unblocked it.
 */
export function memberStatusFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const { subscribers, logger } = ctx.deps;
    if (status === 'kicked') {
      if (await subscribers.setStatus(ctx.chat.id, 'blocked'))
        logger.info({ chatId: ctx.chat.id }, 'chat blocked the bot');
    } else if (status === 'member') {
      if (await subscribers.setStatus(ctx.chat.id, 'active'))
        logger.info({ chatId: ctx.chat.id }, 'chat unblocked the bot');
    }
  });
  return composer;
}
