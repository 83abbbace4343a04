import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { briefingTextFrom } from '../../../briefings/from-entities.js';
import type { Briefing } from '../../../briefings/types.js';
import { briefingContentKey } from '../../../delivery/kinds/briefing.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { onCallback } from '../../../telegram/on-callback.js';
import {
  deleteBriefingCopies,
  editBriefing,
  findBriefings,
  withdrawFromDesk,
} from '../../../usecases/desk.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { clip } from '../../format.js';
import { announceDelivery } from '../admin/common.js';
import { actorOf, desk, deskErrorText } from './common.js';
import { MAX_DRAFT_BODY } from './compose.js';
import { sendBriefingPreview } from './preview.js';

type Action = 'edit' | 'withdraw';

/**
 * The briefing a command means: the message it replies to (a briefing as readers got it, or its
 * preview: its first line is the title), else its argument (an id or words of the title). Several
 * matches are offered as buttons by headline; none is answered. Returns the one briefing, if one.
 */
async function findTarget(ctx: BotContext, action: Action, query: string, reply?: Message) {
  const dd = desk(ctx);
  let found: Briefing[] = [];
  const replied = reply ? (reply.text ?? reply.caption ?? '').split('\n')[0]?.trim() : undefined;
  if (replied) {
    const hits = await findBriefings(dd, { text: replied, limit: 5 });
    const exact = hits.filter((b) => b.title.trim() === replied);
    found = exact.length > 0 ? exact : hits;
  } else if (query) found = await findBriefings(dd, { text: query, limit: 6 });
  else {
    await ctx.reply(ctx.t(`desk.${action}-usage`));
    return undefined;
  }
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    await ctx.reply(ctx.t('desk.find-none', { query: clip(replied ?? query, 60) }));
    return undefined;
  }
  const kb = new InlineKeyboard();
  for (const b of found)
    kb.text(
      clip(b.title, 60),
      encodeCallback({ kind: action === 'edit' ? 'briefingEdit' : 'briefingWithdraw', id: b.id }),
    ).row();
  await ctx.reply(ctx.t('desk.find-choose'), { reply_markup: kb });
  return undefined;
}

/**
 * Whether the sender may change or withdraw `b`: a briefing that went to everyone is the owners' alone
 * (as publishing it was). An editor hears so before writing a new text, not after.
 */
async function mayChange(ctx: BotContext, b: Briefing): Promise<boolean> {
  if (b.audience.kind !== 'national' || (await deskRole(ctx)) === 'owner') return true;
  await ctx.reply(ctx.t('desk.national-owners-only'));
  return false;
}

async function askNewText(ctx: BotContext, b: Briefing): Promise<void> {
  if (!(await mayChange(ctx, b))) return;
  await ctx.deps.adminState.setAwaiting(ctx.from?.id as number, { kind: 'desk-edit-text', briefingId: b.id });
  await ctx.reply(ctx.t('desk.edit-ask-text', { title: b.title }));
}

async function askWithdraw(ctx: BotContext, b: Briefing): Promise<void> {
  if (!(await mayChange(ctx, b))) return;
  const kb = new InlineKeyboard()
    .text(ctx.t('desk.button-withdraw'), encodeCallback({ kind: 'briefingWithdrawConfirm', id: b.id }))
    .row()
    .text(ctx.t('desk.button-no'), encodeCallback({ kind: 'deskCancel' }));
  await ctx.reply(ctx.t('desk.withdraw-confirm', { title: b.title }), { reply_markup: kb });
}

/**
 * The new text of a briefing under /edit: previewed as readers will see it, with how many copies it
 * changes, and a button to apply. Nothing changes before the tap.
 */
async function readNewText(ctx: BotContext, briefingId: string, m: Message): Promise<void> {
  const text = m.text ?? m.caption;
  if (!text?.trim()) return void (await ctx.reply(ctx.t('admin.correct-text-only')));
  const b = await ctx.deps.briefings.get(briefingId);
  if (!b) return void (await ctx.reply(ctx.t('desk.withdraw-gone')));
  const patch = briefingTextFrom({ text, entities: (m.text ? m.entities : m.caption_entities) ?? [] });
  if (patch.body.length > MAX_DRAFT_BODY)
    return void (await ctx.reply(
      ctx.t('desk.too-long', {
        count: formatCount(patch.body.length, ctx.lang),
        max: formatCount(MAX_DRAFT_BODY, ctx.lang),
      }),
    ));
  await ctx.deps.adminState.setAwaiting(ctx.from?.id as number, {
    kind: 'desk-edit-confirm',
    briefingId,
    patch,
  });
  await ctx.reply(ctx.t('desk.preview-heading'));
  await sendBriefingPreview(ctx, { ...b, ...patch });
  const copies = await ctx.deps.deliveries.recordCount(briefingContentKey(briefingId));
  const kb = new InlineKeyboard()
    .text(ctx.t('desk.button-edit-apply'), encodeCallback({ kind: 'briefingEditApply', id: briefingId }))
    .row()
    .text(ctx.t('desk.button-no'), encodeCallback({ kind: 'deskCancel' }));
  await ctx.reply(ctx.t('desk.edit-confirm', { count: formatCount(copies, ctx.lang) }), { reply_markup: kb });
}

