import { Composer } from 'grammy';
import type { BotContext } from '../../context.js';
import { composeFeature } from './compose.js';
import { editFeature } from './edit.js';

/**
 * The newsroom desk in Telegram: /new and /drafts (write, tag, preview, publish or schedule a
 * briefing, and act on any draft's card), /edit and /withdraw (change or take back a published one).
 * Installed inside the admin composer, so only owners and editors reach it.
 */
export function deskFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(composeFeature(), editFeature());
  return composer;
}
