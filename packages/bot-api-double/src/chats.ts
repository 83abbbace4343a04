import type { Chat } from 'grammy/types';
import type { Counters } from './calls.js';
import type { ResolvedConfig } from './config.js';
import { ApiError, DESCRIPTIONS, tooManyRequests } from './errors.js';
import { KeyedSlidingWindowLimiter, SlidingWindowLimiter } from './sliding-window.js';
import { makeChat } from './updates.js';

/** The chats the double has seen in pushed updates, with the Chat objects those updates carried. */
export class Chats {
  private readonly known = new Map<number, Chat>();

  has(chatId: number): boolean {
    return this.known.has(chatId);
  }

  /** The chat as updates showed it, or a made-up one for an unknown id. */
  get(chatId: number): Chat {
    return this.known.get(chatId) ?? makeChat(chatId);
  }

  /** The chat of a convenience update; a new name with a new type replaces what was known. */
  remember(chatId: number, type: 'private' | 'group' | 'supergroup', name: string | undefined): Chat {
    let chat = this.known.get(chatId);
    if (!chat || (name !== undefined && chat.type !== type)) {
      chat = makeChat(chatId, type, name);
      this.known.set(chatId, chat);
    }
    return chat;
  }

  /** The chat of a raw update, kept as given unless the chat is known already. */
  adopt(chat: Chat): void {
    if (!this.known.has(chat.id)) this.known.set(chat.id, chat);
  }

  clear(): void {
    this.known.clear();
  }
}

/**
 * The checks Telegram makes before a call to a chat takes effect, in its order: does the chat exist for
 * the bot, is the send within the rate limits, can it be delivered (blocked bot, deleted account).
 */
export class Gates {
  private globalLimiter: SlidingWindowLimiter | undefined;
  private paidLimiter: SlidingWindowLimiter | undefined;
  private perChatLimiter: KeyedSlidingWindowLimiter | undefined;

  constructor(
    private readonly config: () => ResolvedConfig,
    private readonly chats: Chats,
    private readonly counters: Counters,
  ) {
    this.apply(undefined);
  }

  /**
   * Rebuilds the limiters whose settings changed since `previous` (all of them without it); a rebuilt
   * limiter starts with an empty window.
   */
  apply(previous: ResolvedConfig | undefined): void {
    const rl = this.config().rateLimit;
    const prl = previous?.rateLimit;
    const changed = (key: 'global' | 'perChat' | 'paid') =>
      !prl || prl[key] !== rl[key] || prl.windowMs !== rl.windowMs;
    if (changed('global'))
      this.globalLimiter = rl.global > 0 ? new SlidingWindowLimiter(rl.global, rl.windowMs) : undefined;
    if (changed('paid'))
      this.paidLimiter = rl.paid > 0 ? new SlidingWindowLimiter(rl.paid, rl.windowMs) : undefined;
    if (changed('perChat')) {
      this.perChatLimiter =
        rl.perChat > 0 ? new KeyedSlidingWindowLimiter(rl.perChat, rl.windowMs) : undefined;
    }
  }

  /** Does the chat exist (for the bot)? Checked before anything else. */
  chat(chatId: number): void {
    const cfg = this.config();
    if (cfg.missingChats.has(chatId)) throw new ApiError(400, DESCRIPTIONS.chatNotFound);
    if (cfg.knownChatsOnly && !this.chats.has(chatId)) {
      throw chatId > 0
        ? new ApiError(403, DESCRIPTIONS.cantInitiate)
        : new ApiError(400, DESCRIPTIONS.chatNotFound);
    }
  }

  /**
   * The sliding-window limits of send methods. Per-chat is checked first without taking a slot, so a
   * send refused for its chat does not use up a global slot.
   */
  rateLimit(chatId: number | undefined, paid: boolean, now: number): void {
    const perChat = chatId === undefined ? undefined : this.perChatLimiter;
    const global = paid && this.paidLimiter ? this.paidLimiter : this.globalLimiter;
    if (perChat && chatId !== undefined) {
      const wait = perChat.probe(chatId, now);
      if (wait > 0) throw this.limited(wait);
    }
    if (global) {
      const wait = global.tryAcquire(now);
      if (wait > 0) throw this.limited(wait);
    }
    if (perChat && chatId !== undefined) perChat.tryAcquire(chatId, now);
  }

  /** Checks Telegram's servers make when delivering: blocked bot, deleted account. */
  delivery(chatId: number): void {
    const cfg = this.config();
    if (cfg.deadChats.has(chatId)) throw new ApiError(403, DESCRIPTIONS.blocked);
    if (cfg.deactivatedChats.has(chatId)) throw new ApiError(403, DESCRIPTIONS.deactivated);
  }

  private limited(waitMs: number): ApiError {
    this.counters.rateLimited++;
    return tooManyRequests(this.config().rateLimit.retryAfter ?? waitMs / 1000);
  }
}
