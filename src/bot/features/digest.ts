import { Composer, InlineKeyboard } from 'grammy';
import { formatSlotClock } from '../../briefings/format-time.js';
import type { ChatRecord } from '../../store/subscribers.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import type { BotContext } from '../context.js';
import { knownChatOrTell } from '../shared/erase.js';

/** The /digest screen for the current chat: its slot, quiet hours, and the buttons to change both. */
async function digestView(
  ctx: BotContext,
  chat: ChatRecord,
): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const { config } = ctx.deps;
  const slots = config.digestSlots;
  let current: string;
  if (chat.digest === 'off') current = ctx.t('digest.current-off');
  else if (slots.includes(chat.digest))
    current = ctx.t('digest.current-slot', { when: formatSlotClock(chat.digest, ctx.t) });
  else current = ctx.t('digest.current-gone', { when: formatSlotClock(chat.digest, ctx.t) });
  const quiet = chat.quiet
    ? ctx.t('digest.quiet-on', {
        from: formatSlotClock(config.quietStart, ctx.t),
        to: formatSlotClock(config.quietEnd, ctx.t),
      })
    : ctx.t('digest.quiet-off');
  const text = [ctx.t('digest.screen-title'), ctx.t('digest.screen-about'), '', current, '', quiet].join(
    '\n',
  );

  const keyboard = new InlineKeyboard();
  for (const slot of slots) {
    const label = formatSlotClock(slot, ctx.t);
    keyboard.text(
      slot === chat.digest ? ctx.t('digest.button-chosen', { label }) : label,
      encodeCallback({ kind: 'digest', slot }),
    );
  }
  keyboard
    .row()
    .text(
      ctx.t(chat.digest === 'off' ? 'digest.button-off-chosen' : 'digest.button-off'),
      encodeCallback({ kind: 'digest', slot: 'off' }),
    )
    .row()
    .text(
      ctx.t(chat.quiet ? 'digest.button-quiet-off' : 'digest.button-quiet-on'),
      encodeCallback({ kind: 'quiet', on: !chat.quiet }),
    );
  return { text, keyboard };
}

/**
 * /digest: the reader's daily digest time (one of DIGEST_SLOTS, or off) and quiet hours (breaking
 * briefings at night arrive without sound), both changed with buttons on one screen.
 */
export function digestFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('digest', async (ctx) => {
    const { chat } = await ctx.deps.subscribers.ensureChat(ctx.chat.id, ctx.lang);
    const view = await digestView(ctx, chat);
    await ctx.reply(view.text, { reply_markup: view.keyboard });
  });

  pm.use(
    onCallback(['digest', 'quiet'], async (ctx, data) => {
      const { subscribers, config } = ctx.deps;
      if (!(await knownChatOrTell(ctx, ctx.chat.id))) return;
      let toast: string;
      if (data.kind === 'digest') {
        if (data.slot !== 'off' && !config.digestSlots.includes(data.slot)) {
          // A button from before DIGEST_SLOTS changed: show the times offered now.
          toast = ctx.t('digest.slot-gone');
        } else {
          await subscribers.setDigest(ctx.chat.id, data.slot);
          toast =
            data.slot === 'off'
              ? ctx.t('digest.toast-off')
              : ctx.t('digest.toast-slot', { when: formatSlotClock(data.slot, ctx.t) });
        }
      } else {
        await subscribers.setQuiet(ctx.chat.id, data.on);
        toast = ctx.t(data.on ? 'digest.toast-quiet-on' : 'digest.toast-quiet-off');
      }
      // Read back, never created here: a chat erased meanwhile (by another bot process) stays erased.
      const chat = await subscribers.getChat(ctx.chat.id);
      if (!chat) return;
      await ctx.answerCallbackQuery({ text: toast });
      const view = await digestView(ctx, chat);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
    }),
  );

  return composer;
}
