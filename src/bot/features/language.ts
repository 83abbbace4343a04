import { Composer, InlineKeyboard } from 'grammy';
import { LANGS, type Lang } from '../../i18n/index.js';
import { encodeCallback } from '../../telegram/callback-codec.js';
import { onCallback } from '../../telegram/on-callback.js';
import { setChatCommands } from '../commands.js';
import type { BotContext } from '../context.js';
import { knownChatOrTell } from '../shared/erase.js';

/** /language: Hindi or English, kept per chat. */
export function languageFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');

  pm.command('language', async (ctx) => {
    const kb = new InlineKeyboard();
    for (const lang of LANGS)
      kb.text(ctx.deps.i18n.t(lang, 'language.name'), encodeCallback({ kind: 'lang', lang }));
    await ctx.reply(ctx.t('language.choose'), { reply_markup: kb });
  });

  pm.use(
    onCallback('lang', async (ctx, data) => {
      const lang = data.lang as Lang;
      if (!(await knownChatOrTell(ctx, ctx.chat.id))) return;
      await ctx.deps.subscribers.setLanguage(ctx.chat.id, lang);
      ctx.lang = lang;
      ctx.t = ctx.deps.i18n.forLang(lang);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t('language.set'));
      // The command menu follows the chosen language in this chat; a failure only costs the menu.
      await setChatCommands(ctx.api, ctx.deps, ctx.chat.id, lang);
    }),
  );

  return composer;
}
