import { localName, pcName, stateName } from '../../catalog/names.js';
import type { Assembly, Constituency } from '../../catalog/types.js';
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

/**
 * Follows the assembly seat `ac` for the current chat and returns the reply text: the outcome, and what
 * else reaches them (the PC it lies in and its state, unless they turned that off). Shared by the deep
 * link (/start ac_UP-A80), /subscribe and the follow buttons.
 */
export async function subscribeChatToAc(ctx: BotContext, ac: Assembly): Promise<string> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return ctx.t('errors.generic');
  const { subscribers, config, catalog } = ctx.deps;
  await subscribers.ensureChat(chatId, ctx.lang);
  const outcome = await subscribers.subscribeAc(chatId, ac.code, config.maxSubscriptions);
  const pc = catalog.byCode(ac.pc);
  const params = {
    ac: localName(ac, ctx.lang),
    pc: pc ? pcName(pc, ctx.lang) : ac.pc,
    state: stateName(catalog, ac.stateCode, ctx.lang),
  };
  switch (outcome) {
    case 'added': {
      const { wide } = await subscribers.getPrefs(chatId);
      return ctx.t(wide ? 'subscribe.added-ac' : 'subscribe.added-ac-narrow', params);
    }
    case 'exists':
      return ctx.t('subscribe.exists-ac', params);
    case 'cap':
      return ctx.t('subscribe.cap', { pc: params.ac, max: config.maxSubscriptions });
    case 'no-chat':
      return ctx.t('errors.generic');
  }
}
