import { Composer } from 'grammy';
import { type CallbackKind, decodeCallback } from '../../../telegram/callback-codec.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { deskLinkFeature } from '../desk-link.js';
import { feedsFeature } from '../feeds.js';
import { awaitInputFeature } from './await-input.js';
import { broadcastFeature } from './broadcast.js';
import { ADMIN_COMMANDS } from './common.js';
import { deliveriesFeature } from './deliveries.js';
import { editorsFeature } from './editors.js';
import { electionFeature } from './election.js';
import { publishFeature } from './publish.js';
import { scheduleFeature } from './schedule.js';
import { statsFeature } from './stats.js';

/** Buttons only the desk has: pressed by anyone else, they are logged, audited and go unanswered. */
const DESK_BUTTONS: ReadonlySet<CallbackKind> = new Set<CallbackKind>([
  'delivery',
  'target',
  'scheduleAt',
  'editor',
  'feed',
  'apiToken',
  'correctPick',
  'draftSend',
  'draftSeats',
  'draftDrop',
  'draftOpen',
  'draftSchedule',
  'draftKeep',
  'draftAt',
  'draftSeatRemove',
  'draftSeatAdd',
  'draftSeatPick',
  'draftScope',
  'draftEdit',
  'draftResume',
  'deskCancel',
  'briefingEdit',
  'briefingPublish',
  'briefingEditApply',
  'briefingWithdraw',
  'briefingWithdrawConfirm',
  'briefingDeleteCopies',
]);

/** The admin command an update carries, if any (`/stats`, `/publish@bot x`). */
export function adminCommandOf(text: string | undefined): string | undefined {
  const cmd = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text ?? '')?.[1]?.toLowerCase();
  return cmd && (ADMIN_COMMANDS as readonly string[]).includes(cmd) ? cmd : undefined;
}

/**
 * The desk, only in private chats: owners (ADMIN_IDS) get all of it; editors get it less publishing to
 * everyone and /editors (refused inside those features). Anyone else trying an admin
 * command or an admin button is logged and audited and then passed on untouched, so they get exactly
 * what an unknown command (or a stale button) gets from the catch-all, and nothing is enqueued.
 */
export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');
  const admins = async (ctx: BotContext) => (await deskRole(ctx)) !== undefined;

  // The input an admin owes a multi-step command comes first, before it can be read as a search.
  pm.filter(admins).use(
    awaitInputFeature(),
    publishFeature(),
    broadcastFeature(),
    deliveriesFeature(),
    scheduleFeature(),
    statsFeature(),
    editorsFeature(),
    deskLinkFeature(),
    feedsFeature(),
    electionFeature(),
  );

  pm.filter(
    async (ctx) => !(await admins(ctx)),
    async (ctx, next) => {
      const cmd = adminCommandOf(ctx.message?.text);
      const kind = ctx.callbackQuery?.data ? decodeCallback(ctx.callbackQuery.data)?.kind : undefined;
      if (cmd || (kind && DESK_BUTTONS.has(kind))) {
        const action = cmd ? `denied:/${cmd}` : `denied:button:${kind}`;
        ctx.deps.logger.warn({ userId: ctx.from?.id, action }, 'non-admin tried an admin action');
        await ctx.deps.audit.record({ who: String(ctx.from?.id ?? 'unknown'), action, outcome: 'denied' });
      }
      await next();
    },
  );
  return composer;
}
