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
import { deskRole } from '../../filters/is-admin.js';

/** Admin commands: what a non-admin must never be able to use (and sees only "unknown command" for). */
export const ADMIN_COMMANDS = [
  'new',
  'drafts',
  'edit',
  'withdraw',
  'publish',
  'broadcast',
  'scheduled',
  'correct',
  'stats',
  'editors',
  'desk',
  'feeds',
  'tokens',
  'election',
  'cancel',
] as const;

/** The admin commands only owners may use; editors get the rest. */
export const OWNER_COMMANDS: readonly (typeof ADMIN_COMMANDS)[number][] = [
  'editors',
  'feeds',
  'tokens',
  'election',
];

/** A draft for everyone met by an editor: publishing to everyone stays with owners. */
export class OwnerOnlyError extends Error {
  constructor() {
    super('publishing to everyone is for owners only');
    this.name = 'OwnerOnlyError';
  }
}

/**
 * Refuses a draft for everyone to an editor, in words, audited: true when refused. Checked when the
 * draft is offered and again when it is sent (a button of an owner's draft reaching an editor).
 */
export async function refuseEveryone(ctx: BotContext, draft: Pick<Draft, 'target' | 'targetLabel'>) {
  if (draft.target.kind !== 'all' || (await deskRole(ctx)) === 'owner') return false;
  await audit(ctx, 'publish-everyone', 'refused: owners only', draft.targetLabel);
  return true;
}

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
  if (await refuseEveryone(ctx, draft)) throw new OwnerOnlyError();
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
  // Already audited by refuseEveryone.
  if (err instanceof OwnerOnlyError) return ctx.t('editors.refuse-everyone');
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
  if (await refuseEveryone(ctx, draft)) {
    await ctx.reply(ctx.t('editors.refuse-everyone'));
    return;
  }
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
