import { Composer } from 'grammy';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { composeFeature } from './compose.js';
import { editFeature } from './edit.js';

/**
 * The newsroom desk in Telegram: /new and /drafts (write, tag, preview, publish or schedule a
 * briefing, and act on any draft's card), /edit and /withdraw (change or take back a published one).
 * Only owners and editors, in private chats, reach it; anyone else's desk command or button passes on
 * untouched (the admin composer has logged and audited it) to the catch-all, as an unknown command.
 */
export function deskFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType('private')
    .filter(async (ctx) => (await deskRole(ctx)) !== undefined)
    .use(composeFeature(), editFeature());
  return composer;
}
