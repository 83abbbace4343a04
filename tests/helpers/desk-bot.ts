import type { Bot } from 'grammy';
import type { BotContext, BotDeps } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/create-bot.js';
import type { SyncCounts } from '../../src/usecases/content.js';
import { BOT_INFO } from './bot-harness.js';
import { type DeliveryEnv, TOKEN } from './delivery-env.js';

/** What a content sync reports when it finds no briefing files. */
export const NOTHING_SYNCED: SyncCounts = {
  files: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  withdrawn: 0,
  kept: 0,
  problems: 0,
};

/** A `syncContent` for bots under test that have no content folder to read. */
export const syncNothing = async (): Promise<SyncCounts> => ({ ...NOTHING_SYNCED });

type Button = { text: string; callback_data?: string };
type Keyboard = { inline_keyboard: Button[][] };

export interface DeskBot {
  bot: Bot<BotContext>;
  /** A private text message from `chatId`. */
  send(chatId: number, text: string, extra?: { reply_to_message_id?: number }): Promise<void>;
  /** Presses the button whose label contains `label` on the newest bot message to `chatId` that has it. */
  press(chatId: number, label: string): Promise<void>;
  /** Texts of every message the double holds for `chatId`. */
  texts(chatId: number): string[];
}

/**
 * The bot over HTTP to the delivery env's Bot API double, `owner` as its one owner and `editor` added
 * as an editor; the delivery workers are started.
 */
export async function startDeskBot(
  env: DeliveryEnv,
  who: { owner: number; editor: number },
): Promise<DeskBot> {
  const deps: BotDeps = {
    ...env.core,
    config: { ...env.core.config, adminIds: [who.owner] },
    syncContent: syncNothing,
  };
  const bot: Bot<BotContext> = createBot(TOKEN, deps, { apiRoot: env.apiRoot, botInfo: BOT_INFO });
  await env.core.editors.add({ id: who.editor, name: 'परीक्षण संपादक', addedBy: who.owner });
  await env.startWorkers();
  const send: DeskBot['send'] = async (chatId, text, extra = {}) => {
    await bot.handleUpdate(env.double.pushUpdate({ type: 'message', chat_id: chatId, text, ...extra }));
  };
  const press: DeskBot['press'] = async (chatId, label) => {
    const buttons = (m: { reply_markup?: unknown }) =>
      (m.reply_markup as Keyboard | undefined)?.inline_keyboard?.flat() ?? [];
    const msg = [...env.double.messages(chatId)]
      .reverse()
      .find((m) => buttons(m).some((b) => b.text.includes(label)));
    const button = msg && buttons(msg).find((b) => b.text.includes(label));
    if (!msg || !button?.callback_data) throw new Error(`no button "${label}" for ${chatId}`);
    await bot.handleUpdate(
      env.double.pushUpdate({
        type: 'callback',
        chat_id: chatId,
        message_id: msg.message_id,
        data: button.callback_data,
      }),
    );
  };
  const texts = (chatId: number) => env.double.messages(chatId).map((m) => m.text ?? '');
  return { bot, send, press, texts };
}
