import { Composer, InlineKeyboard } from 'grammy';
import { localName, pcName, pcNameOf, stateName } from '../../catalog/names.js';
import { acOfHit } from '../../catalog/search.js';
import type { SeatPrefs } from '../../store/subscribers.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { clip } from '../format.js';
import { MAX_QUERY } from '../shared/search-reply.js';

/** The preferences /mysubs offers as toggles, with their locale keys. */
const PREF_KEYS: Record<keyof SeatPrefs, string> = { wide: 'mysubs.pref-wide', pcAcs: 'mysubs.pref-pc-acs' };

/**
 * The /mysubs text and keyboard for the current chat: its PCs, then its ACs, a remove button each, and
 * the seat preferences that matter for what it follows (PC and state briefings for an AC reader, AC
 * briefings for a PC reader) as ✅/⬜ toggles.
 */
async function mySubscriptionsView(ctx: BotContext): Promise<{ text: string; keyboard?: InlineKeyboard }> {
  const { subscribers, catalog, config } = ctx.deps;
  const chatId = ctx.chat?.id;
  const [pcCodes, acCodes, prefs] =
    chatId === undefined
      ? [[], [], undefined]
      : await Promise.all([
          subscribers.listPcs(chatId),
          subscribers.listAcs(chatId),
          subscribers.getPrefs(chatId),
        ]);
  const pcs = pcCodes.flatMap((c) => catalog.byCode(c) ?? []);
  const acs = acCodes.flatMap((c) => catalog.acByCode(c) ?? []);
  if (pcs.length === 0 && acs.length === 0) return { text: ctx.t('mysubs.empty') };
  const lines = [
    ...pcs.map((pc, i) =>
      ctx.t('mysubs.line', {
        n: i + 1,
        pc: pcName(pc, ctx.lang),
        state: stateName(catalog, pc.stateCode, ctx.lang),
      }),
    ),
    ...acs.map((ac, i) =>
      ctx.t('mysubs.line-ac', {
        n: pcs.length + i + 1,
        ac: localName(ac, ctx.lang),
        pc: pcNameOf(catalog, ac.pc, ctx.lang),
        state: stateName(catalog, ac.stateCode, ctx.lang),
      }),
    ),
  ];
  const keyboard = new InlineKeyboard();
  for (const pc of pcs) {
    keyboard
      .text(
        ctx.t('mysubs.remove', { pc: pcName(pc, ctx.lang) }),
        encodeCallback({ kind: 'unsub', pc: pc.code }),
      )
      .row();
  }
  for (const ac of acs) {
    keyboard
      .text(
        ctx.t('mysubs.remove', { pc: localName(ac, ctx.lang) }),
        encodeCallback({ kind: 'unsubAc', ac: ac.code }),
      )
      .row();
  }
  const toggles: Array<keyof SeatPrefs> = [...(acs.length > 0 ? ['wide' as const] : []), 'pcAcs'];
  for (const name of toggles) {
    if (name === 'pcAcs' && pcs.length === 0) continue;
    const on = prefs?.[name] ?? false;
    keyboard
      .text(`${on ? '✅' : '⬜'} ${ctx.t(PREF_KEYS[name])}`, encodeCallback({ kind: 'pref', name, on: !on }))
      .row();
  }
  const count = pcs.length + acs.length;
  const text = `${ctx.t('mysubs.title', { count, max: config.maxSubscriptions })}\n\n${lines.join('\n')}\n\n${ctx.t('mysubs.hint')}`;
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
    // A name of an assembly seat the chat follows removes that seat (not the PC around it).
    const followedAcs = new Set(await subscribers.listAcs(ctx.chat.id));
    const acs = hits.flatMap((h) => acOfHit(catalog, h) ?? []).filter((a) => followedAcs.has(a.code));
    if (acs.length === 1) {
      const ac = acs[0] as (typeof acs)[number];
      await subscribers.unsubscribeAc(ctx.chat.id, ac.code);
      await ctx.reply(
        ctx.t('unsubscribe.removed-ac', {
          ac: localName(ac, ctx.lang),
          state: stateName(catalog, ac.stateCode, ctx.lang),
        }),
      );
      return;
    }
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

  pm.use(
    onCallback('unsubAc', async (ctx, data, next) => {
      const ac = ctx.deps.catalog.acByCode(data.ac);
      if (!ac) return next();
      const removed = await ctx.deps.subscribers.unsubscribeAc(ctx.chat.id, ac.code);
      const name = localName(ac, ctx.lang);
      await ctx.answerCallbackQuery({
        text: removed
          ? ctx.t('unsubscribe.toast', { pc: name })
          : ctx.t('unsubscribe.not-following', { pc: name }),
      });
      const view = await mySubscriptionsView(ctx);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
    }),
  );

  pm.use(
    onCallback('pref', async (ctx, data, next) => {
      if (data.name !== 'wide' && data.name !== 'pcAcs') return next();
      const saved = await ctx.deps.subscribers.setPref(ctx.chat.id, data.name, data.on);
      await ctx.answerCallbackQuery({ text: ctx.t(saved ? 'mysubs.pref-saved' : 'errors.generic') });
      const view = await mySubscriptionsView(ctx);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
    }),
  );

  return composer;
}
