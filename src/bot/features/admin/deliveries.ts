import { Composer, InlineKeyboard } from 'grammy';
import { DeliveryActionError } from '../../../delivery/service.js';
import { type Delivery, isDeliveryId } from '../../../store/deliveries.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { onCallback } from '../../../telegram/on-callback.js';
import { progressView } from '../../../telegram/progress-view.js';
import { targetLabel } from '../../../telegram/targets.js';
import { controlDelivery, correctDelivery } from '../../../usecases/deliveries.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { clip } from '../../format.js';
import { renderForChat, sendContent } from '../../shared/send-content.js';
import { announceDelivery, audit, deliverDraft, draftErrorText } from './common.js';
import { scheduleAskText, scheduleWhenText } from './schedule.js';

const HTML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };

/**
 * What a delivery sends, in a few words for a list: the first line of its first message as its kind
 * renders it (a briefing's title, the start of a text), or "संदेश" for a copied media message.
 */
export async function contentSummary(ctx: BotContext, d: Delivery): Promise<string> {
  const first = (await renderForChat(ctx, d))?.[0];
  if (first?.method !== 'text') return ctx.t('admin.content-message');
  const text =
    first.parseMode === 'HTML'
      ? first.text.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|quot|amp);/g, (e) => HTML_ENTITIES[e] ?? e)
      : first.text;
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line ? clip(line.trim(), 60) : ctx.t('admin.content-message');
}

function actionError(ctx: BotContext, err: unknown): string {
  if (err instanceof DeliveryActionError) return ctx.t(`admin.error-${err.code}`);
  throw err;
}

/** Recent deliveries that can be corrected, one button each by headline and audience. */
async function offerCorrections(ctx: BotContext): Promise<void> {
  const { deliveries, kinds } = ctx.deps;
  const recent: Delivery[] = [];
  for (const d of await deliveries.recent(20))
    if (kinds.of(d).corrects !== 'never' && (await deliveries.recordCount(kinds.contentKey(d))) > 0)
      recent.push(d);
  if (recent.length === 0) {
    await ctx.reply(ctx.t('admin.correct-none'));
    return;
  }
  const kb = new InlineKeyboard();
  for (const d of recent.slice(0, 8)) {
    const what = await contentSummary(ctx, d);
    const to = targetLabel(d.target, ctx.deps.catalog, ctx.lang, ctx.t);
    kb.text(clip(`${what} · ${to}`, 60), encodeCallback({ kind: 'correctPick', id: d.id })).row();
  }
  await ctx.reply(ctx.t('admin.correct-choose'), { reply_markup: kb });
}

/**
 * /correct of one delivery: a briefing is shown as it is stored now, with how many copies change and
 * a button to apply it, or to write a new text through /edit; a message asks for its new text (then
 * previewed in await-input.ts). Nothing is edited before the admin's tap.
 */
/**
 * True (and the editor told so) when `deliveryId` goes to all readers and the sender is no owner: what
 * reaches everyone is the owners' to pause, resume, cancel or correct, as sending it was. Resuming a
 * broadcast an owner paused would otherwise be publishing to everyone by another door.
 */
async function ownersOnly(ctx: BotContext, deliveryId: string, how: 'reply' | 'answer'): Promise<boolean> {
  const d = await ctx.deps.deliveries.get(deliveryId);
  if (d?.target.kind !== 'all' || (await deskRole(ctx)) === 'owner') return false;
  const text = ctx.t('admin.national-owners-only');
  if (how === 'answer') await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
  await audit(ctx, 'national-delivery', 'refused');
  return true;
}

async function startCorrection(ctx: BotContext, id: string): Promise<void> {
  if (!ctx.from) return;
  const original = await ctx.deps.deliveries.get(id);
  if (!original) {
    await ctx.reply(ctx.t('admin.error-not-found'));
    return;
  }
  if (await ownersOnly(ctx, id, 'reply')) return;
  const corrects = ctx.deps.kinds.of(original).corrects;
  if (corrects === 'never') {
    // Said here with its reason: the service's refusal is one code for every state it cannot act in.
    // A correction names the delivery it corrects (`of`): the admin is pointed there.
    const of = original.content.of;
    await ctx.reply(
      typeof of === 'string'
        ? ctx.t('admin.error-correct-correction', { id, of })
        : ctx.t('admin.error-correct-never', { id }),
    );
    await audit(ctx, 'correct', 'cannot be corrected', id);
    return;
  }
  if (corrects === 'as-stored') {
    const copies = await ctx.deps.deliveries.recordCount(ctx.deps.kinds.contentKey(original));
    await ctx.reply(ctx.t('admin.preview-heading'));
    if (!(await sendContent(ctx, { content: original.content }))) {
      await ctx.reply(ctx.t('admin.error-briefing-not-found'));
      return;
    }
    const kb = new InlineKeyboard().text(
      ctx.t('correction.button-apply'),
      encodeCallback({ kind: 'delivery', action: 'fixstored', id }),
    );
    const briefingId = original.content.kind === 'briefing' ? String(original.content.briefingId) : undefined;
    if (briefingId && briefingId.length <= 62)
      kb.row().text(
        ctx.t('correction.button-rewrite'),
        encodeCallback({ kind: 'briefingEdit', id: briefingId }),
      );
    await ctx.reply(ctx.t('correction.confirm-stored', { count: formatCount(copies, ctx.lang) }), {
      reply_markup: kb,
    });
    return;
  }
  await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'correction-text', deliveryId: id });
  await ctx.reply(ctx.t('admin.correct-ask-text'));
}

