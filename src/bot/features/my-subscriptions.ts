import { Composer, InlineKeyboard } from 'grammy';
import { pcName, stateName } from '../../catalog/names.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { MAX_QUERY } from '../shared/search-reply.js';

/** The /mysubs text and keyboard for the current chat. */
async function mySubscriptionsView(ctx: BotContext): Promise<{ text: string; keyboard?: InlineKeyboard }> {
  const { subscribers, catalog, config } = ctx.deps;
  const codes = ctx.chat ? await subscribers.listPcs(ctx.chat.id) : [];
  const pcs = codes.flatMap((c) => catalog.byCode(c) ?? []);
  if (pcs.length === 0) return { text: ctx.t('mysubs.empty') };
  const lines = pcs.map((pc, i) =>
    ctx.t('mysubs.line', {
      n: i + 1,
      pc: pcName(pc, ctx.lang),
      state: stateName(catalog, pc.stateCode, ctx.lang),
    }),
  );
  const keyboard = new InlineKeyboard();
  for (const pc of pcs) {
    keyboard
      .text(
        ctx.t('mysubs.remove', { pc: pcName(pc, ctx.lang) }),
        encodeCallback({ kind: 'unsub', pc: pc.code }),
      )
      .row();
  }
  const text = `${ctx.t('mysubs.title', { count: pcs.length, max: config.maxSubscriptions })}\n\n${lines.join('\n')}\n\n${ctx.t('mysubs.hint')}`;
  return { text, keyboard };
}

/** /mysubs with remove buttons, and /unsubscribe <query>. */
export function mySubscriptionsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('mysubs', async (ctx) => {
    const view = await mySubscriptionsView(ctx);
    await ctx.reply(view.text, { reply_markup: view.keyboard });
  });

  pm.command('unsubscribe', async (ctx) => {
    const query = ctx.match.trim();
    const { subscribers, search, catalog } = ctx.deps;
    if (!query) {
      const view = await mySubscriptionsView(ctx);
      await ctx.reply(view.text, { reply_markup: view.keyboard });
      return;
    }
    if (query.length > MAX_QUERY) {
      await ctx.reply(ctx.t('search.too-long'));
      return;
    }
    const followed = new Set(await subscribers.listPcs(ctx.chat.id));
    const result = search(query, { limit: 10 });
    const hits = result.kind === 'one' ? [result.hit] : result.kind === 'none' ? [] : result.hits;
    // Among the matches, the PCs this chat actually follows decide what to remove.
    const mine = hits.filter((h) => followed.has(h.pc.code));
    if (mine.length === 1) {
      const pc = (mine[0] as (typeof mine)[number]).pc;
      await subscribers.unsubscribe(ctx.chat.id, pc.code);
      await ctx.reply(
        ctx.t('unsubscribe.removed', {
          pc: pcName(pc, ctx.lang),
          state: stateName(catalog, pc.stateCode, ctx.lang),
        }),
      );
      return;
    }
    if (mine.length > 1) {
      const view = await mySubscriptionsView(ctx);
      await ctx.reply(`${ctx.t('unsubscribe.which')}\n\n${view.text}`, { reply_markup: view.keyboard });
      return;
    }
    const first = hits[0];
    if (result.kind === 'one' && first) {
      await ctx.reply(ctx.t('unsubscribe.not-following', { pc: pcName(first.pc, ctx.lang) }));
      return;
    }
    await ctx.reply(ctx.t('unsubscribe.not-found', { query: clip(query, 40) }));
  });

  pm.use(
    onCallback('unsub', async (ctx, data, next) => {
      const pc = ctx.deps.catalog.byCode(data.pc);
      if (!pc) return next();
      const removed = await ctx.deps.subscribers.unsubscribe(ctx.chat.id, pc.code);
      await ctx.answerCallbackQuery({
        text: removed
          ? ctx.t('unsubscribe.toast', { pc: pcName(pc, ctx.lang) })
          : ctx.t('unsubscribe.not-following', { pc: pcName(pc, ctx.lang) }),
      });
      const view = await mySubscriptionsView(ctx);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
    }),
  );

  return composer;
}
