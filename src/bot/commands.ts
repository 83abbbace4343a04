import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { DEFAULT_LANG, type I18n, LANGS, type Lang } from '../i18n/index.js';
import type { Logger } from '../logger.js';

/** Commands shown in the menu for readers, in menu order. */
export const READER_COMMANDS = [
  'subscribe',
  'mysubs',
  'latest',
  'digest',
  'language',
  'help',
  'mydata',
  'stop',
] as const;

/** Menu descriptions kept with their feature's strings rather than under `commands.`. */
const DESCRIPTION_KEYS: Partial<Record<(typeof READER_COMMANDS)[number], string>> = {
  mydata: 'privacy.command',
};

/** The reader menu in one language (descriptions from locales, `commands.<name>`). */
export function readerCommands(i18n: I18n, lang: Lang): BotCommand[] {
  return READER_COMMANDS.map((command) => ({
    command,
    description: i18n.t(lang, DESCRIPTION_KEYS[command] ?? `commands.${command}`),
  }));
}

/**
 * Sets the command menu per language at start: Hindi as the default (no language_code), English for
 * clients set to English. A failing call is a warning, never a reason to stop the bot.
 */
export async function setDefaultCommands(api: Api, deps: { i18n: I18n; logger: Logger }): Promise<void> {
  for (const lang of LANGS) {
    try {
      await api.setMyCommands(
        readerCommands(deps.i18n, lang),
        lang === DEFAULT_LANG ? {} : { language_code: lang },
      );
    } catch (err) {
      deps.logger.warn({ err, lang }, 'setMyCommands failed; the bot runs on without a command menu');
    }
  }
}

/** Sets one chat's menu to its chosen language (a warning on failure). */
export async function setChatCommands(
  api: Api,
  deps: { i18n: I18n; logger: Logger },
  chatId: number,
  lang: Lang,
): Promise<void> {
  try {
    await api.setMyCommands(readerCommands(deps.i18n, lang), { scope: { type: 'chat', chat_id: chatId } });
  } catch (err) {
    deps.logger.warn({ err, chatId }, 'setMyCommands for a chat failed');
  }
}
