import { Composer } from 'grammy';
import { localName, pcName, stateName } from '../../catalog/names.js';
import { choosePcKeyboard } from '../../telegram/keyboards/catalog.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { MAX_QUERY, replyToSearch } from '../shared/search-reply.js';

/**
 * Plain text that is not a command is a constituency search. Small talk ("नमस्ते", "धन्यवाद") gets a
 * short help, a near spelling a "did you mean ...?", a city all its seats; the rest the usual answer.
 */
export function searchTextFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType('private')
    .on('message:text')
    .filter(
      (ctx) => !ctx.message.text.startsWith('/'),
      async (ctx) => {
        const query = ctx.message.text;
        const { catalog, search } = ctx.deps;
        // replyToSearch searches again for the plain answers: a search costs microseconds, and it keeps
        // the /subscribe path and this one answering alike.
        const result = query.length <= MAX_QUERY ? search(query, { limit: 6 }) : undefined;
        if (result?.kind === 'none' && result.smallTalk) {
          await ctx.reply(ctx.t(`search.small-talk-${result.smallTalk}`));
          return;
        }
        const first = result?.kind === 'many' ? result.hits[0] : undefined;
        if (result?.kind === 'many' && first && (result.guess || result.place)) {
          const text = result.place
            ? ctx.t('search.place', { place: localName(result.place, ctx.lang) })
            : ctx.t('search.guess', {
                query: clip(query.trim(), 40),
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
        await replyToSearch(ctx, query, { subscribe: false });
      },
    );
  return composer;
}
