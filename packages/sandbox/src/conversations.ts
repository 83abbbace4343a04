import { EventEmitter } from 'node:events';
import type { BotApiDouble } from '@chunav/bot-api-double';
import type { Message, MessageEntity, Update } from 'grammy/types';

/** One inline button as the web chat shows it. */
export interface ChatButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** One message of a sandbox chat, from the user or the bot, as Telegram would display it. */
export interface ChatEntry {
  message_id: number;
  from: 'user' | 'bot';
  /** Plain text; formatting is in `entities` (UTF-16 offsets, as Telegram sends them). */
  text: string;
  entities: MessageEntity[];
  /** Inline keyboard rows. */
  buttons: ChatButton[][];
  /**
   * A photo shown above the text: a photo message's photo, or a large link preview placed above the
   * text (`link_preview_options`). `url` when it is an http(s) address; absent for a Telegram file id.
   */
  photo?: { url?: string };
  /** ms since the epoch. */
  time: number;
  edited: boolean;
  deleted: boolean;
  /** Grows with every change in any chat: of two versions of a message, the higher is newer. */
  seq: number;
}

/** A callback answer for the page to show as a toast (or an alert). */
export interface ChatToast {
  text: string;
  alert: boolean;
  url?: string;
}

export interface ConversationEvents {
  /** A new or changed message (sent, edited or deleted). */
  entry: [chatId: number, entry: ChatEntry];
  toast: [chatId: number, toast: ChatToast];
}

/** The chats of the sandbox users, kept in memory from the double's events. */
export interface Conversations {
  readonly events: EventEmitter<ConversationEvents>;
  /** A chat's messages, oldest first. */
  history(chatId: number): ChatEntry[];
  /** One message, when known. */
  find(chatId: number, messageId: number): ChatEntry | undefined;
  /** Stops listening to the double. */
  close(): void;
}

function buttonsOf(markup: unknown): ChatButton[][] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) =>
    (Array.isArray(row) ? row : []).map((b: Record<string, unknown>) => {
      const button: ChatButton = { text: String(b.text ?? '') };
      if (typeof b.callback_data === 'string') button.callback_data = b.callback_data;
      if (typeof b.url === 'string') button.url = b.url;
      return button;
    }),
  );
}

/** What the bot sent as a photo (the double's record keeps the photo as given), for {@link ChatEntry.photo}. */
interface SentMedia {
  photo?: string;
  link_preview_options?: unknown;
}

function photoOf(sent: SentMedia | undefined, message: Message): ChatEntry['photo'] {
  const given = sent?.photo;
  if (given !== undefined) return /^https?:\/\//.test(given) ? { url: given } : {};
  if (message.photo) return {};
  const preview = (sent?.link_preview_options ??
    (message as { link_preview_options?: unknown }).link_preview_options) as
    | { url?: unknown; is_disabled?: unknown; show_above_text?: unknown }
    | undefined;
  if (preview && !preview.is_disabled && preview.show_above_text === true && typeof preview.url === 'string')
    return { url: preview.url };
  return undefined;
}

function entryOf(message: Message, from: 'user' | 'bot', time: number, sent?: SentMedia): ChatEntry {
  const entry: ChatEntry = {
    message_id: message.message_id,
    from,
    text: message.text ?? message.caption ?? '',
    entities: message.entities ?? message.caption_entities ?? [],
    buttons: buttonsOf(message.reply_markup),
    time,
    edited: false,
    deleted: false,
    seq: 0,
  };
  const photo = photoOf(sent, message);
  if (photo) entry.photo = photo;
  return entry;
}

/**
 * Records what happens in the chats of `chatIds`: the users' messages (pushed updates) and the bot's
 * messages, edits, deletions and callback answers. Keeps the last `limit` messages per chat.
 */
export function createConversations(
  double: BotApiDouble,
  chatIds: readonly number[],
  limit = 500,
): Conversations {
  const events = new EventEmitter<ConversationEvents>();
  events.setMaxListeners(0);
  const chats = new Map<number, Map<number, ChatEntry>>(chatIds.map((id) => [id, new Map()]));

  let seq = 0;
  const put = (chatId: number, entry: ChatEntry) => {
    const chat = chats.get(chatId);
    if (!chat) return;
    entry.seq = ++seq;
    chat.set(entry.message_id, entry);
    if (chat.size > limit) {
      const oldest = chat.keys().next().value;
      if (oldest !== undefined) chat.delete(oldest);
    }
    events.emit('entry', chatId, entry);
  };

  const onUpdate = (update: Update) => {
    const message = update.message;
    if (message) put(message.chat.id, entryOf(message, 'user', Date.now()));
  };
  const onMessage = ({ message, record }: { message: Message; record: { time: number } & SentMedia }) => {
    put(message.chat.id, entryOf(message, 'bot', record.time, record));
  };
  const onEdit = ({
    chat_id,
    message_id,
    message,
  }: {
    chat_id: number;
    message_id: number;
    message: Message;
  }) => {
    const old = chats.get(chat_id)?.get(message_id);
    if (!old) return;
    const next = entryOf(message, 'bot', old.time);
    // An edit changes the text or caption, never the photo.
    if (old.photo) next.photo = old.photo;
    next.edited = true;
    put(chat_id, next);
  };
  const onDelete = ({ chat_id, message_id }: { chat_id: number; message_id: number }) => {
    const old = chats.get(chat_id)?.get(message_id);
    if (!old) return;
    put(chat_id, { ...old, deleted: true });
  };
  const onAnswer = (answer: {
    chat_id: number | undefined;
    text?: string;
    show_alert?: boolean;
    url?: string;
  }) => {
    if (answer.chat_id === undefined || !chats.has(answer.chat_id)) return;
    // An answer without text or url only stops the button's spinner; Telegram shows nothing.
    if (!answer.text && !answer.url) return;
    const toast: ChatToast = { text: answer.text ?? '', alert: answer.show_alert === true };
    if (answer.url) toast.url = answer.url;
    events.emit('toast', answer.chat_id, toast);
  };

  double.events.on('update', onUpdate);
  double.events.on('message', onMessage);
  double.events.on('edit', onEdit);
  double.events.on('delete', onDelete);
  double.events.on('callback_answer', onAnswer);

  return {
    events,
    history: (chatId) => [...(chats.get(chatId)?.values() ?? [])].sort((a, b) => a.message_id - b.message_id),
    find: (chatId, messageId) => chats.get(chatId)?.get(messageId),
    close() {
      double.events.off('update', onUpdate);
      double.events.off('message', onMessage);
      double.events.off('edit', onEdit);
      double.events.off('delete', onDelete);
      double.events.off('callback_answer', onAnswer);
      events.removeAllListeners();
    },
  };
}
