import { ContentGoneError, type Outgoing } from '../../delivery/content-kind.js';
import { sendOutgoing } from '../../delivery/outgoing.js';
import type { Delivery } from '../../store/deliveries.js';
import type { BotContext } from '../context.js';

/** What is shown: a delivery's content, and the corrected text when it shows a correction. */
export type Shown = Pick<Delivery, 'content'> & Partial<Pick<Delivery, 'correction'>>;

/**
 * Renders content for the current chat exactly as its readers receive it, by its registered content
 * kind; undefined when the content no longer exists (a briefing withdrawn).
 *
 * The kind renders it directly, not through the registry's per-process cache: that cache is keyed by
 * delivery, and a preview must show the content as it is stored now.
 */
export async function renderForChat(ctx: BotContext, shown: Shown): Promise<Outgoing[] | undefined> {
  const chatId = ctx.chat?.id ?? ctx.from?.id ?? 0;
  const now = Date.now();
  // A delivery that exists only for this rendering: never stored, counted or sent to anyone else.
  const d: Delivery = {
    id: 'preview',
    content: shown.content,
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
    ...(shown.correction ? { correction: shown.correction } : {}),
  };
  // The reader is this chat in its language; no kind shown here reads more of the chat record.
  const chat = {
    id: chatId,
    lang: ctx.lang,
    status: 'active' as const,
    createdAt: now,
    digest: 'off',
    quiet: false,
  };
  try {
    return (await ctx.deps.kinds.of(d).render(d, { chatId, lang: ctx.lang, chat })).messages;
  } catch (err) {
    if (err instanceof ContentGoneError) return undefined;
    throw err;
  }
}

/**
 * Sends content to the current chat as its readers receive it (see {@link renderForChat}), through the
 * workers' own `sendOutgoing`: an admin's preview (a briefing, a broadcast, a corrected text over its
 * original), or the briefing a "ये भी पढ़ें" link opens. Returns false when the content is gone.
 */
export async function sendContent(ctx: BotContext, shown: Shown): Promise<boolean> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return false;
  const messages = await renderForChat(ctx, shown);
  if (!messages) return false;
  for (const o of messages) await sendOutgoing(ctx.api, chatId, o);
  return true;
}
