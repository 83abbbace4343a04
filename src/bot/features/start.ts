import { Composer } from 'grammy';
import { parseBriefingStartPayload } from '../../briefings/links.js';
import { setChatCommands } from '../commands.js';
import type { BotContext } from '../context.js';
import { deskRole } from '../filters/is-admin.js';
import { sendContent } from '../shared/send-content.js';
import { subscribeChat, subscribeChatToAc } from '../shared/subscribe-chat.js';

/** Deep-link payload that follows a PC in one tap: `pc_UP-16`. */
const PC_PAYLOAD = /^pc_([A-Za-z]{2}-\d{1,3})$/;
/** Deep-link payload that follows an assembly seat in one tap: `ac_UP-A80`. */
const AC_PAYLOAD = /^ac_([A-Za-z]{2}-[Aa]\d{1,3})$/;

/** /start: registers the chat (or wakes it after an unblock), greets, and handles deep links (`pc_`, `ac_`, `b_`). */
export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('start', async (ctx) => {
    const { subscribers, catalog, logger } = ctx.deps;
    const { created, chat } = await subscribers.ensureChat(ctx.chat.id, ctx.lang);
    if (chat.status !== 'active') {
      // The reader unblocked the bot and came back: deliveries resume, subscriptions were kept.
      await subscribers.setStatus(ctx.chat.id, 'active');
      logger.info({ chatId: ctx.chat.id, was: chat.status }, 'chat reactivated by /start');
    }
    // A desk menu (owner or editor) could not be set at start-up or when the editor was added before
    // they had opened the bot ("chat not found"); it is set here, in their chat's language.
    if (await deskRole(ctx)) await setChatCommands(ctx.api, ctx.deps, ctx.chat.id, ctx.lang);
    const payload = ctx.match.trim();
    const pcMatch = PC_PAYLOAD.exec(payload);
    if (pcMatch) {
      const pc = catalog.byCode(pcMatch[1] as string);
      if (pc) {
        const text = await subscribeChat(ctx, pc);
        await ctx.reply(created ? `${ctx.t('start.welcome-short')}\n\n${text}` : text);
        return;
      }
      await ctx.reply(ctx.t('start.bad-link'));
      return;
    }
    const acMatch = AC_PAYLOAD.exec(payload);
    if (acMatch) {
      const ac = catalog.acByCode(acMatch[1] as string);
      if (ac) {
        const text = await subscribeChatToAc(ctx, ac);
        await ctx.reply(created ? `${ctx.t('start.welcome-short')}\n\n${text}` : text);
        return;
      }
      await ctx.reply(ctx.t('start.bad-link'));
      return;
    }
    // `b_<id>`: a "ये भी पढ़ें" link opens that briefing here, so the reader never leaves Telegram.
    const briefingId = parseBriefingStartPayload(payload);
    if (briefingId) {
      if (!(await sendContent(ctx, { content: { kind: 'briefing', briefingId } })))
        await ctx.reply(ctx.t('briefing.not-found'));
      return;
    }
    await ctx.reply(ctx.t('start.welcome'));
  });
  return composer;
}
