import type { Briefing } from '../../../briefings/types.js';
import { briefingMessages } from '../../../delivery/kinds/briefing.js';
import { sendOutgoing } from '../../../delivery/outgoing.js';
import type { BotContext } from '../../context.js';

/**
 * Sends a briefing that is not (or not yet in this form) stored to the current chat exactly as its
 * readers will receive it: the briefing kind's own `briefingMessages`, the code the send workers run,
 * with its "ये भी पढ़ें" candidates from the store. A draft's preview and an edit's preview both go
 * this way, so what the editor approves is what readers get.
 */
export async function sendBriefingPreview(ctx: BotContext, briefing: Briefing): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const { deps } = ctx;
  const related = (await deps.briefings.alsoReadCandidates(briefing)).filter((b) => b.id !== briefing.id);
  const messages = briefingMessages(briefing, {
    lang: ctx.lang,
    i18n: deps.i18n,
    catalog: deps.catalog,
    botUsername: ctx.me.username,
    related,
  });
  for (const o of messages) await sendOutgoing(ctx.api, chatId, o);
}
