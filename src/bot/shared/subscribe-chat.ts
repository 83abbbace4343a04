import { pcName, stateName } from '../../catalog/names.js';
import type { Constituency } from '../../catalog/types.js';
import type { BotContext } from '../context.js';

/**
 * Follows `pc` for the current chat and returns the reply text for the outcome. Shared by the deep link
 * (/start pc_UP-16), /subscribe and the follow buttons.
 */
export async function subscribeChat(ctx: BotContext, pc: Constituency): Promise<string> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return ctx.t('errors.generic');
  const { subscribers, config, catalog } = ctx.deps;
  await subscribers.ensureChat(chatId, ctx.lang);
  const outcome = await subscribers.subscribe(chatId, pc.code, config.maxSubscriptions);
  const params = { pc: pcName(pc, ctx.lang), state: stateName(catalog, pc.stateCode, ctx.lang) };
  switch (outcome) {
    case 'added':
      return ctx.t('subscribe.added', params);
    case 'exists':
      return ctx.t('subscribe.exists', params);
    case 'cap':
      return ctx.t('subscribe.cap', { ...params, max: config.maxSubscriptions });
    case 'no-chat':
      return ctx.t('errors.generic');
  }
}
