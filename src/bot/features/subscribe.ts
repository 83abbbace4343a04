import { Composer } from 'grammy';
import { localName, pcName, stateName } from '../../catalog/names.js';
import { decodeCallback } from '../../telegram/callback-codec.js';
import {
  acPage,
  PCS_PER_PAGE,
  stateAcsKeyboard,
  stateKindKeyboard,
  statePcsKeyboard,
  statesKeyboard,
} from '../../telegram/keyboards/catalog.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { knownChatOrTell } from '../shared/erase.js';
import { replyToSearch } from '../shared/search-reply.js';
import { subscribeChat, subscribeChatToAc } from '../shared/subscribe-chat.js';

/** Whether a callback's message carries the State → seat keyboard (its buttons lead back to states). */
function fromStateKeyboard(ctx: BotContext): boolean {
  return (
    ctx.callbackQuery?.message?.reply_markup?.inline_keyboard.some((row) =>
      row.some((b) => {
        if (!('callback_data' in b)) return false;
        const kind = decodeCallback(b.callback_data)?.kind;
        return kind === 'states' || kind === 'stateKind';
      }),
    ) ?? false
  );
}

/**
 * /subscribe with or without a query, the State → [Lok Sabha | Vidhan Sabha] → seat keyboard and the
 * follow buttons.
 */
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
    onCallback('stateKind', async (ctx, data, next) => {
      const { catalog, elections, subscribers } = ctx.deps;
      if (!catalog.state(data.state)) return next();
      await ctx.answerCallbackQuery();
      // A state without assembly seats in the catalogue (an old button) goes straight to its PCs.
      if (catalog.acsOfState(data.state).length === 0) {
        const followed = new Set(await subscribers.listPcs(ctx.chat.id));
        await ctx.editMessageText(
          ctx.t('subscribe.choose-pc', { state: stateName(catalog, data.state, ctx.lang) }),
          { reply_markup: statePcsKeyboard(catalog, data.state, ctx.lang, ctx.t, 0, followed) },
        );
        return;
      }
      await ctx.editMessageText(
        ctx.t('subscribe.choose-kind', { state: stateName(catalog, data.state, ctx.lang) }),
        { reply_markup: stateKindKeyboard(catalog, data.state, ctx.t, await elections.get(data.state)) },
      );
    }),
  );

  pm.use(
    onCallback('stateAcs', async (ctx, data, next) => {
      const { catalog, subscribers } = ctx.deps;
      if (!catalog.state(data.state)) return next();
      const followed = new Set(await subscribers.listAcs(ctx.chat.id));
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(
        ctx.t('subscribe.choose-ac', { state: stateName(catalog, data.state, ctx.lang) }),
        { reply_markup: stateAcsKeyboard(catalog, data.state, ctx.lang, ctx.t, data.page, followed) },
      );
    }),
  );

  pm.use(
    onCallback('subAc', async (ctx, data, next) => {
      const { catalog, subscribers } = ctx.deps;
      const ac = catalog.acByCode(data.ac);
      if (!ac) return next();
      if (!(await knownChatOrTell(ctx, ctx.chat.id))) return;
      const text = await subscribeChatToAc(ctx, ac);
      await ctx.answerCallbackQuery({ text: ctx.t('subscribe.toast', { pc: localName(ac, ctx.lang) }) });
      if (fromStateKeyboard(ctx)) {
        const followed = new Set(await subscribers.listAcs(ctx.chat.id));
        const state = stateName(catalog, ac.stateCode, ctx.lang);
        const page = acPage(catalog, ac, ctx.lang);
        await ctx.editMessageText(
          `${text}

${ctx.t('subscribe.choose-ac', { state })}`,
          {
            reply_markup: stateAcsKeyboard(catalog, ac.stateCode, ctx.lang, ctx.t, page, followed),
          },
        );
      } else {
        await ctx.editMessageText(text);
      }
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
      if (fromStateKeyboard(ctx)) {
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
