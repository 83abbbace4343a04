import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { formatBriefingTime } from '../../../briefings/format-time.js';
import { raw } from '../../../i18n/index.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { onCallback } from '../../../telegram/on-callback.js';
import { setChatCommands } from '../../commands.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { audit } from './common.js';

/** Longest name shown on a button: Telegram cuts long labels, and the id is in the list anyway. */
const BUTTON_NAME_MAX = 24;
/** Telegram user ids are positive and below 2^52. */
const USER_ID = /^\d{1,15}$/;

/** How an editor is called in messages: their name as Telegram gave it, else their id. */
function nameOf(e: { id: number; name: string }): string {
  return e.name || String(e.id);
}

function fullName(u: { first_name: string; last_name?: string }): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
}

/** Refuses an owner-only action to anyone else: audited as denied, then passed on (unknown command). */
async function ownerOnly(ctx: BotContext, action: string): Promise<boolean> {
  if ((await deskRole(ctx)) === 'owner') return true;
  ctx.deps.logger.warn({ userId: ctx.from?.id, action }, 'non-owner tried an owner action');
  await audit(ctx, action, 'denied');
  return false;
}

/** The editors' list with a remove button each and an add button. */
async function showList(ctx: BotContext, edit: boolean): Promise<void> {
  const { editors, config } = ctx.deps;
  const list = await editors.list();
  const lines = list.map((e) =>
    ctx.t('editors.line', {
      name: nameOf(e),
      id: String(e.id),
      by: String(e.addedBy),
      at: formatBriefingTime(e.at, ctx.t, config.digestTz),
    }),
  );
  const text = [
    ctx.t('editors.title', { count: list.length }),
    list.length ? lines.join('\n') : ctx.t('editors.none'),
    ctx.t('editors.rules'),
  ].join('\n\n');
  const kb = new InlineKeyboard();
  for (const e of list)
    kb.text(
      ctx.t('editors.remove-label', { name: raw(nameOf(e).slice(0, BUTTON_NAME_MAX)) }),
      encodeCallback({ kind: 'editor', action: 'del', id: String(e.id) }),
    ).row();
  kb.text(ctx.t('editors.button-add'), encodeCallback({ kind: 'editor', action: 'add', id: '-' }));
  if (edit) await ctx.editMessageText(text, { reply_markup: kb });
  else await ctx.reply(text, { reply_markup: kb });
}

/** Who the owner means: a forwarded message's sender, or a numeric id (named by Telegram if it can). */
async function personOf(
  ctx: BotContext,
  msg: Pick<Message, 'text' | 'forward_origin'>,
): Promise<{ id: number; name: string; isBot: boolean } | { problem: string }> {
  const origin = msg.forward_origin;
  if (origin?.type === 'user') {
    const u = origin.sender_user;
    return { id: u.id, name: fullName(u), isBot: u.is_bot };
  }
  // Their privacy setting hides who they are from a forwarded message: only their id can name them.
  if (origin?.type === 'hidden_user') return { problem: 'editors.add-hidden' };
  if (origin) return { problem: 'editors.add-not-person' };
  const text = (msg.text ?? '').trim();
  if (!USER_ID.test(text) || Number(text) === 0) return { problem: 'editors.add-bad-input' };
  const id = Number(text);
  try {
    // Telegram knows the name only of someone who has opened the bot; without it the id stands alone.
    const chat = await ctx.api.getChat(id);
    if (chat && typeof chat === 'object' && chat.type === 'private')
      return { id, name: fullName(chat), isBot: false };
  } catch {
    // Not seen by the bot yet: added by id alone.
  }
  return { id, name: '', isBot: false };
}

/**
 * The owner's answer to "whom to add": checks it and asks to confirm. Called by await-input for an
 * owner waiting on `editor-add` (or `editor-confirm`: a new answer replaces the one to confirm), and by
 * `/editors <id>`.
 */
export async function readEditorInput(
  ctx: BotContext,
  msg: Pick<Message, 'text' | 'forward_origin'>,
): Promise<void> {
  const from = ctx.from;
  if (!from || !(await ownerOnly(ctx, 'editor-add'))) return;
  const { editors, adminState, config } = ctx.deps;
  const who = await personOf(ctx, msg);
  if ('problem' in who) {
    await ctx.reply(ctx.t(who.problem));
    return;
  }
  const shown = { name: nameOf(who), id: String(who.id) };
  let refusal: string | undefined;
  if (who.isBot) refusal = 'editors.add-bot';
  else if (config.adminIds.includes(who.id)) refusal = 'editors.add-owner';
  else if (await editors.has(who.id)) refusal = 'editors.add-already';
  if (refusal) {
    await adminState.clearAwaiting(from.id);
    await audit(ctx, 'editor-add', `refused: ${refusal.slice('editors.add-'.length)}`, shown.id);
    await ctx.reply(ctx.t(refusal, shown));
    return;
  }
  await adminState.setAwaiting(from.id, { kind: 'editor-confirm', userId: who.id, name: who.name });
  const kb = new InlineKeyboard()
    .text(ctx.t('editors.button-confirm-add'), encodeCallback({ kind: 'editor', action: 'ok', id: shown.id }))
    .text(ctx.t('editors.button-no'), encodeCallback({ kind: 'editor', action: 'no', id: '-' }));
  await ctx.reply(ctx.t(who.name ? 'editors.add-confirm' : 'editors.add-confirm-id', shown), {
    reply_markup: kb,
  });
}

