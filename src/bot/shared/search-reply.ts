import { localName, pcName, stateName } from '../../catalog/names.js';
import { acOfHit, type SearchHit, type SearchResult } from '../../catalog/search.js';
import { chooseAcOrPcKeyboard, choosePcKeyboard } from '../../telegram/keyboards/catalog.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { subscribeChat } from './subscribe-chat.js';

/** Longest query we try to match; longer text is not a constituency name. */
export const MAX_QUERY = 100;

/** "via" line when a match came through an assembly segment or an alias. */
function viaNote(ctx: BotContext, hit: SearchHit): string {
  if (hit.matched === 'segment' && (hit.segment || hit.via)) {
    // The segment in the reader's language (every segment has a Hindi name), not the text typed.
    const seg = hit.segment;
    const segment = seg ? localName(seg, ctx.lang) : (hit.via as string);
    return `${ctx.t('search.via-segment', { segment, pc: pcName(hit.pc, ctx.lang) })}\n`;
  }
  return '';
}

/**
 * Replies to a search for `query`, the same for plain text and `/subscribe <query>`: small talk
 * ("नमस्ते", "धन्यवाद") gets a short help, a near spelling a "did you mean ...?", a city all its seats,
 * several matches a choice, nothing a suggestion. With `subscribe: true` (the /subscribe command) a
 * single confident match is followed at once; otherwise (plain text) the reader gets a button to follow
 * it. A guess is never followed without the reader's tap.
 */
export async function replyToSearch(
  ctx: BotContext,
  query: string,
  opts: { subscribe: boolean },
): Promise<void> {
  const { catalog, search } = ctx.deps;
  const shown = clip(query.trim(), 40);
  if (query.length > MAX_QUERY) {
    await ctx.reply(ctx.t('search.too-long'));
    return;
  }
  const result: SearchResult = search(query, { limit: 6 });
  switch (result.kind) {
    case 'one': {
      const { hit } = result;
      const ac = acOfHit(catalog, hit);
      if (ac) {
        // The query named an assembly seat: follow it, or its whole PC; the reader chooses.
        const chatId = ctx.chat?.id;
        const [acs, pcs] = chatId
          ? await Promise.all([ctx.deps.subscribers.listAcs(chatId), ctx.deps.subscribers.listPcs(chatId)])
          : [[], []];
        const params = {
          ac: localName(ac, ctx.lang),
          pc: pcName(hit.pc, ctx.lang),
          state: stateName(catalog, ac.stateCode, ctx.lang),
        };
        if (acs.includes(ac.code)) {
          await ctx.reply(ctx.t('subscribe.exists-ac', params));
          return;
        }
        const first = await ctx.deps.elections.get(ac.stateCode);
        const havePc = pcs.includes(hit.pc.code);
        const keyboard = chooseAcOrPcKeyboard(ac, hit.pc, ctx.lang, ctx.t, first, !havePc);
        const text = ctx.t(havePc ? 'search.offer-ac-have-pc' : 'search.offer-ac', params);
        await ctx.reply(text, { reply_markup: keyboard });
        return;
      }
      if (opts.subscribe) {
        await ctx.reply(viaNote(ctx, hit) + (await subscribeChat(ctx, hit.pc)));
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
        reply_markup: followed.includes(hit.pc.code)
          ? undefined
          : choosePcKeyboard(catalog, [hit.pc], ctx.lang),
      });
      return;
    }
    case 'ambiguous':
      await ctx.reply(ctx.t('search.ambiguous', { query: shown }), {
        reply_markup: choosePcKeyboard(
          catalog,
          result.hits.map((h) => h.pc),
          ctx.lang,
        ),
      });
      return;
    case 'many': {
      const first = result.hits[0];
      let text = ctx.t('search.many', { query: shown });
      if (result.place) text = ctx.t('search.place', { place: localName(result.place, ctx.lang) });
      else if (result.guess && first)
        text = ctx.t('search.guess', {
          query: shown,
          pc: pcName(first.pc, ctx.lang),
          state: stateName(catalog, first.pc.stateCode, ctx.lang),
        });
      await ctx.reply(text, {
        reply_markup: choosePcKeyboard(
          catalog,
          result.hits.map((h) => h.pc),
          ctx.lang,
        ),
      });
      return;
    }
    case 'none':
      if (result.smallTalk) {
        await ctx.reply(ctx.t(`search.small-talk-${result.smallTalk}`));
      } else if (result.suggestions.length > 0) {
        await ctx.reply(ctx.t('search.none-suggest', { query: shown }), {
          reply_markup: choosePcKeyboard(
            catalog,
            result.suggestions.slice(0, 4).map((h) => h.pc),
            ctx.lang,
          ),
        });
      } else {
        await ctx.reply(ctx.t('search.none', { query: shown }));
      }
      return;
  }
}
