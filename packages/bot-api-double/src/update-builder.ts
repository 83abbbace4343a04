import type { Update } from 'grammy/types';
import type { Chats } from './chats.js';
import type { MessageStore } from './message-store.js';
import type { Messages } from './messages.js';
import {
  botCommandEntities,
  chatTypeOf,
  makeUser,
  type RawUpdateInput,
  type UpdateInput,
} from './updates.js';

/** Sender of group messages pushed without `from`. */
const DEFAULT_GROUP_USER = 100_000_001;
const MAX_PENDING_QUERIES = 100_000;
/** The clock's update ids count milliseconds from here (2024-01-01T00:00:00Z). */
const UPDATE_ID_EPOCH_MS = Date.UTC(2024, 0, 1);
/** The smallest first update_id, whatever the clock says. */
const MIN_FIRST_UPDATE_ID = 500_000_001;

/**
 * A first update_id from the clock: milliseconds since 2024 (about 6·10^10 in 2026, well within safe
 * integers). A double started later starts above every id an earlier one handed out, as long as that one
 * handed out fewer than 1000 a second on average over its life, which people and tests never approach.
 */
export function clockUpdateId(nowMs: number = Date.now()): number {
  return Math.max(MIN_FIRST_UPDATE_ID, Math.floor(nowMs - UPDATE_ID_EPOCH_MS));
}

export interface UpdateBuilderDeps {
  /** update_id of the first update built. */
  firstUpdateId: number;
  store: MessageStore;
  chats: Chats;
  messages: Pick<Messages, 'messageFor' | 'botUser'>;
  /** The user blocked (true) or unblocked the bot: what the next send to the chat meets. */
  setBlocked(chatId: number, blocked: boolean): void;
}

/**
 * Turns what tests and the sandbox push (`pushUpdate`) into the Updates Telegram would send: update ids,
 * chats and senders, the user's message ids, bot_command entities, callback queries the bot may answer
 * once, and the bot's membership after a block or unblock.
 */
export class UpdateBuilder {
  private nextUpdateId: number;
  private querySeq = 0;
  private readonly pendingQueries = new Map<string, number>();

  constructor(private readonly deps: UpdateBuilderDeps) {
    if (!Number.isSafeInteger(deps.firstUpdateId) || deps.firstUpdateId < 1) {
      throw new RangeError(`firstUpdateId must be a whole number >= 1, got ${deps.firstUpdateId}`);
    }
    this.nextUpdateId = deps.firstUpdateId;
  }

