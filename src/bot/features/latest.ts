import { Composer, InlineKeyboard } from 'grammy';
import { renderBriefingList } from '../../briefings/render.js';
import { pcName } from '../../catalog/names.js';
import type { Constituency } from '../../catalog/types.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { MAX_QUERY } from '../shared/search-reply.js';

/** Briefings per /latest page. */
export const LATEST_PAGE = 5;

async function latestView(
  ctx: BotContext,
  pcs: string[],
  page: number,
  onePc: Constituency | undefined,
): Promise<{ parts: string[]; keyboard?: InlineKeyboard }> {
  const offset = Math.max(0, page) * LATEST_PAGE;
  const result = await ctx.deps.briefings.listNewestForPcs(pcs, { offset, limit: LATEST_PAGE });
  const parts = renderBriefingList(result, {
    lang: ctx.lang,
    i18n: ctx.deps.i18n,
    catalog: ctx.deps.catalog,
    botUsername: ctx.me.username,
    ...(onePc ? { title: ctx.t('latest.title-pc', { pc: pcName(onePc, ctx.lang) }) } : {}),
  });
  const to = (p: number) =>
    encodeCallback(onePc ? { kind: 'latestPc', pc: onePc.code, page: p } : { kind: 'latest', page: p });
  if (page === 0 && result.nextOffset === undefined) return { parts };
  const keyboard = new InlineKeyboard();
  if (page > 0) keyboard.text(ctx.t('common.prev'), to(page - 1));
  if (result.nextOffset !== undefined) keyboard.text(ctx.t('common.next'), to(page + 1));
  return { parts, keyboard };
}

async function show(
  ctx: BotContext,
  view: { parts: string[]; keyboard?: InlineKeyboard },
  edit: boolean,
): Promise<void> {
  const last = view.parts.length - 1;
  for (const [i, part] of view.parts.entries()) {
    const options = {
      link_preview_options: { is_disabled: true },
      reply_markup: i === last ? view.keyboard : undefined,
    };
    if (edit && view.parts.length === 1) await ctx.editMessageText(part, options);
    else await ctx.reply(part, options);
  }
}

/** /latest: the newest briefings for the chat's seats, or `/latest <seat>` for any seat, paged. */
export function latestFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('latest', async (ctx) => {
    const query = ctx.match.trim();
    if (query) {
      if (query.length > MAX_QUERY) {
        await ctx.reply(ctx.t('search.too-long'));
        return;
      }
      const r = ctx.deps.search(query, { limit: 1 });
      if (r.kind !== 'one') {
        await ctx.reply(ctx.t('search.none', { query: clip(query, 40) }));
        return;
      }
      await show(ctx, await latestView(ctx, [r.hit.pc.code], 0, r.hit.pc), false);
      return;
    }
    const pcs = await ctx.deps.subscribers.listPcs(ctx.chat.id);
    if (pcs.length === 0) {
      await ctx.reply(ctx.t('latest.no-seats'));
      return;
    }
    await show(ctx, await latestView(ctx, pcs, 0, undefined), false);
  });

  pm.use(
    onCallback('latest', async (ctx, data) => {
      const pcs = await ctx.deps.subscribers.listPcs(ctx.chat.id);
      await ctx.answerCallbackQuery();
      await show(ctx, await latestView(ctx, pcs, data.page, undefined), true);
    }),
  );

  pm.use(
    onCallback('latestPc', async (ctx, data, next) => {
      const pc = ctx.deps.catalog.byCode(data.pc);
      if (!pc) return next();
      await ctx.answerCallbackQuery();
      await show(ctx, await latestView(ctx, [pc.code], data.page, pc), true);
    }),
  );

  return composer;
}
