import { Composer } from 'grammy';
import { pcName, stateName } from '../../catalog/names.js';
import { decodeCallback } from '../../telegram/callback-codec.js';
import { PCS_PER_PAGE, statePcsKeyboard, statesKeyboard } from '../../telegram/keyboards/catalog.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { knownChatOrTell } from '../shared/erase.js';
import { replyToSearch } from '../shared/search-reply.js';
import { subscribeChat } from '../shared/subscribe-chat.js';

/** /subscribe with or without a query, the State → PC keyboard and the follow buttons. */
export function subscribeFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('subscribe', async (ctx) => {
    const query = ctx.match.trim();
    if (query) {
      await replyToSearch(ctx, query, { subscribe: true });
      return;
    }
    await ctx.reply(ctx.t('subscribe.choose-state'), {
      reply_markup: statesKeyboard(ctx.deps.catalog, ctx.lang, ctx.t, 0),
    });
  });

  pm.use(
    onCallback('states', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t('subscribe.choose-state'), {
        reply_markup: statesKeyboard(ctx.deps.catalog, ctx.lang, ctx.t, data.page),
      });
    }),
  );

  pm.use(
    onCallback('state', async (ctx, data, next) => {
      const { catalog, subscribers } = ctx.deps;
      if (!catalog.state(data.state)) return next();
      const followed = new Set(await subscribers.listPcs(ctx.chat.id));
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(
        ctx.t('subscribe.choose-pc', { state: stateName(catalog, data.state, ctx.lang) }),
        { reply_markup: statePcsKeyboard(catalog, data.state, ctx.lang, ctx.t, data.page, followed) },
      );
    }),
  );

  pm.use(
    onCallback('sub', async (ctx, data, next) => {
      const { catalog, subscribers } = ctx.deps;
      const pc = catalog.byCode(data.pc);
      if (!pc) return next();
      // An old follow button must not bring an erased reader back into any audience: /start does.
      if (!(await knownChatOrTell(ctx, ctx.chat.id))) return;
      const text = await subscribeChat(ctx, pc);
      await ctx.answerCallbackQuery({ text: ctx.t('subscribe.toast', { pc: pcName(pc, ctx.lang) }) });
      // From the state keyboard: refresh it so the ✅ shows; from a search result: replace with the outcome.
      const fromStateKeyboard = ctx.callbackQuery.message?.reply_markup?.inline_keyboard.some((row) =>
        row.some((b) => 'callback_data' in b && decodeCallback(b.callback_data)?.kind === 'states'),
      );
      if (fromStateKeyboard) {
        const followed = new Set(await subscribers.listPcs(ctx.chat.id));
        const page = Math.floor((pc.no - 1) / PCS_PER_PAGE);
        await ctx.editMessageText(
          `${text}\n\n${ctx.t('subscribe.choose-pc', { state: stateName(catalog, pc.stateCode, ctx.lang) })}`,
          { reply_markup: statePcsKeyboard(catalog, pc.stateCode, ctx.lang, ctx.t, page, followed) },
        );
      } else {
        await ctx.editMessageText(text);
      }
    }),
  );

  return composer;
}