/** Sets a person's command menu after their role changed; its language is the one stored for them. */
async function refreshMenu(ctx: BotContext, userId: number): Promise<void> {
  const stored = await ctx.deps.subscribers.getChat(userId);
  const lang = stored?.lang === 'en' ? 'en' : 'hi';
  await setChatCommands(ctx.api, ctx.deps, userId, lang);
}

/**
 * /editors, for owners: the list with remove buttons, and adding one by a forwarded message or an id
 * (`/editors 12345` at once). Each change is confirmed first and audited. Anyone else is audited as
 * denied and passed on, so that they get what an unknown command (or an old button) gets.
 */
export function editorsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('editors', async (ctx, next) => {
    if (!(await ownerOnly(ctx, 'denied:/editors'))) return next();
    const arg = ctx.match.trim();
    if (arg) {
      await readEditorInput(ctx, { text: arg });
      return;
    }
    await showList(ctx, false);
  });

  composer.use(
    onCallback('editor', async (ctx, data, next) => {
      if (!(await ownerOnly(ctx, 'denied:button:editor'))) return next();
      const { editors, adminState } = ctx.deps;
      const owner = ctx.from.id;
      switch (data.action) {
        case 'add': {
          await adminState.setAwaiting(owner, { kind: 'editor-add' });
          await ctx.answerCallbackQuery();
          await ctx.reply(ctx.t('editors.add-ask'));
          return;
        }
        case 'ok': {
          const waiting = await adminState.awaiting(owner);
          if (waiting?.kind !== 'editor-confirm' || String(waiting.userId) !== data.id) {
            await ctx.answerCallbackQuery({ text: ctx.t('editors.stale') });
            return;
          }
          await adminState.clearAwaiting(owner);
          const added = await editors.add({ id: waiting.userId, name: waiting.name, addedBy: owner });
          await audit(ctx, 'editor-add', added ? 'ok' : 'already', data.id);
          await ctx.answerCallbackQuery();
          const shown = { name: nameOf({ id: waiting.userId, name: waiting.name }), id: data.id };
          await ctx.editMessageText(ctx.t('editors.added', shown));
          await refreshMenu(ctx, waiting.userId);
          return;
        }
        case 'del': {
          const e = USER_ID.test(data.id) ? await editors.get(Number(data.id)) : undefined;
          if (!e) {
            await ctx.answerCallbackQuery({ text: ctx.t('editors.stale') });
            return;
          }
          const kb = new InlineKeyboard()
            .text(
              ctx.t('editors.button-confirm-remove'),
              encodeCallback({ kind: 'editor', action: 'rm', id: data.id }),
            )
            .text(ctx.t('editors.button-no'), encodeCallback({ kind: 'editor', action: 'no', id: '-' }));
          await ctx.answerCallbackQuery();
          await ctx.editMessageText(ctx.t('editors.remove-confirm', { name: nameOf(e), id: data.id }), {
            reply_markup: kb,
          });
          return;
        }
        case 'rm': {
          const removed = USER_ID.test(data.id) ? await editors.remove(Number(data.id)) : undefined;
          if (!removed) {
            await ctx.answerCallbackQuery({ text: ctx.t('editors.stale') });
            return;
          }
          await audit(ctx, 'editor-remove', 'ok', data.id);
          await ctx.answerCallbackQuery({ text: ctx.t('editors.removed', { name: nameOf(removed) }) });
          await showList(ctx, true);
          await refreshMenu(ctx, removed.id);
          return;
        }
        case 'no': {
          const waiting = await adminState.awaiting(owner);
          if (waiting?.kind === 'editor-add' || waiting?.kind === 'editor-confirm')
            await adminState.clearAwaiting(owner);
          await ctx.answerCallbackQuery();
          await showList(ctx, true);
          return;
        }
        default:
          await ctx.answerCallbackQuery({ text: ctx.t('editors.stale') });
      }
    }),
  );
  return composer;
}