/** Send/schedule/discard of drafts, pause/resume/cancel of deliveries, /scheduled, /correct. */
export function deliveriesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.use(
    onCallback('delivery', async (ctx, data, next) => {
      const { adminState } = ctx.deps;
      const by = String(ctx.from.id);
      switch (data.action) {
        case 'send': {
          const draft = await adminState.takeDraft(data.id);
          if (!draft) {
            await ctx.answerCallbackQuery({ text: ctx.t('admin.draft-gone') });
            return;
          }
          let d: Delivery;
          try {
            d = await deliverDraft(ctx, draft);
          } catch (err) {
            await ctx.answerCallbackQuery({ text: await draftErrorText(ctx, draft, 'deliver', err) });
            return;
          }
          await ctx.answerCallbackQuery();
          await ctx.editMessageText(ctx.t('admin.started', { target: draft.targetLabel, id: d.id }));
          await announceDelivery(ctx, d);
          return;
        }
        case 'schedule': {
          if (!(await adminState.draft(data.id))) {
            await ctx.answerCallbackQuery({ text: ctx.t('admin.draft-gone') });
            return;
          }
          await adminState.setAwaiting(ctx.from.id, { kind: 'schedule-time', draftId: data.id });
          await ctx.answerCallbackQuery();
          await ctx.reply(scheduleAskText(ctx));
          return;
        }
        case 'fix': {
          // A corrected text the admin has seen in preview (await-input.ts): now every copy is edited.
          const correction = await adminState.takeCorrection(data.id);
          if (!correction) {
            await ctx.answerCallbackQuery({ text: ctx.t('admin.draft-gone') });
            return;
          }
          if (await ownersOnly(ctx, correction.deliveryId, 'answer')) return;
          try {
            const d = await correctDelivery(ctx.deps, {
              deliveryId: correction.deliveryId,
              by: { id: by },
              text: {
                text: correction.text,
                ...(correction.entities ? { entities: correction.entities } : {}),
              },
            });
            await ctx.answerCallbackQuery();
            await ctx.editMessageText(ctx.t('admin.correct-started', { id: d.id }));
            await announceDelivery(ctx, d);
          } catch (err) {
            await ctx.answerCallbackQuery({ text: actionError(ctx, err) });
          }
          return;
        }
        case 'fixstored': {
          // A briefing as it is stored now, previewed by /correct: every copy is edited to it.
          if (!isDeliveryId(data.id)) return next();
          if (await ownersOnly(ctx, data.id, 'answer')) return;
          await ctx.answerCallbackQuery();
          const summary = await ctx.deps.syncContent();
          try {
            const d = await correctDelivery(ctx.deps, { deliveryId: data.id, by: { id: by } });
            const counts = Object.fromEntries(
              Object.entries(summary).map(([k, v]) => [k, formatCount(v, ctx.lang)]),
            );
            await ctx.editMessageText(
              `${ctx.t('admin.correct-started', { id: d.id })}\n${ctx.t('admin.correct-synced', counts)}`,
            );
            await announceDelivery(ctx, d);
          } catch (err) {
            await ctx.reply(actionError(ctx, err));
          }
          return;
        }
        case 'discard': {
          await adminState.takeDraft(data.id);
          await ctx.answerCallbackQuery();
          await ctx.editMessageText(ctx.t('admin.discarded'));
          await audit(ctx, 'discard', 'ok');
          return;
        }
        case 'pause':
        case 'resume':
        case 'cancel': {
          if (!isDeliveryId(data.id)) return next();
          if (await ownersOnly(ctx, data.id, 'answer')) return;
          try {
            const d = await controlDelivery(ctx.deps, {
              deliveryId: data.id,
              by: { id: by },
              action: data.action,
            });
            await ctx.answerCallbackQuery({ text: ctx.t(`admin.done-${data.action}`) });
            const view = progressView(d, ctx.lang, ctx.deps.i18n, ctx.deps.config.sendRate);
            await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
          } catch (err) {
            await ctx.answerCallbackQuery({ text: actionError(ctx, err) });
          }
          return;
        }
        default:
          return next();
      }
    }),
  );

  composer.command('scheduled', async (ctx) => {
    const list = await ctx.deps.deliveries.scheduled();
    if (list.length === 0) {
      await ctx.reply(ctx.t('admin.scheduled-none'));
      return;
    }
    for (const d of list.slice(0, 20)) {
      const kb = new InlineKeyboard().text(
        ctx.t('admin.button-cancel'),
        encodeCallback({ kind: 'delivery', action: 'cancel', id: d.id }),
      );
      // Plain text: t() escapes it for this HTML reply.
      const what = await contentSummary(ctx, d);
      await ctx.reply(
        ctx.t('admin.scheduled-line', {
          id: d.id,
          what,
          at: scheduleWhenText(ctx, d.scheduledAt ?? 0),
          target: targetLabel(d.target, ctx.deps.catalog, ctx.lang, ctx.t),
        }),
        { reply_markup: kb },
      );
    }
  });

  composer.command('correct', async (ctx) => {
    const id = ctx.match.trim();
    if (!ctx.from) return;
    if (id === '') {
      await offerCorrections(ctx);
      return;
    }
    if (!isDeliveryId(id)) {
      await ctx.reply(ctx.t('admin.correct-usage'));
      return;
    }
    await startCorrection(ctx, id);
  });

  composer.use(
    onCallback('correctPick', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      if (isDeliveryId(data.id)) await startCorrection(ctx, data.id);
    }),
  );

  return composer;
}
