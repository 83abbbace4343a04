import type { Briefing } from '../../../briefings/types.js';
import { type BriefingContent, briefingKind } from '../../../delivery/kinds/briefing.js';
import { sendOutgoing } from '../../../delivery/outgoing.js';
import type { Delivery } from '../../../store/deliveries.js';
import type { BotContext } from '../../context.js';

/**
 * Sends a briefing that is not (or not yet in this form) stored to the current chat exactly as its
 * readers will receive it: through the briefing content kind itself, the same code the send workers
 * run, fed this briefing and its "ये भी पढ़ें" candidates from the store. A draft's preview and an edit's
 * preview both go this way, so what the editor approves is what readers get.
 */
export async function sendBriefingPreview(ctx: BotContext, briefing: Briefing): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const { deps } = ctx;
  const kind = briefingKind({
    briefings: {
      getForReading: async () => ({
        briefing,
        related: (await deps.briefings.alsoReadCandidates(briefing)).filter((b) => b.id !== briefing.id),
      }),
    },
    catalog: deps.catalog,
    i18n: deps.i18n,
    botUsername: () => ctx.me.username,
  });
  const now = Date.now();
  // A delivery that exists only for this rendering: never stored, counted or sent to anyone else.
  const d: Delivery<BriefingContent> = {
    id: 'preview',
    content: { kind: 'briefing', briefingId: briefing.id },
    target: { kind: 'pcs', pcs: [] },
    createdBy: String(ctx.from?.id ?? ''),
    createdAt: now,
    status: 'running',
    total: 0,
    sent: 0,
    blocked: 0,
    failed: 0,
    skipped: 0,
    fanoutDone: true,
  };
  const chat = { id: chatId, lang: ctx.lang, status: 'active' as const, createdAt: now, digest: 'off', quiet: false };
  const { messages } = await kind.render(d, { chatId, lang: ctx.lang, chat });
  for (const o of messages) await sendOutgoing(ctx.api, chatId, o);
}
