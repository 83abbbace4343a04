import type { Chat, MessageEntity, Update, User } from 'grammy/types';
import type { ApiError } from './errors.js';

/** A user message, as if typed in the chat. */
export interface MessageUpdateInput {
  type: 'message';
  chat_id: number;
  text: string;
  /** Sender; defaults to a user whose id is chat_id in private chats. */
  from?: Partial<User>;
  /** Default: private for positive ids, supergroup for -100… ids, group otherwise. */
  chat_type?: 'private' | 'group' | 'supergroup';
  /** Group title or private first name shown in the chat object. */
  title?: string;
  reply_to_message_id?: number;
}

/** A user editing an earlier message of theirs (default: the chat's last message). */
export interface EditedMessageUpdateInput extends Omit<MessageUpdateInput, 'type' | 'reply_to_message_id'> {
  type: 'edited_message';
  message_id?: number;
}

/** A press on an inline button under a bot message. */
export interface CallbackUpdateInput {
  type: 'callback';
  chat_id: number;
  message_id: number;
  data: string;
  from?: Partial<User>;
}

/** The user blocking (kicked) or unblocking (member) the bot; the double's blocked set follows. */
export interface MyChatMemberUpdateInput {
  type: 'my_chat_member';
  chat_id: number;
  status: 'kicked' | 'member';
  from?: Partial<User>;
}

/** A raw Update; update_id may be left out (the double assigns one). */
export type RawUpdateInput = Omit<Update, 'update_id'> & { update_id?: number; type?: undefined };

/** What `pushUpdate` and POST /control/updates accept. */
export type UpdateInput =
  | MessageUpdateInput
  | EditedMessageUpdateInput
  | CallbackUpdateInput
  | MyChatMemberUpdateInput
  | RawUpdateInput;

/** Update types Telegram leaves out unless asked for in allowed_updates. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** The kind of an update: its one field besides update_id. */
export function updateType(update: Update): string {
  for (const key in update) if (key !== 'update_id') return key;
  return 'unknown';
}

/**
 * Whether an update passes allowed_updates. Telegram: absent or empty means every type except
 * chat_member, message_reaction and message_reaction_count.
 */
export function isAllowedUpdate(update: Update, allowed: ReadonlySet<string> | undefined): boolean {
  const type = updateType(update);
  return allowed === undefined || allowed.size === 0 ? !OPT_IN_TYPES.has(type) : allowed.has(type);
}

/** The chat an update belongs to, for per-chat ordering of webhook deliveries (0 when none). */
export function updateChatId(update: Update): number {
  const u = update as unknown as Record<
    string,
    { chat?: { id?: number }; from?: { id?: number } } | undefined
  >;
  for (const key in u) {
    if (key === 'update_id') continue;
    const body = u[key] as
      | { chat?: { id?: number }; from?: { id?: number }; message?: { chat?: { id?: number } } }
      | undefined;
    const id = body?.chat?.id ?? body?.message?.chat?.id ?? body?.from?.id;
    if (typeof id === 'number') return id;
  }
  return 0;
}

/** The chat type Telegram's id ranges imply. */
export function chatTypeOf(chatId: number): 'private' | 'group' | 'supergroup' {
  if (chatId > 0) return 'private';
  return chatId <= -1_000_000_000_000 ? 'supergroup' : 'group';
}

/** A Chat object for an id, with a made-up name unless one is given. */
export function makeChat(chatId: number, type = chatTypeOf(chatId), name?: string): Chat {
  if (type === 'private') return { id: chatId, type, first_name: name ?? `User ${chatId}` };
  return { id: chatId, type, title: name ?? `Group ${chatId}` } as Chat;
}

/** A User object: the given fields over `User <id>` defaults, with Hindi as the client language. */
export function makeUser(id: number, from?: Partial<User>): User {
  return { id, is_bot: false, first_name: `User ${id}`, language_code: 'hi', ...from };
}

const BOT_COMMAND = /(?<![\p{L}\p{N}_/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/<>])/gu;

/**
 * The bot_command entities Telegram attaches to a user's text (grammY's `bot.command()` relies on
 * them), with UTF-16 offsets.
 */
export function botCommandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const m of text.matchAll(BOT_COMMAND)) {
    entities.push({ type: 'bot_command', offset: m.index ?? 0, length: m[0].length });
  }
  return entities;
}

interface Waiter {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (error: ApiError) => void;
  timer: NodeJS.Timeout;
  onAbort: (() => void) | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Pending updates for getUpdates, with Telegram's semantics: an offset confirms (forgets) earlier
 * updates, a negative offset keeps only the last |offset|, and one long poll at a time that returns as
 * soon as an update arrives (updates pushed in the same tick come back together).
 */
export class UpdateQueue {
  private items: Update[] = [];
  private head = 0;
  private waiter: Waiter | undefined;
  private wakeScheduled = false;
  /** Updates dropped because the queue was full. */
  overflowed = 0;

  constructor(public maxPending: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get polling(): boolean {
    return this.waiter !== undefined;
  }

  push(update: Update): void {
    this.items.push(update);
    if (this.size > this.maxPending) {
      this.head++;
      this.overflowed++;
    }
    this.compact();
    if (this.waiter && !this.wakeScheduled) {
      this.wakeScheduled = true;
      setImmediate(() => this.wake());
    }
  }

  /** Confirms updates below `offset` (or keeps the last |offset| when negative). */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      this.head = Math.max(this.head, this.items.length + offset);
    } else {
      while (this.head < this.items.length && (this.items[this.head]?.update_id ?? 0) < offset) this.head++;
    }
    this.compact();
  }

  peek(limit: number): Update[] {
    return this.items.slice(this.head, this.head + limit);
  }

  /** Removes and returns every pending update (when a webhook takes over). */
  drain(): Update[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }

  /** Waits up to `timeoutMs` for updates; an aborted signal (client gone) ends the wait quietly. */
  wait(limit: number, timeoutMs: number, signal?: AbortSignal): Promise<Update[]> {
    return new Promise<Update[]>((resolve, reject) => {
      const waiter: Waiter = {
        limit,
        resolve,
        reject,
        signal,
        onAbort: undefined,
        timer: setTimeout(() => this.settle(waiter, []), timeoutMs),
      };
      if (signal) {
        waiter.onAbort = () => this.settle(waiter, []);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiter = waiter;
    });
  }

  /** Ends the pending long poll with an error (another poller, or a webhook was set). */
  terminate(error: ApiError): void {
    const waiter = this.waiter;
    if (waiter) this.settle(waiter, error);
  }

  /** Answers the pending long poll with no updates (shutdown). */
  release(): void {
    const waiter = this.waiter;
    if (waiter) this.settle(waiter, []);
  }

  clear(): void {
    this.release();
    this.items = [];
    this.head = 0;
    this.overflowed = 0;
  }

  private wake(): void {
    this.wakeScheduled = false;
    const waiter = this.waiter;
    if (waiter && this.size > 0) this.settle(waiter, this.peek(waiter.limit));
  }

  private settle(waiter: Waiter, outcome: Update[] | ApiError): void {
    if (this.waiter !== waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    if (Array.isArray(outcome)) waiter.resolve(outcome);
    else waiter.reject(outcome);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
