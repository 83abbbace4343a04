import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyToSearch } from '../shared/search-reply.js';

/**
 * Plain text that is not a command is a constituency search, answered as `/subscribe <text>` is
 * (small talk, guesses and cities included) except that a sure match is offered, not followed.
 */
export function searchTextFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType('private')
    .on('message:text')
    .filter(
      (ctx) => !ctx.message.text.startsWith('/'),
      (ctx) => replyToSearch(ctx, ctx.message.text, { subscribe: false }),
    );
  return composer;
}
