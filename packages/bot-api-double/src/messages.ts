import type { EventEmitter } from 'node:events';
import type { Message, MessageEntity, User } from 'grammy/types';
import type { CallContext, MethodHandler } from './calls.js';
import type { Chats, Gates } from './chats.js';
import type { ResolvedConfig } from './config.js';
import { ApiError, badRequest, DESCRIPTIONS, WaitTimeoutError } from './errors.js';
import type { ParsedText } from './html.js';
import { inlineMarkupOf, stableJson, validateReplyMarkup } from './markup.js';
import type { MessageContent, MessageStore, RecordedMessage } from './message-store.js';
import {
  optBool,
  optInt,
  optJson,
  optString,
  type Params,
  requireChatId,
  requireMessageId,
} from './params.js';
import { normaliseParseMode, parseMessageText } from './text.js';
import type { BotApiDoubleEvents } from './types.js';
import { makeUser } from './updates.js';

/** Telegram's limit on a caption, counted as a message's text is. */
const MAX_CAPTION_LENGTH = 1024;

/** What the double takes for a file_id (Telegram's are longer base64url strings). */
const FILE_ID = /^[A-Za-z0-9_-]{10,}$/;

/** The sizes Telegram reports for a photo: one size here, its ids derived from what was sent. */
function photoSizes(photo: string): Array<Record<string, unknown>> {
  const id = Buffer.from(photo).toString('base64url').slice(0, 40);
  return [{ file_id: `AgAD${id}`, file_unique_id: `u${id.slice(0, 15)}`, width: 1280, height: 720 }];
}

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

