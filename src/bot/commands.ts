import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Config } from '../config.js';
import { DEFAULT_LANG, type I18n, isLang, LANGS, type Lang } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { EditorStore } from '../store/editors.js';
import type { SubscriberStore } from '../store/subscribers.js';
import { ADMIN_COMMANDS, OWNER_COMMANDS } from './features/admin/common.js';
import type { DeskRole } from './filters/is-admin.js';

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

/** A desk menu: the reader's commands, then the desk's an owner (all) or an editor (not /editors) may use. */
export function adminMenu(i18n: I18n, lang: Lang, role: DeskRole = 'owner'): BotCommand[] {
  const desk = ADMIN_COMMANDS.filter((c) => role === 'owner' || !OWNER_COMMANDS.includes(c));
  return [
    ...readerCommands(i18n, lang),
    ...desk.map((command) => ({ command, description: i18n.t(lang, `commands.${command}`) })),
  ];
}

interface MenuDeps {
  i18n: I18n;
  logger: Logger;
  config: Pick<Config, 'adminIds'>;
  editors: Pick<EditorStore, 'has'>;
}

/** What start-up needs besides: each admin's stored language, and the editors. */
interface StartMenuDeps extends MenuDeps {
  subscribers: Pick<SubscriberStore, 'getChat'>;
  editors: Pick<EditorStore, 'has' | 'list'>;
}

/**
 * Sets the command menus at start. The default menu (no scope, no language_code) is Hindi for every
 * client language: most Indian readers run Telegram in English, and an English menu over a bot that
 * answers in Hindi was the wrong first impression. A menu left per client language by an older version
 * is removed. Admins get their own menu in their private chat, in the language they chose (stored with
 * their chat; Hindi until they choose). Readers who chose English get theirs per chat when they choose
 * it (setChatCommands). A failing call is a warning, never a reason to stop.
 */
export async function setDefaultCommands(api: Api, deps: StartMenuDeps): Promise<void> {
  const attempt = async (what: Record<string, unknown>, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      deps.logger.warn({ err, ...what }, 'setting the command menu failed; the bot runs on');
    }
  };
  await attempt({ scope: 'default' }, () => api.setMyCommands(readerCommands(deps.i18n, DEFAULT_LANG)));
  for (const lang of LANGS) {
    if (lang === DEFAULT_LANG) continue;
    await attempt({ lang }, () => api.deleteMyCommands({ language_code: lang }));
  }
  // Fails with "chat not found" until the admin has opened the bot once; /start sets it then.
  const desk: Array<[number, DeskRole]> = deps.config.adminIds.map((id) => [id, 'owner']);
  try {
    for (const e of await deps.editors.list())
      if (!deps.config.adminIds.includes(e.id)) desk.push([e.id, 'editor']);
  } catch (err) {
    deps.logger.warn({ err }, 'reading the editors for their menus failed; the bot runs on');
  }
  for (const [adminId, role] of desk)
    await attempt({ adminId }, async () => {
      const stored = await deps.subscribers.getChat(adminId);
      const lang = stored && isLang(stored.lang) ? stored.lang : DEFAULT_LANG;
      await api.setMyCommands(adminMenu(deps.i18n, lang, role), {
        scope: { type: 'chat', chat_id: adminId },
      });
    });
}

/**
 * Sets one private chat's menu after its language or its role changed: English readers get an English
 * menu of their own, Hindi readers fall back to the default (their chat's menu is deleted), owners and
 * editors keep the desk commands they may use, in the chosen language. A failure only costs the menu,
 * so it is a warning.
 */
export async function setChatCommands(api: Api, deps: MenuDeps, chatId: number, lang: Lang): Promise<void> {
  const scope = { type: 'chat' as const, chat_id: chatId };
  try {
    if (deps.config.adminIds.includes(chatId)) await api.setMyCommands(adminMenu(deps.i18n, lang), { scope });
    else if (await deps.editors.has(chatId))
      await api.setMyCommands(adminMenu(deps.i18n, lang, 'editor'), { scope });
    else if (lang === DEFAULT_LANG) await api.deleteMyCommands({ scope });
    else await api.setMyCommands(readerCommands(deps.i18n, lang), { scope });
  } catch (err) {
    deps.logger.warn({ err, chatId }, 'setting a chat command menu failed');
  }
}
