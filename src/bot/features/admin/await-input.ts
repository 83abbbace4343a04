import { Composer, InlineKeyboard } from 'grammy';
import { localName, pcWithState } from '../../../catalog/names.js';
import { acOfHit } from '../../../catalog/search.js';
import type { DeliveryContent } from '../../../store/deliveries.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { targetLabel } from '../../../telegram/targets.js';
import type { BotContext } from '../../context.js';
import { sendContent } from '../../shared/send-content.js';
import { audit, offerDraft } from './common.js';
import { readEditorInput } from './editors.js';
import { readScheduleTime } from './schedule.js';

/**
 * The next message of an admin in the middle of a multi-step command: a seat for a broadcast, the
 * broadcast itself (any message), a time for a scheduled delivery, a corrected text. /cancel drops it.
 */
export function awaitInputFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('cancel', async (ctx) => {
    if (!ctx.from) return;
    await ctx.deps.adminState.clearAwaiting(ctx.from.id);
    await ctx.reply(ctx.t('admin.input-cancelled'));
  });

  composer.on('message', async (ctx, next) => {
    if (!ctx.from || ctx.message.text?.startsWith('/')) return next();
    const { adminState, catalog, search } = ctx.deps;
    const waiting = await adminState.awaiting(ctx.from.id);
    if (!waiting) return next();
    const text = ctx.message.text ?? '';

    switch (waiting.kind) {
      case 'broadcast-pc': {
        const r = search(text, { limit: 6 });
        const ac = r.kind === 'one' ? acOfHit(catalog, r.hit) : undefined;
        if (r.kind === 'one' && ac) {
          // A name of an assembly seat: that seat, or its whole PC (the state's election first).
          const acButton: [string, string] = [
            ctx.t('subscribe.follow-ac', { ac: localName(ac, ctx.lang) }),
            encodeCallback({ kind: 'target', scope: 'acx', code: ac.code }),
          ];
          const pcButton: [string, string] = [
            ctx.t('subscribe.follow-pc', { pc: localName(r.hit.pc, ctx.lang) }),
            encodeCallback({ kind: 'target', scope: 'pcx', code: r.hit.pc.code }),
          ];
          const first = await ctx.deps.elections.get(ac.stateCode);
          const kb = new InlineKeyboard();
          for (const [label, data] of first === 'vs' ? [acButton, pcButton] : [pcButton, acButton])
            kb.text(label, data).row();
          await ctx.reply(ctx.t('admin.broadcast-pc-which'), { reply_markup: kb });
          return;
        }
        if (r.kind === 'one') {
          const target = { kind: 'pcs' as const, pcs: [r.hit.pc.code] };
          const label = targetLabel(target, catalog, ctx.lang, ctx.t);
          await adminState.setAwaiting(ctx.from.id, {
            kind: 'broadcast-message',
            target,
            targetLabel: label,
          });
          await ctx.reply(ctx.t('admin.broadcast-ask-message', { target: label }));
          return;
        }
        const hits = r.kind === 'none' ? r.suggestions : r.hits;
        if (hits.length === 0) {
          await ctx.reply(ctx.t('admin.broadcast-pc-none'));
          return;
        }
        const kb = new InlineKeyboard();
        for (const h of hits.slice(0, 6))
          kb.text(
            pcWithState(catalog, h.pc, ctx.lang),
            encodeCallback({ kind: 'target', scope: 'pcx', code: h.pc.code }),
          ).row();
        await ctx.reply(ctx.t('admin.broadcast-pc-which'), { reply_markup: kb });
        return;
      }
      case 'broadcast-message': {
        const content: DeliveryContent = ctx.message.text
          ? {
              kind: 'text',
              text: ctx.message.text,
              ...(ctx.message.entities ? { entities: ctx.message.entities } : {}),
            }
          : { kind: 'copy', fromChatId: ctx.chat.id, messageId: ctx.message.message_id };
        await adminState.clearAwaiting(ctx.from.id);
        await ctx.reply(ctx.t('admin.preview-heading'));
        await sendContent(ctx, { content });
        await offerDraft(ctx, { content, target: waiting.target, targetLabel: waiting.targetLabel });
        await audit(ctx, 'broadcast-preview', 'ok', waiting.targetLabel);
        return;
      }
      case 'editor-add':
      case 'editor-confirm': {
        // A new answer while one waits for confirmation replaces it.
        await readEditorInput(ctx, ctx.message);
        return;
      }
      case 'schedule-time': {
        await readScheduleTime(ctx, waiting.draftId, text);
        return;
      }
      case 'correction-text': {
        if (!ctx.message.text) {
          await ctx.reply(ctx.t('admin.correct-text-only'));
          return;
        }
        await adminState.clearAwaiting(ctx.from.id);
        // Every copy already sent is edited: the admin sees the new text as readers will, and how many
        // copies it changes, before anything is touched.
        const original = await ctx.deps.deliveries.get(waiting.deliveryId);
        if (!original) {
          await ctx.reply(ctx.t('admin.error-not-found'));
          return;
        }
        const correction = {
          deliveryId: waiting.deliveryId,
          text: ctx.message.text,
          ...(ctx.message.entities ? { entities: ctx.message.entities } : {}),
        };
        const id = await adminState.saveCorrection(correction);
        const copies = await ctx.deps.deliveries.recordCount(ctx.deps.kinds.contentKey(original));
        // The original as its readers will see it once corrected, rendered by its own kind.
        await sendContent(ctx, {
          content: original.content,
          correction: {
            text: correction.text,
            ...(correction.entities ? { entities: correction.entities } : {}),
          },
        });
        const kb = new InlineKeyboard()
          .text(ctx.t('correction.button-apply'), encodeCallback({ kind: 'delivery', action: 'fix', id }))
          .text(ctx.t('admin.button-discard'), encodeCallback({ kind: 'delivery', action: 'discard', id }));
        await ctx.reply(
          ctx.t('correction.confirm', { id: original.id, count: formatCount(copies, ctx.lang) }),
          { reply_markup: kb },
        );
        return;
      }
      default:
        // The desk's own inputs (/new, /edit): its composer reads them.
        return next();
    }
  });

  return composer;
}