interface MessageWaiter {
  chatId: number | undefined;
  count: number;
  resolve: (messages: RecordedMessage[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export interface MessagesDeps {
  config: () => ResolvedConfig;
  store: MessageStore;
  chats: Chats;
  gates: Gates;
  events: EventEmitter<BotApiDoubleEvents>;
  /** Takes a pending callback query: the chat it came from, or undefined when unknown or answered. */
  takeQuery(id: string): number | undefined;
}

/**
 * The bot's messages: sending, copying, forwarding, editing and deleting them, answering callback
 * queries and chat actions, with Telegram's validation; the Message objects Telegram returns; and
 * waiting for messages to arrive.
 */
export class Messages {
  /** The Bot API methods of this concern, by name. */
  readonly methods: Record<
    | 'sendMessage'
    | 'sendPhoto'
    | 'copyMessage'
    | 'forwardMessage'
    | 'editMessageText'
    | 'editMessageCaption'
    | 'editMessageReplyMarkup'
    | 'deleteMessage'
    | 'answerCallbackQuery'
    | 'sendChatAction',
    MethodHandler
  > = {
    sendMessage: (p, call) => this.sendMessage(p, call),
    sendPhoto: (p, call) => this.sendPhoto(p, call),
    copyMessage: (p, call) => this.relay('copyMessage', p, call),
    forwardMessage: (p, call) => this.relay('forwardMessage', p, call),
    editMessageText: (p, call) => this.editMessageText(p, call),
    editMessageCaption: (p, call) => this.editMessageCaption(p, call),
    editMessageReplyMarkup: (p, call) => this.editMessageReplyMarkup(p, call),
    deleteMessage: (p, call) => this.deleteMessage(p, call),
    answerCallbackQuery: (p, call) => this.answerCallbackQuery(p, call),
    sendChatAction: (p, call) => this.sendChatAction(p, call),
  };

  private readonly waiters = new Set<MessageWaiter>();

  constructor(private readonly deps: MessagesDeps) {}

  private get cfg(): ResolvedConfig {
    return this.deps.config();
  }

  /** The bot as the `from` of its messages. */
  botUser(): User {
    const { id, first_name, username } = this.cfg.botInfo;
    return { id, is_bot: true, first_name, username };
  }

  /** The Message for a known message (bot or user), or Telegram's InaccessibleMessage (date 0). */
  messageFor(chatId: number, messageId: number): Message {
    const { store, chats } = this.deps;
    const record = store.find(chatId, messageId);
    if (record && record.deleted_time === undefined) {
      const message = this.buildMessage(
        record.chat_id,
        record.message_id,
        record.time,
        this.rendered(record),
        record.reply_markup,
        record.photo,
      );
      if (record.edited_time !== undefined) message.edit_date = Math.floor(record.edited_time / 1000);
      return message;
    }
    const text = store.incomingText(chatId, messageId);
    if (text !== undefined) {
      return {
        message_id: messageId,
        chat: chats.get(chatId),
        date: Math.floor(Date.now() / 1000),
        text,
      } as Message;
    }
    return { message_id: messageId, chat: chats.get(chatId), date: 0 } as unknown as Message;
  }

  /**
   * Resolves with the chat's messages once it has at least `count` (chatId undefined: all messages);
   * rejects with WaitTimeoutError after `timeoutMs`.
   */
  waitFor(chatId: number | undefined, count: number, timeoutMs: number): Promise<RecordedMessage[]> {
    const { store } = this.deps;
    if (store.count(chatId) >= count) return Promise.resolve(store.list(chatId));
    return new Promise((resolve, reject) => {
      const waiter: MessageWaiter = {
        chatId,
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new WaitTimeoutError(chatId, count, store.count(chatId), timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending wait (the double is closing). */
  rejectWaiters(err: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    this.waiters.clear();
  }

  // ---- Message objects -----------------------------------------------------------------------

  /** Text and entities of a recorded message as Telegram would show them. */
  private rendered(record: RecordedMessage): ParsedText {
    const text = record.text ?? '';
    if (!record.parse_mode) return { text, entities: [] };
    try {
      return parseMessageText(text, normaliseParseMode(record.parse_mode), {
        maxLength: Number.POSITIVE_INFINITY,
      });
    } catch {
      return { text, entities: [] };
    }
  }

  private buildMessage(
    chatId: number,
    messageId: number,
    time: number,
    parsed: ParsedText,
    markup: unknown,
    photo?: string,
  ): Message {
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: this.botUser(),
      chat: this.deps.chats.get(chatId),
      date: Math.floor(time / 1000),
    };
    if (photo === undefined) {
      message.text = parsed.text;
      if (parsed.entities.length > 0) message.entities = parsed.entities;
    } else {
      message.photo = photoSizes(photo);
      if (parsed.text !== '') message.caption = parsed.text;
      if (parsed.entities.length > 0) message.caption_entities = parsed.entities;
    }
    const inline = inlineMarkupOf(markup);
    if (inline !== undefined) message.reply_markup = inline;
    return message as unknown as Message;
  }

  private parseText(text: string | undefined, parseMode: string | undefined, entities: unknown): ParsedText {
    if (!this.cfg.strict) {
      if (text === undefined || text === '') throw new ApiError(400, DESCRIPTIONS.textEmpty);
      return { text, entities: [] };
    }
    const mode = normaliseParseMode(parseMode);
    const parsed = parseMessageText(text, mode, { lengthUnit: this.cfg.lengthUnit });
    // Entities given explicitly are echoed, not validated.
    if (mode === undefined && Array.isArray(entities))
      return { ...parsed, entities: entities as MessageEntity[] };
    return parsed;
  }

  private replyTarget(chatId: number, p: Params): number | undefined {
    const { store } = this.deps;
    const rp = optJson(p, 'reply_parameters', "can't parse ReplyParameters JSON object") as
      | { message_id?: number; chat_id?: number; allow_sending_without_reply?: boolean }
      | undefined;
    const target = rp?.message_id ?? optInt(p, 'reply_to_message_id');
    if (target === undefined) return undefined;
    const allow = rp?.allow_sending_without_reply ?? optBool(p, 'allow_sending_without_reply') ?? false;
    const targetChat = rp?.chat_id !== undefined ? Number(rp.chat_id) : chatId;
    const record = store.find(targetChat, target);
    const exists =
      target >= 1 && target <= store.lastMessageId(targetChat) && record?.deleted_time === undefined;
    if (!exists && !allow && this.cfg.strict) throw badRequest('message to be replied not found');
    return exists ? target : undefined;
  }

  // ---- sending -------------------------------------------------------------------------------

  private sendMessage(p: Params, call: CallContext): Message {
    const { store, gates } = this.deps;
    const chatId = requireChatId(p);
    gates.chat(chatId);
    const text = optString(p, 'text');
    const parseMode = optString(p, 'parse_mode');
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    const parsed = this.parseText(
      text,
      parseMode,
      optJson(p, 'entities', "can't parse entities JSON object"),
    );
    if (this.cfg.strict) validateReplyMarkup(markup);
    const replyTo = this.replyTarget(chatId, p);
    const paid = optBool(p, 'allow_paid_broadcast') === true;
    gates.rateLimit(chatId, paid, call.now);
    gates.delivery(chatId);
    const raw = text as string;
    const preview = optJson(p, 'link_preview_options', "can't parse LinkPreviewOptions JSON object");
    let content: MessageContent = {};
    if (store.recordText) {
      content = { method: 'sendMessage', text: raw };
      if (parseMode !== undefined) content.parse_mode = parseMode;
      if (markup !== undefined) content.reply_markup = markup;
      const silent = optBool(p, 'disable_notification');
      if (silent !== undefined) content.disable_notification = silent;
      if (paid) content.allow_paid_broadcast = true;
      if (preview !== undefined) content.link_preview_options = preview;
      if (replyTo !== undefined) content.reply_to_message_id = replyTo;
    }
    const record = store.record(chatId, content, call.now, raw);
    const message = this.buildMessage(chatId, record.message_id, call.now, parsed, markup);
    if (replyTo !== undefined) {
      (message as unknown as Record<string, unknown>).reply_to_message = this.messageFor(chatId, replyTo);
    }
    if (preview !== undefined) (message as unknown as Record<string, unknown>).link_preview_options = preview;
    this.recorded(record, message);
    return message;
  }

  /** A caption as Telegram reads it: none when empty, else parsed and held to 1,024 characters. */
  private parseCaption(caption: string | undefined, parseMode: string | undefined): ParsedText {
    if (caption === undefined || caption === '') return { text: '', entities: [] };
    if (!this.cfg.strict) return { text: caption, entities: [] };
    try {
      return parseMessageText(caption, normaliseParseMode(parseMode), {
        lengthUnit: this.cfg.lengthUnit,
        maxLength: MAX_CAPTION_LENGTH,
      });
    } catch (err) {
      if (err instanceof ApiError && err.description === DESCRIPTIONS.tooLong)
        throw new ApiError(400, DESCRIPTIONS.captionTooLong);
      if (err instanceof ApiError && err.description === DESCRIPTIONS.textEmpty)
        return { text: '', entities: [] };
      throw err;
    }
  }

  /**
   * sendPhoto with a photo given by https URL, file_id or upload (an uploaded file is recorded by the
   * file id the HTTP side made from its bytes), the caption as text.
   */
  private sendPhoto(p: Params, call: CallContext): Message {
    const { store, gates } = this.deps;
    const chatId = requireChatId(p);
    gates.chat(chatId);
    const photo = optString(p, 'photo');
    if (photo === undefined || photo === '') throw new ApiError(400, DESCRIPTIONS.noPhoto);
    if (this.cfg.strict && !/^https?:\/\/[^\s]+$/.test(photo) && !FILE_ID.test(photo))
      throw new ApiError(400, DESCRIPTIONS.wrongFile);
    const caption = optString(p, 'caption');
    const parseMode = optString(p, 'parse_mode');
    const parsed = this.parseCaption(caption, parseMode);
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    if (this.cfg.strict) validateReplyMarkup(markup);
    const paid = optBool(p, 'allow_paid_broadcast') === true;
    gates.rateLimit(chatId, paid, call.now);
    gates.delivery(chatId);
    let content: MessageContent = {};
    if (store.recordText) {
      content = { method: 'sendPhoto', photo };
      if (caption !== undefined && caption !== '') content.text = caption;
      if (parseMode !== undefined) content.parse_mode = parseMode;
      if (markup !== undefined) content.reply_markup = markup;
      const silent = optBool(p, 'disable_notification');
      if (silent !== undefined) content.disable_notification = silent;
      if (paid) content.allow_paid_broadcast = true;
    }
    const record = store.record(chatId, content, call.now, `photo:${photo}:${caption ?? ''}`);
    const message = this.buildMessage(chatId, record.message_id, call.now, parsed, markup, photo);
    this.recorded(record, message);
    return message;
  }

  private relay(method: 'copyMessage' | 'forwardMessage', p: Params, call: CallContext): unknown {
    const { store, gates } = this.deps;
    const chatId = requireChatId(p);
    const fromChatId = requireChatId(p, 'from_chat_id');
    const sourceId = requireMessageId(p);
    gates.chat(chatId);
    if (this.cfg.missingChats.has(fromChatId)) throw new ApiError(400, DESCRIPTIONS.chatNotFound);
    const source = store.find(fromChatId, sourceId);
    if (sourceId < 1 || sourceId > store.lastMessageId(fromChatId) || source?.deleted_time !== undefined) {
      throw badRequest(
        method === 'copyMessage' ? 'message to copy not found' : 'message to forward not found',
      );
    }
    const caption = method === 'copyMessage' ? optString(p, 'caption') : undefined;
    const parseMode = method === 'copyMessage' ? optString(p, 'parse_mode') : undefined;
    const markup =
      method === 'copyMessage'
        ? optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object")
        : undefined;
    if (this.cfg.strict) validateReplyMarkup(markup);
    const sourceText = source?.text ?? store.incomingText(fromChatId, sourceId);
    const text = caption ?? sourceText;
    const textMode = caption !== undefined ? parseMode : source?.parse_mode;
    gates.rateLimit(chatId, optBool(p, 'allow_paid_broadcast') === true, call.now);
    gates.delivery(chatId);
    let content: MessageContent = {};
    if (store.recordText) {
      content = { method, from_chat_id: fromChatId, source_message_id: sourceId };
      if (text !== undefined) content.text = text;
      if (textMode !== undefined) content.parse_mode = textMode;
      if (markup !== undefined) content.reply_markup = markup;
      const silent = optBool(p, 'disable_notification');
      if (silent !== undefined) content.disable_notification = silent;
    }
    const record = store.record(chatId, content, call.now, text ?? `${method}:${fromChatId}:${sourceId}`);
    let parsed: ParsedText = { text: text ?? '', entities: [] };
    if (text !== undefined && textMode) {
      try {
        parsed = parseMessageText(text, normaliseParseMode(textMode), {
          maxLength: Number.POSITIVE_INFINITY,
        });
      } catch (err) {
        if (caption !== undefined && this.cfg.strict) throw err;
      }
    }
    const message = this.buildMessage(chatId, record.message_id, call.now, parsed, markup);
    if (method === 'forwardMessage') {
      (message as unknown as Record<string, unknown>).forward_origin = {
        type: 'user',
        sender_user: fromChatId > 0 ? makeUser(fromChatId) : this.botUser(),
        date: Math.floor(call.now / 1000),
      };
    }
    this.recorded(record, message);
    return method === 'copyMessage' ? { message_id: record.message_id } : message;
  }

  /** After a message is recorded: events and waiters. */
  private recorded(record: RecordedMessage, message: Message): void {
    const { events, store } = this.deps;
    if (events.listenerCount('message') > 0) events.emit('message', { record, message });
    if (this.waiters.size === 0) return;
    for (const waiter of this.waiters) {
      if (waiter.chatId !== undefined && waiter.chatId !== record.chat_id) continue;
      if (store.count(waiter.chatId) < waiter.count) continue;
      this.waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(store.list(waiter.chatId));
    }
  }

  // ---- editing and deleting --------------------------------------------------------------------

  /** The bot message to edit: its record, or undefined when only its id is known (recordText off). */
  private editable(chatId: number, messageId: number): RecordedMessage | undefined {
    const { store } = this.deps;
    const record = store.find(chatId, messageId);
    if (record) {
      if (record.deleted_time !== undefined) throw new ApiError(400, DESCRIPTIONS.editNotFound);
      return record;
    }
    if (messageId < 1 || messageId > store.lastMessageId(chatId))
      throw new ApiError(400, DESCRIPTIONS.editNotFound);
    if (store.incomingText(chatId, messageId) !== undefined) throw badRequest("message can't be edited");
    return undefined;
  }

  private applyEdit(
    record: RecordedMessage | undefined,
    changes: { text?: string; parse_mode?: string | undefined; reply_markup: unknown },
    now: number,
  ): void {
    this.deps.store.edits++;
    if (!record) return;
    record.history ??= [];
    const version: { text?: string; parse_mode?: string; reply_markup?: unknown; time: number } = {
      time: record.edited_time ?? record.time,
    };
    if (record.text !== undefined) version.text = record.text;
    if (record.parse_mode !== undefined) version.parse_mode = record.parse_mode;
    if (record.reply_markup !== undefined) version.reply_markup = record.reply_markup;
    record.history.push(version);
    if ('text' in changes) {
      record.text = changes.text;
      if (changes.parse_mode === undefined) delete record.parse_mode;
      else record.parse_mode = changes.parse_mode;
    }
    if (changes.reply_markup === undefined) delete record.reply_markup;
    else record.reply_markup = changes.reply_markup;
    record.edited_time = now;
  }

  private edited(
    chatId: number,
    messageId: number,
    record: RecordedMessage | undefined,
    message: Message,
    now: number,
  ): void {
    const { events } = this.deps;
    message.edit_date = Math.floor(now / 1000);
    if (events.listenerCount('edit') > 0) {
      events.emit('edit', { chat_id: chatId, message_id: messageId, record, message, time: now });
    }
  }

  private editMessageText(p: Params, call: CallContext): Message | true {
    const { gates, store } = this.deps;
    const text = optString(p, 'text');
    const parseMode = optString(p, 'parse_mode');
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    if (optString(p, 'inline_message_id') !== undefined) {
      this.parseText(text, parseMode, undefined);
      if (this.cfg.strict) validateReplyMarkup(markup);
      gates.rateLimit(undefined, false, call.now);
      return true;
    }
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    gates.chat(chatId);
    const parsed = this.parseText(
      text,
      parseMode,
      optJson(p, 'entities', "can't parse entities JSON object"),
    );
    if (this.cfg.strict) validateReplyMarkup(markup);
    const record = this.editable(chatId, messageId);
    if (record?.photo !== undefined) throw new ApiError(400, DESCRIPTIONS.noText);
    const preview = optJson(p, 'link_preview_options', "can't parse LinkPreviewOptions JSON object");
    if (record && this.cfg.strict) {
      const current = this.rendered(record);
      if (
        current.text === parsed.text &&
        stableJson(current.entities) === stableJson(parsed.entities) &&
        stableJson(inlineMarkupOf(record.reply_markup)) === stableJson(inlineMarkupOf(markup)) &&
        stableJson(record.link_preview_options) === stableJson(preview)
      ) {
        throw new ApiError(400, DESCRIPTIONS.notModified);
      }
    }
    gates.rateLimit(chatId, false, call.now);
    gates.delivery(chatId);
    // Telegram drops the inline keyboard when editMessageText comes without reply_markup.
    this.applyEdit(record, { text, parse_mode: parseMode, reply_markup: markup }, call.now);
    if (record && store.recordText) {
      if (preview === undefined) delete record.link_preview_options;
      else record.link_preview_options = preview;
    }
    const message = this.buildMessage(chatId, messageId, record?.time ?? call.now, parsed, markup);
    this.edited(chatId, messageId, record, message, call.now);
    return message;
  }

  private editMessageCaption(p: Params, call: CallContext): Message | true {
    const { gates } = this.deps;
    const caption = optString(p, 'caption');
    const parseMode = optString(p, 'parse_mode');
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    const parsed = this.parseCaption(caption, parseMode);
    if (this.cfg.strict) validateReplyMarkup(markup);
    if (optString(p, 'inline_message_id') !== undefined) {
      gates.rateLimit(undefined, false, call.now);
      return true;
    }
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    gates.chat(chatId);
    const record = this.editable(chatId, messageId);
    if (record && record.photo === undefined && record.method !== undefined)
      throw new ApiError(400, DESCRIPTIONS.noCaption);
    if (record && this.cfg.strict) {
      const current = this.rendered(record);
      if (
        current.text === parsed.text &&
        stableJson(current.entities) === stableJson(parsed.entities) &&
        stableJson(inlineMarkupOf(record.reply_markup)) === stableJson(inlineMarkupOf(markup))
      ) {
        throw new ApiError(400, DESCRIPTIONS.notModified);
      }
    }
    gates.rateLimit(chatId, false, call.now);
    gates.delivery(chatId);
    this.applyEdit(
      record,
      { text: caption === '' ? undefined : caption, parse_mode: parseMode, reply_markup: markup },
      call.now,
    );
    const message = this.buildMessage(
      chatId,
      messageId,
      record?.time ?? call.now,
      parsed,
      markup,
      record?.photo ?? '',
    );
    this.edited(chatId, messageId, record, message, call.now);
    return message;
  }

  private editMessageReplyMarkup(p: Params, call: CallContext): Message | true {
    const { gates } = this.deps;
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    if (this.cfg.strict) validateReplyMarkup(markup);
    if (optString(p, 'inline_message_id') !== undefined) return true;
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    gates.chat(chatId);
    const record = this.editable(chatId, messageId);
    if (
      record &&
      this.cfg.strict &&
      stableJson(inlineMarkupOf(record.reply_markup)) === stableJson(inlineMarkupOf(markup))
    ) {
      throw new ApiError(400, DESCRIPTIONS.notModified);
    }
    gates.delivery(chatId);
    this.applyEdit(record, { reply_markup: markup }, call.now);
    const parsed = record ? this.rendered(record) : { text: '', entities: [] };
    const message = this.buildMessage(chatId, messageId, record?.time ?? call.now, parsed, markup);
    this.edited(chatId, messageId, record, message, call.now);
    return message;
  }

  private deleteMessage(p: Params, call: CallContext): true {
    const { store, gates, events } = this.deps;
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    gates.chat(chatId);
    const record = store.find(chatId, messageId);
    if (record) {
      if (record.deleted_time !== undefined) throw new ApiError(400, DESCRIPTIONS.deleteNotFound);
      // Telegram lets a bot delete its own messages for 48 hours.
      if (call.now - record.time > this.cfg.deleteWindowMs) throw new ApiError(400, DESCRIPTIONS.cantDelete);
      record.deleted_time = call.now;
    } else if (messageId < 1 || messageId > store.lastMessageId(chatId)) {
      throw new ApiError(400, DESCRIPTIONS.deleteNotFound);
    }
    store.deletes++;
    if (events.listenerCount('delete') > 0) {
      events.emit('delete', { chat_id: chatId, message_id: messageId, time: call.now });
    }
    return true;
  }

  // ---- answers without a message -------------------------------------------------------------

  private answerCallbackQuery(p: Params, call: CallContext): true {
    const { events } = this.deps;
    const id = optString(p, 'callback_query_id');
    if (id === undefined || id === '') throw badRequest('callback_query_id is empty');
    // One answer per query, as in Telegram: taking it forgets it.
    const chatId = this.deps.takeQuery(id);
    if (chatId === undefined && this.cfg.strict) throw new ApiError(400, DESCRIPTIONS.queryInvalid);
    if (events.listenerCount('callback_answer') > 0) {
      const event: BotApiDoubleEvents['callback_answer'][0] = {
        callback_query_id: id,
        chat_id: chatId,
        time: call.now,
      };
      const text = optString(p, 'text');
      if (text !== undefined) event.text = text;
      const alert = optBool(p, 'show_alert');
      if (alert !== undefined) event.show_alert = alert;
      const url = optString(p, 'url');
      if (url !== undefined) event.url = url;
      events.emit('callback_answer', event);
    }
    return true;
  }

  private sendChatAction(p: Params, call: CallContext): true {
    const { gates, events } = this.deps;
    const chatId = requireChatId(p);
    gates.chat(chatId);
    const action = optString(p, 'action');
    if (action === undefined || !CHAT_ACTIONS.has(action))
      throw badRequest('wrong parameter action in request');
    gates.delivery(chatId);
    if (events.listenerCount('chat_action') > 0) {
      events.emit('chat_action', { chat_id: chatId, action, time: call.now });
    }
    return true;
  }
}
