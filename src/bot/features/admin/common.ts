import { InlineKeyboard } from 'grammy';
import type { Draft } from '../../../store/admin-state.js';
import type { Delivery } from '../../../store/deliveries.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { progressView } from '../../../telegram/progress-view.js';
import type { BotContext } from '../../context.js';

/** Admin commands: what a non-admin must never be able to use (and sees only "unknown command" for). */
export const ADMIN_COMMANDS = ['publish', 'broadcast', 'scheduled', 'correct', 'stats', 'cancel'] as const;

/** Saves the draft and shows the recipient count with [send now] [schedule] [cancel]. */
export async function offerDraft(ctx: BotContext, draft: Draft): Promise<void> {
  const { deps } = ctx;
  const count = await deps.delivery.countAudience(draft.target);
  const draftId = await deps.adminState.saveDraft(draft);
  const kb = new InlineKeyboard()
    .text(ctx.t('admin.button-send-now'), encodeCallback({ kind: 'delivery', action: 'send', id: draftId }))
    .text(
      ctx.t('admin.button-schedule'),
      encodeCallback({ kind: 'delivery', action: 'schedule', id: draftId }),
    )
    .row()
    .text(
      ctx.t('admin.button-discard'),
      encodeCallback({ kind: 'delivery', action: 'discard', id: draftId }),
    );
  await ctx.reply(
    ctx.t('admin.confirm', { target: draft.targetLabel, count: formatCount(count, ctx.lang) }),
    { reply_markup: kb },
  );
}

/** Posts the progress message of a delivery that just started and hands it to the reporter. */
export async function announceDelivery(ctx: BotContext, d: Delivery): Promise<void> {
  const view = progressView(d, ctx.lang, ctx.deps.i18n, ctx.deps.config.sendRate);
  const msg = await ctx.reply(view.text, { reply_markup: view.keyboard });
  await ctx.deps.deliveries.setProgressMessage(d.id, msg.chat.id, msg.message_id);
}

/** Writes one line to the audit log for the current admin. */
export async function audit(
  ctx: BotContext,
  action: string,
  outcome: string,
  target?: string,
): Promise<void> {
  await ctx.deps.audit.record({
    who: String(ctx.from?.id ?? 'unknown'),
    action,
    outcome,
    ...(target ? { target } : {}),
  });
}
