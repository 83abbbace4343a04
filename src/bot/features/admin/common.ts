import { InlineKeyboard } from 'grammy';
import { isBriefingContent } from '../../../delivery/kinds/briefing.js';
import { DeliveryActionError } from '../../../delivery/service.js';
import type { Draft } from '../../../store/admin-state.js';
import type { Delivery } from '../../../store/deliveries.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { progressView } from '../../../telegram/progress-view.js';
import { broadcast, publishBriefing, UseCaseError } from '../../../usecases/deliveries.js';
import type { BotContext } from '../../context.js';

/** Admin commands: what a non-admin must never be able to use (and sees only "unknown command" for). */
export const ADMIN_COMMANDS = ['publish', 'broadcast', 'scheduled', 'correct', 'stats', 'cancel'] as const;

/**
 * The briefing a draft publishes, if it is one: a briefing goes through its own use case
 * (publishBriefing: "already have it", audited as a publication), anything else is a broadcast.
 */
function briefingOf(draft: Draft): string | undefined {
  return isBriefingContent(draft.content) ? draft.content.briefingId : undefined;
}

/**
 * Starts a draft now, or at `at`, through its use case. Throws the use cases' errors
 * ({@link draftErrorText} puts them in words).
 */
export async function deliverDraft(ctx: BotContext, draft: Draft, at?: number): Promise<Delivery> {
  const by = { id: String(ctx.from?.id ?? 'unknown') };
  const when = at !== undefined ? { at } : {};
  const briefingId = briefingOf(draft);
  if (briefingId) {
    const plan = await publishBriefing(ctx.deps, { briefingId, by, ...when });
    if (!plan.delivery) throw new Error(`publishing ${briefingId} started no delivery`);
    return plan.delivery;
  }
  return broadcast(ctx.deps, {
    content: draft.content,
    target: draft.target,
    by,
    label: draft.targetLabel,
    ...when,
  });
}

/**
 * Why a draft did not start, in the admin's words, audited once: publishBriefing records a delivery
 * that would not start itself; a briefing gone and any broadcast refused are recorded here. Rethrows
 * anything else.
 */
export async function draftErrorText(
  ctx: BotContext,
  draft: Draft,
  action: string,
  err: unknown,
): Promise<string> {
  if (!(err instanceof DeliveryActionError || err instanceof UseCaseError)) throw err;
  const text = ctx.t(`admin.error-${err.code}`);
  const auditedByUseCase = briefingOf(draft) !== undefined && err instanceof DeliveryActionError;
  if (!auditedByUseCase) await audit(ctx, action, text, draft.targetLabel);
  return text;
}

/**
 * Saves the draft and shows who it reaches with [send now] [schedule] [discard]; for a briefing also
 * how many readers already have it from an earlier publication (they are skipped).
 */
export async function offerDraft(ctx: BotContext, draft: Draft): Promise<void> {
  const { deps } = ctx;
  const briefingId = briefingOf(draft);
  const plan = briefingId
    ? await publishBriefing(deps, { briefingId, by: { id: String(ctx.from?.id ?? 'unknown') }, dryRun: true })
    : { audience: await deps.delivery.countAudience(draft.target), alreadyHave: undefined };
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
  const figures = { target: draft.targetLabel, count: formatCount(plan.audience, ctx.lang) };
  await ctx.reply(
    plan.alreadyHave === undefined
      ? ctx.t('admin.confirm', figures)
      : ctx.t('admin.confirm-briefing', { ...figures, already: formatCount(plan.alreadyHave, ctx.lang) }),
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
