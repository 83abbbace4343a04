import { Composer } from 'grammy';
import type { SearchHit, SearchResult } from '../../catalog/search.js';
import type { Constituency } from '../../catalog/types.js';
import { decodeCallback } from '../callback-codec.js';
import type { BotContext } from '../context.js';
import { clip, pcName, stateName } from '../format.js';
import { choosePcKeyboard, PCS_PER_PAGE, statePcsKeyboard, statesKeyboard } from '../keyboards/catalog.js';

/** Longest query we try to match; longer text is not a constituency name. */
export const MAX_QUERY = 100;

/** Follows `pc` for the current chat and returns the reply text for the outcome. */
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

/** "via" line when a match came through an assembly segment or an alias. */
function viaNote(ctx: BotContext, hit: SearchHit): string {
  if (hit.matched === 'segment' && hit.via)
    return `${ctx.t('search.via-segment', { segment: hit.via, pc: pcName(hit.pc, ctx.lang) })}\n`;
  return '';
}

/**
 * Replies to a search for `query`. With `subscribe: true` (the /subscribe command) a single confident
 * match is followed at once; otherwise (plain text) the reader gets a button to follow it.
 */
export async function replyToSearch(
  ctx: BotContext,
  query: string,
  opts: { subscribe: boolean },
): Promise<void> {
  const { catalog, search } = ctx.deps;
  const shown = clip(query.trim(), 40);
  if (query.length > MAX_QUERY) {
    await ctx.reply(ctx.t('search.too-long'), { parse_mode: 'HTML' });
    return;
  }
  const result: SearchResult = search(query, { limit: 6 });
  switch (result.kind) {
    case 'one': {
      const { hit } = result;
      if (opts.subscribe) {
        await ctx.reply(viaNote(ctx, hit) + (await subscribeChat(ctx, hit.pc)), { parse_mode: 'HTML' });
        return;
      }
      const followed = ctx.chat ? await ctx.deps.subscribers.listPcs(ctx.chat.id) : [];
      const text =
        viaNote(ctx, hit) +
        (followed.includes(hit.pc.code)
          ? ctx.t('subscribe.exists', {
              pc: pcName(hit.pc, ctx.lang),
              state: stateName(catalog, hit.pc.stateCode, ctx.lang),
            })
          : ctx.t('search.offer', {
              pc: pcName(hit.pc, ctx.lang),
              state: stateName(catalog, hit.pc.stateCode, ctx.lang),
              reserved: ctx.t(`common.reserved-${hit.pc.reserved.toLowerCase()}`),
            }));
      await ctx.reply(text, {
        parse_mode: 'HTML',
        reply_markup: followed.includes(hit.pc.code)
          ? undefined
          : choosePcKeyboard(catalog, [hit.pc], ctx.lang),
      });
      return;
    }
    case 'ambiguous':
      await ctx.reply(ctx.t('search.ambiguous', { query: shown }), {
        parse_mode: 'HTML',
        reply_markup: choosePcKeyboard(
          catalog,
          result.hits.map((h) => h.pc),
          ctx.lang,
        ),
      });
      return;
    case 'many':
      await ctx.reply(ctx.t('search.many', { query: shown }), {
        parse_mode: 'HTML',
        reply_markup: choosePcKeyboard(
          catalog,
          result.hits.map((h) => h.pc),
          ctx.lang,
        ),
      });
      return;
    case 'none':
      if (result.suggestions.length > 0) {
        await ctx.reply(ctx.t('search.none-suggest', { query: shown }), {
          parse_mode: 'HTML',
          reply_markup: choosePcKeyboard(
            catalog,
            result.suggestions.slice(0, 4).map((h) => h.pc),
            ctx.lang,
          ),
        });
      } else {
        await ctx.reply(ctx.t('search.none', { query: shown }), { parse_mode: 'HTML' });
      }
      return;
  }
}

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
      parse_mode: 'HTML',
      reply_markup: statesKeyboard(ctx.deps.catalog, ctx.lang, ctx.t, 0),
    });
  });

  pm.on('callback_query:data', async (ctx, next) => {
    const data = decodeCallback(ctx.callbackQuery.data);
    const { catalog, subscribers } = ctx.deps;
    if (data?.kind === 'states') {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t('subscribe.choose-state'), {
        parse_mode: 'HTML',
        reply_markup: statesKeyboard(catalog, ctx.lang, ctx.t, data.page),
      });
      return;
    }
    if (data?.kind === 'state') {
      if (!catalog.state(data.state)) return next();
      const followed = new Set(await subscribers.listPcs(ctx.chat.id));
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(
        ctx.t('subscribe.choose-pc', { state: stateName(catalog, data.state, ctx.lang) }),
        {
          parse_mode: 'HTML',
          reply_markup: statePcsKeyboard(catalog, data.state, ctx.lang, ctx.t, data.page, followed),
        },
      );
      return;
    }
    if (data?.kind === 'sub') {
      const pc = catalog.byCode(data.pc);
      if (!pc) return next();
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
          {
            parse_mode: 'HTML',
            reply_markup: statePcsKeyboard(catalog, pc.stateCode, ctx.lang, ctx.t, page, followed),
          },
        );
      } else {
        await ctx.editMessageText(text, { parse_mode: 'HTML' });
      }
      return;
    }
    return next();
  });

  return composer;
}