/** /edit and /withdraw of published briefings, and their confirmations. */
export function editFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('edit', async (ctx) => {
    const b = await findTarget(ctx, 'edit', ctx.match.trim(), ctx.message?.reply_to_message);
    if (b) await askNewText(ctx, b);
  });

  composer.command('withdraw', async (ctx) => {
    const b = await findTarget(ctx, 'withdraw', ctx.match.trim(), ctx.message?.reply_to_message);
    if (b) await askWithdraw(ctx, b);
  });

  composer.on('message', async (ctx, next) => {
    if (!ctx.from || ctx.message.text?.startsWith('/')) return next();
    const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
    if (waiting?.kind !== 'desk-edit-text') return next();
    await readNewText(ctx, waiting.briefingId, ctx.message);
  });

  composer.use(
    onCallback('briefingEdit', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const b = await ctx.deps.briefings.get(data.id);
      if (!b) return void (await ctx.reply(ctx.t('desk.withdraw-gone')));
      await askNewText(ctx, b);
    }),
  );

  composer.use(
    onCallback('briefingEditApply', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
      if (waiting?.kind !== 'desk-edit-confirm' || waiting.briefingId !== data.id)
        return void (await ctx.reply(ctx.t('desk.edit-gone')));
      await ctx.deps.adminState.clearAwaiting(ctx.from.id);
      try {
        const { briefing, corrected } = await editBriefing(
          desk(ctx),
          await actorOf(ctx),
          data.id,
          waiting.patch,
        );
        await ctx.reply(
          ctx.t(corrected ? 'desk.edited' : 'desk.edited-unsent', { revision: briefing.revision }),
        );
        if (corrected) await announceDelivery(ctx, corrected);
      } catch (err) {
        await ctx.reply(deskErrorText(ctx, err));
      }
    }),
  );

  composer.use(
    onCallback('deskCancel', async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.deps.adminState.clearAwaiting(ctx.from.id);
      await ctx.reply(ctx.t('admin.input-cancelled'));
    }),
  );

  composer.use(
    onCallback('briefingWithdraw', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const b = await ctx.deps.briefings.get(data.id);
      if (!b) return void (await ctx.reply(ctx.t('desk.withdraw-gone')));
      await askWithdraw(ctx, b);
    }),
  );

  composer.use(
    onCallback('briefingWithdrawConfirm', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      try {
        const w = await withdrawFromDesk(desk(ctx), await actorOf(ctx), data.id);
        if (w.copies === 0 && w.cancelled.length === 0)
          return void (await ctx.reply(ctx.t('desk.withdrawn-no-copies')));
        const kb = new InlineKeyboard()
          .text(
            ctx.t('desk.button-delete-copies'),
            encodeCallback({ kind: 'briefingDeleteCopies', id: data.id }),
          )
          .row()
          .text(ctx.t('desk.button-no'), encodeCallback({ kind: 'deskCancel' }));
        await ctx.reply(ctx.t('desk.withdrawn', { copies: formatCount(w.copies, ctx.lang) }), {
          reply_markup: kb,
        });
      } catch (err) {
        await ctx.reply(deskErrorText(ctx, err));
      }
    }),
  );

  composer.use(
    onCallback('briefingDeleteCopies', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      try {
        const { deletion } = await deleteBriefingCopies(desk(ctx), await actorOf(ctx), data.id);
        if (!deletion) return void (await ctx.reply(ctx.t('desk.withdrawn-no-copies')));
        await ctx.reply(ctx.t('desk.deleting'));
        await announceDelivery(ctx, deletion);
      } catch (err) {
        await ctx.reply(deskErrorText(ctx, err));
      }
    }),
  );

  return composer;
}