  /** The Update for `input`, with the next update_id (or the raw update's own, when it is ahead). */
  build(input: UpdateInput): Update {
    if (input === null || typeof input !== 'object') throw new TypeError('an update must be an object');
    const { store, chats, messages } = this.deps;
    const date = Math.floor(Date.now() / 1000);
    switch (input.type) {
      case 'message':
      case 'edited_message': {
        const chatId = numberField(input.chat_id, 'chat_id');
        if (typeof input.text !== 'string') throw new TypeError('text must be a string');
        const type = input.chat_type ?? chatTypeOf(chatId);
        const chat = chats.remember(
          chatId,
          type,
          input.title ?? (type === 'private' ? input.from?.first_name : undefined),
        );
        const from = makeUser(
          input.from?.id ?? (type === 'private' ? chatId : DEFAULT_GROUP_USER),
          input.from,
        );
        const entities = botCommandEntities(input.text);
        if (input.type === 'message') {
          const message_id = store.allocateIncoming(chatId, input.text);
          const message: Record<string, unknown> = { message_id, from, chat, date, text: input.text };
          if (entities.length > 0) message.entities = entities;
          if (input.reply_to_message_id !== undefined) {
            message.reply_to_message = messages.messageFor(chatId, input.reply_to_message_id);
          }
          return { update_id: this.nextUpdateId++, message } as unknown as Update;
        }
        const message_id = input.message_id ?? store.lastMessageId(chatId);
        const edited: Record<string, unknown> = {
          message_id,
          from,
          chat,
          date,
          edit_date: date,
          text: input.text,
        };
        if (entities.length > 0) edited.entities = entities;
        return { update_id: this.nextUpdateId++, edited_message: edited } as unknown as Update;
      }
      case 'callback': {
        const chatId = numberField(input.chat_id, 'chat_id');
        const messageId = numberField(input.message_id, 'message_id');
        if (typeof input.data !== 'string') throw new TypeError('data must be a string');
        const chat = chats.get(chatId);
        const from = makeUser(
          input.from?.id ?? (chat.type === 'private' ? chatId : DEFAULT_GROUP_USER),
          input.from,
        );
        const id = String(4_000_000_000_000_000 + ++this.querySeq);
        this.rememberQuery(id, chatId);
        const callback_query = {
          id,
          from,
          message: messages.messageFor(chatId, messageId),
          chat_instance: String(Math.abs(chatId) * 7 + 1_000_003),
          data: input.data,
        };
        return { update_id: this.nextUpdateId++, callback_query } as unknown as Update;
      }
      case 'my_chat_member': {
        const chatId = numberField(input.chat_id, 'chat_id');
        if (input.status !== 'kicked' && input.status !== 'member') {
          throw new TypeError("status must be 'kicked' or 'member'");
        }
        const chat = chats.get(chatId);
        const from = makeUser(
          input.from?.id ?? (chat.type === 'private' ? chatId : DEFAULT_GROUP_USER),
          input.from,
        );
        const bot = messages.botUser();
        const kicked = { user: bot, status: 'kicked', until_date: 0 };
        const member = { user: bot, status: 'member' };
        this.deps.setBlocked(chatId, input.status === 'kicked');
        const my_chat_member = {
          chat,
          from,
          date,
          old_chat_member: input.status === 'kicked' ? member : kicked,
          new_chat_member: input.status === 'kicked' ? kicked : member,
        };
        return { update_id: this.nextUpdateId++, my_chat_member } as unknown as Update;
      }
      case undefined:
        return this.adoptRaw(input);
      default:
        throw new TypeError(
          `unknown update type '${String((input as { type: unknown }).type)}': use message, edited_message, callback, my_chat_member or a raw Update`,
        );
    }
  }

  /** Takes a pending callback query (one answer each): the chat it came from, or undefined. */
  takeQuery(id: string): number | undefined {
    const chatId = this.pendingQueries.get(id);
    this.pendingQueries.delete(id);
    return chatId;
  }

  /** Forgets unanswered callback queries (reset); update ids keep growing, as Telegram's do. */
  clearQueries(): void {
    this.pendingQueries.clear();
  }

  private adoptRaw(input: RawUpdateInput): Update {
    const { store, chats } = this.deps;
    const update = { ...input } as Update & { type?: unknown };
    delete update.type;
    if (typeof input.update_id === 'number' && input.update_id >= this.nextUpdateId) {
      this.nextUpdateId = input.update_id + 1;
    } else {
      update.update_id = this.nextUpdateId++;
    }
    const message = update.message ?? update.edited_message;
    if (message?.chat) {
      chats.adopt(message.chat);
      if (update.message) store.allocateIncoming(message.chat.id, message.text);
    }
    if (update.callback_query) {
      const cq = update.callback_query;
      this.rememberQuery(cq.id, cq.message?.chat.id ?? cq.from.id);
    }
    if (Object.keys(update).length < 2)
      throw new TypeError('a raw update needs a field such as message or callback_query');
    return update;
  }

  private rememberQuery(id: string, chatId: number): void {
    this.pendingQueries.set(id, chatId);
    if (this.pendingQueries.size > MAX_PENDING_QUERIES) {
      const oldest = this.pendingQueries.keys().next().value;
      if (oldest !== undefined) this.pendingQueries.delete(oldest);
    }
  }
}

function numberField(value: unknown, name: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError(`${name} must be an integer`);
  return n;
}
