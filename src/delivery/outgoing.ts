import type { Api } from 'grammy';
import { urlKeyboard } from '../telegram/keyboards/url-buttons.js';
import type { Outgoing } from './content-kind.js';

/** How one message goes out, besides what it says. */
export interface SendOptions {
  /** Arrives without sound (quiet hours). */
  silent?: boolean;
  /** Telegram's paid broadcast (above the free rate), when the bot has it enabled. */
  paidBroadcast?: boolean;
}

/**
 * Sends one rendered message of a content kind to a chat and returns its message id: the one way a
 * kind's output reaches Telegram, for the send workers and for the bot (an admin's preview, a deep
 * link). A text names `parse_mode` and `entities` even when they are undefined, so that `htmlByDefault`
 * leaves it alone: HTML only when the kind said so, an admin's own text exactly as written.
 */
export async function sendOutgoing(
  api: Api,
  chatId: number,
  o: Outgoing,
  opts: SendOptions = {},
): Promise<number> {
  const common = {
    disable_notification: opts.silent || undefined,
    allow_paid_broadcast: opts.paidBroadcast || undefined,
  };
  if (o.method === 'copy') {
    const r = await api.copyMessage(chatId, o.fromChatId, o.messageId, common);
    return r.message_id;
  }
  if (o.method === 'delete') throw new Error('a deletion needs a recorded message');
  if (o.method === 'photo') {
    const msg = await api.sendPhoto(chatId, o.photo, {
      ...common,
      caption: o.caption,
      parse_mode: o.caption === undefined ? undefined : o.parseMode,
      reply_markup: urlKeyboard(o.buttons),
    });
    return msg.message_id;
  }
  const msg = await api.sendMessage(chatId, o.text, {
    ...common,
    parse_mode: o.parseMode,
    entities: o.entities,
    link_preview_options: o.linkPreview,
    reply_markup: urlKeyboard(o.buttons),
  });
  return msg.message_id;
}
