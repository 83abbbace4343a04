import { Composer, InlineKeyboard } from 'grammy';
import { renderBriefingList } from '../../briefings/render.js';
import { localName, pcName } from '../../catalog/names.js';
import { acOfHit } from '../../catalog/search.js';
import type { Assembly, Constituency } from '../../catalog/types.js';
import type { SeatReading } from '../../store/briefings.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { MAX_QUERY } from '../shared/search-reply.js';

/** Briefings per /latest page. */
export const LATEST_PAGE = 5;

/** One seat asked for by name (`/latest हाथरस`, `/latest सिकंदराराऊ`), or the chat's own seats. */
type LatestOf = { pc: Constituency } | { ac: Assembly } | undefined;

/**
 * A /latest page. `seats` are PC and AC codes; `reading` says which nearby seats come along (the chat's
 * own preferences; for one AC asked by name, its PC and state as well).
 */
async function latestView(
  ctx: BotContext,
  seats: string[],
  page: number,
  one: LatestOf,
  reading: SeatReading = {},
): Promise<{ parts: string[]; keyboard?: InlineKeyboard }> {
  const offset = Math.max(0, page) * LATEST_PAGE;
  const result = await ctx.deps.briefings.listNewestForPcs(seats, { offset, limit: LATEST_PAGE, ...reading });
  const title = !one
    ? undefined
    : 'pc' in one
      ? ctx.t('latest.title-pc', { pc: pcName(one.pc, ctx.lang) })
      : ctx.t('latest.title-ac', { ac: localName(one.ac, ctx.lang) });
  const parts = renderBriefingList(result, {
    lang: ctx.lang,
    i18n: ctx.deps.i18n,
    catalog: ctx.deps.catalog,
    botUsername: ctx.me.username,
    ...(title ? { title } : {}),
  });
  const to = (p: number) =>
    encodeCallback(
      !one
        ? { kind: 'latest', page: p }
        : 'pc' in one
          ? { kind: 'latestPc', pc: one.pc.code, page: p }
          : { kind: 'latestAc', ac: one.ac.code, page: p },
    );
  if (page === 0 && result.nextOffset === undefined) return { parts };
  const keyboard = new InlineKeyboard();
  if (page > 0) keyboard.text(ctx.t('common.prev'), to(page - 1));
  if (result.nextOffset !== undefined) keyboard.text(ctx.t('common.next'), to(page + 1));
  return { parts, keyboard };
}

/** The chat's seats (PCs and ACs) and its preferences, for /latest without a name. */
async function ownSeats(ctx: BotContext): Promise<{ seats: string[]; reading: SeatReading }> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return { seats: [], reading: {} };
  const { subscribers } = ctx.deps;
  const [pcs, acs, prefs] = await Promise.all([
    subscribers.listPcs(chatId),
    subscribers.listAcs(chatId),
    subscribers.getPrefs(chatId),
  ]);
  return { seats: [...pcs, ...acs], reading: prefs };
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
      const ac = acOfHit(ctx.deps.catalog, r.hit);
      const view = ac
        ? await latestView(ctx, [ac.code], 0, { ac })
        : await latestView(ctx, [r.hit.pc.code], 0, { pc: r.hit.pc });
      await show(ctx, view, false);
      return;
    }
    const own = await ownSeats(ctx);
    if (own.seats.length === 0) {
      await ctx.reply(ctx.t('latest.no-seats'));
      return;
    }
    await show(ctx, await latestView(ctx, own.seats, 0, undefined, own.reading), false);
  });

  pm.use(
    onCallback('latest', async (ctx, data) => {
      const own = await ownSeats(ctx);
      await ctx.answerCallbackQuery();
      await show(ctx, await latestView(ctx, own.seats, data.page, undefined, own.reading), true);
    }),
  );

  pm.use(
    onCallback('latestAc', async (ctx, data, next) => {
      const ac = ctx.deps.catalog.acByCode(data.ac);
      if (!ac) return next();
      await ctx.answerCallbackQuery();
      await show(ctx, await latestView(ctx, [ac.code], data.page, { ac }), true);
    }),
  );

  pm.use(
    onCallback('latestPc', async (ctx, data, next) => {
      const pc = ctx.deps.catalog.byCode(data.pc);
      if (!pc) return next();
      await ctx.answerCallbackQuery();
      await show(ctx, await latestView(ctx, [pc.code], data.page, { pc }), true);
    }),
  );

  return composer;
}
