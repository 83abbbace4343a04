import type { BotCommand } from 'grammy/types';
import type { MethodHandler } from './calls.js';
import type { Chats, Gates } from './chats.js';
import type { ResolvedConfig } from './config.js';
import { badRequest } from './errors.js';
import { stableJson } from './markup.js';
import { optInt, optJson, optString, type Params, requireChatId } from './params.js';

const SCOPE_TYPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

type TextField = 'name' | 'description' | 'short_description';

export interface BotProfileDeps {
  config: () => ResolvedConfig;
  chats: Chats;
  gates: Gates;
}

/**
 * The bot's own settings and lookups: getMe, commands per scope and language, menu buttons, name and
 * descriptions per language, getChat; close and logOut succeed and change nothing.
 */
export class BotProfile {
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly menuButtons = new Map<string, unknown>();
  private readonly texts = new Map<string, string>();

  /** The Bot API methods of this concern, by name. */
  readonly methods: Record<
    | 'getMe'
    | 'setMyCommands'
    | 'getMyCommands'
    | 'deleteMyCommands'
    | 'setChatMenuButton'
    | 'getChatMenuButton'
    | 'getChat'
    | 'setMyDescription'
    | 'getMyDescription'
    | 'setMyShortDescription'
    | 'getMyShortDescription'
    | 'setMyName'
    | 'getMyName'
    | 'close'
    | 'logOut',
    MethodHandler
  > = {
    getMe: () => this.deps.config().botInfo,
    setMyCommands: (p) => {
      this.commands.set(commandsKey(p), parseCommands(p));
      return true;
    },
    getMyCommands: (p) => this.commands.get(commandsKey(p)) ?? [],
    deleteMyCommands: (p) => {
      this.commands.delete(commandsKey(p));
      return true;
    },
    setChatMenuButton: (p) => {
      const chatId = optInt(p, 'chat_id');
      const button = optJson(p, 'menu_button', "can't parse MenuButton JSON object") ?? { type: 'default' };
      this.menuButtons.set(String(chatId ?? 'default'), button);
      return true;
    },
    getChatMenuButton: (p) => {
      const chatId = optInt(p, 'chat_id');
      return (
        this.menuButtons.get(String(chatId ?? 'default')) ??
        this.menuButtons.get('default') ?? { type: 'commands' }
      );
    },
    getChat: (p) => {
      const chatId = requireChatId(p);
      this.deps.gates.chat(chatId);
      return this.deps.chats.get(chatId);
    },
    setMyDescription: (p) => this.setText('description', p),
    getMyDescription: (p) => this.getText('description', p),
    setMyShortDescription: (p) => this.setText('short_description', p),
    getMyShortDescription: (p) => this.getText('short_description', p),
    setMyName: (p) => this.setText('name', p),
    getMyName: (p) => this.getText('name', p),
    close: () => true,
    logOut: () => true,
  };

  constructor(private readonly deps: BotProfileDeps) {}

  /** Forgets commands, menu buttons, names and descriptions (reset). */
  clear(): void {
    this.commands.clear();
    this.menuButtons.clear();
    this.texts.clear();
  }

  private setText(field: TextField, p: Params): true {
    this.texts.set(`${field}|${optString(p, 'language_code') ?? ''}`, optString(p, field) ?? '');
    return true;
  }

  /** The text for the language, else the default one; the name falls back to getMe's first_name. */
  private getText(field: TextField, p: Params): Record<string, string> {
    const lang = optString(p, 'language_code') ?? '';
    const value = this.texts.get(`${field}|${lang}`) ?? this.texts.get(`${field}|`) ?? '';
    return { [field]: field === 'name' && value === '' ? this.deps.config().botInfo.first_name : value };
  }
}

function commandsKey(p: Params): string {
  const scope = (optJson(p, 'scope', "can't parse BotCommandScope JSON object") ?? {
    type: 'default',
  }) as Record<string, unknown>;
  if (scope === null || typeof scope !== 'object' || !SCOPE_TYPES.has(String(scope.type))) {
    throw badRequest("can't parse BotCommandScope JSON object");
  }
  if (
    ['chat', 'chat_administrators', 'chat_member'].includes(String(scope.type)) &&
    scope.chat_id === undefined
  ) {
    throw badRequest('chat_id is empty');
  }
  const lang = optString(p, 'language_code') ?? '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return `${stableJson(scope)}|${lang}`;
}

function parseCommands(p: Params): BotCommand[] {
  const commands = optJson(p, 'commands', "can't parse commands JSON object");
  if (!Array.isArray(commands)) throw badRequest('commands must be an Array');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  return commands.map((entry: unknown) => {
    const { command, description } = (entry ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== 'string' || command.trim() === '') throw badRequest('command must be non-empty');
    if (command.length > 32) throw badRequest('command length must not exceed 32');
    if (!/^[a-z0-9_]+$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '') {
      throw badRequest('command description must be non-empty');
    }
    if (description.length > 256) throw badRequest('command description length must not exceed 256');
    return { command, description };
  });
}
