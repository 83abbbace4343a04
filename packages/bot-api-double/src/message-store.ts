import { hash53 } from './random.js';

/** An earlier version of an edited message. */
export interface MessageVersion {
  text?: string;
  parse_mode?: string;
  reply_markup?: unknown;
  /** When this version was sent or set by an edit (ms since the epoch). */
  time: number;
}

/**
 * A message the bot sent, as the double recorded it. With `recordText: false` only chat_id, message_id
 * and time are kept.
 */
export interface RecordedMessage {
  chat_id: number;
  message_id: number;
  /** When the double recorded it: ms since the epoch with sub-millisecond resolution. */
  time: number;
  method?: 'sendMessage' | 'sendPhoto' | 'copyMessage' | 'forwardMessage';
  /**
   * Text as the bot sent it (raw HTML with parse_mode HTML), or a photo's caption; with edits applied.
   */
  text?: string;
  /** sendPhoto: the photo as given (an https URL or a file_id). */
  photo?: string;
  parse_mode?: string;
  reply_markup?: unknown;
  disable_notification?: boolean;
  allow_paid_broadcast?: boolean;
  link_preview_options?: unknown;
  reply_to_message_id?: number;
  /** copyMessage / forwardMessage: where the message came from. */
  from_chat_id?: number;
  source_message_id?: number;
  /** Time of the last edit; absent when never edited. */
  edited_time?: number;
  /** Earlier versions, oldest first; absent when never edited. */
  history?: MessageVersion[];
  /** Time of deletion; absent when not deleted. */
  deleted_time?: number;
}

/** The content of a message to record (everything but chat, id and time). */
export type MessageContent = Omit<RecordedMessage, 'chat_id' | 'message_id' | 'time'>;

const MAX_INCOMING_PER_CHAT = 1000;

/** Per-chat bookkeeping; kept small because a broadcast run may touch a million chats. */
class ChatState {
  lastId = 0;
  sent = 0;
  firstHash = 0;
  duplicated = false;
  hashes: Set<number> | undefined = undefined;
  records: RecordedMessage[] | undefined = undefined;
  /** Texts of user messages pushed as updates (for copyMessage / forwardMessage). */
  incoming: Map<number, string> | undefined = undefined;
}

/**
 * Every message the bot sent. Chat, id and time live in typed columns (20 bytes a message) so a
 * million-message run stays small; full records are kept only with `recordText`. Duplicates (same chat,
 * identical text) are counted as messages arrive, from a 53-bit hash of the text.
 */
export class MessageStore {
  private readonly chats = new Map<number, ChatState>();
  private chatCol = new Float64Array(1024);
  private idCol = new Float64Array(1024);
  private timeCol = new Float64Array(1024);
  private full: (RecordedMessage | undefined)[] = [];
  private n = 0;
  duplicates = 0;
  duplicateChats = 0;
  edits = 0;
  deletes = 0;

  constructor(public recordText: boolean) {}

  /** Messages recorded in one chat, or in all. */
  count(chatId?: number): number {
    return chatId === undefined ? this.n : (this.chats.get(chatId)?.sent ?? 0);
  }

  /** Chats that received at least one message or sent one. */
  get chatCount(): number {
    return this.chats.size;
  }

  /** Record times in order (a view, not a copy). */
  times(): Float64Array {
    return this.timeCol.subarray(0, this.n);
  }

  /** The highest message id used in a chat (0 when none). */
  lastMessageId(chatId: number): number {
    return this.chats.get(chatId)?.lastId ?? 0;
  }

  /** Takes the next message id of a chat, for a user message pushed as an update. */
  allocateIncoming(chatId: number, text: string | undefined): number {
    const state = this.state(chatId);
    const id = ++state.lastId;
    if (this.recordText && text !== undefined) {
      state.incoming ??= new Map();
      state.incoming.set(id, text);
      if (state.incoming.size > MAX_INCOMING_PER_CHAT) {
        const oldest = state.incoming.keys().next().value;
        if (oldest !== undefined) state.incoming.delete(oldest);
      }
    }
    return id;
  }

  /** Text of a user message pushed earlier, when known. */
  incomingText(chatId: number, messageId: number): string | undefined {
    return this.chats.get(chatId)?.incoming?.get(messageId);
  }

  /**
   * Records a bot message with the next id of its chat. `dedupeKey` is what counts as "the same
   * message" (the text, or the source of a copy).
   */
  record(chatId: number, content: MessageContent, now: number, dedupeKey: string): RecordedMessage {
    const state = this.state(chatId);
    const id = ++state.lastId;
    if (this.n === this.timeCol.length) this.grow();
    this.chatCol[this.n] = chatId;
    this.idCol[this.n] = id;
    this.timeCol[this.n] = now;
    this.n++;

    const h = hash53(dedupeKey);
    if (state.sent === 0) {
      state.firstHash = h;
    } else {
      state.hashes ??= new Set([state.firstHash]);
      if (state.hashes.has(h)) {
        this.duplicates++;
        if (!state.duplicated) {
          state.duplicated = true;
          this.duplicateChats++;
        }
      } else {
        state.hashes.add(h);
      }
    }
    state.sent++;

    if (!this.recordText) {
      this.full.push(undefined);
      return { chat_id: chatId, message_id: id, time: now };
    }
    const record: RecordedMessage = { chat_id: chatId, message_id: id, time: now, ...content };
    this.full.push(record);
    state.records ??= [];
    state.records.push(record);
    return record;
  }

  /** The full record of a bot message, when kept. */
  find(chatId: number, messageId: number): RecordedMessage | undefined {
    const records = this.chats.get(chatId)?.records;
    if (!records) return undefined;
    let lo = 0;
    let hi = records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const record = records[mid];
      if (!record) return undefined;
      if (record.message_id === messageId) return record;
      if (record.message_id < messageId) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /**
   * Messages the bot sent, oldest first: one chat's or all, optionally only those recorded after
   * `since` (ms since the epoch). Records are live objects: edits show up in them.
   */
  list(chatId?: number, since?: number): RecordedMessage[] {
    if (chatId !== undefined) {
      const state = this.chats.get(chatId);
      if (!state || state.sent === 0) return [];
      if (state.records && state.records.length === state.sent) {
        return since === undefined ? state.records.slice() : state.records.filter((m) => m.time > since);
      }
    }
    const out: RecordedMessage[] = [];
    for (let i = 0; i < this.n; i++) {
      const chat = this.chatCol[i] ?? 0;
      if (chatId !== undefined && chat !== chatId) continue;
      const time = this.timeCol[i] ?? 0;
      if (since !== undefined && time <= since) continue;
      out.push(this.full[i] ?? { chat_id: chat, message_id: this.idCol[i] ?? 0, time });
    }
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.chats.clear();
    this.chatCol = new Float64Array(1024);
    this.idCol = new Float64Array(1024);
    this.timeCol = new Float64Array(1024);
    this.full = [];
    this.n = 0;
    this.duplicates = 0;
    this.duplicateChats = 0;
    this.edits = 0;
    this.deletes = 0;
  }

  private state(chatId: number): ChatState {
    let state = this.chats.get(chatId);
    if (!state) {
      state = new ChatState();
      this.chats.set(chatId, state);
    }
    return state;
  }

  private grow(): void {
    const size = this.timeCol.length * 2;
    const grow = (old: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(size);
      next.set(old);
      return next;
    };
    this.chatCol = grow(this.chatCol);
    this.idCol = grow(this.idCol);
    this.timeCol = grow(this.timeCol);
  }
}
