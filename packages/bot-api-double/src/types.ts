import type { EventEmitter } from 'node:events';
import type { RequestListener } from 'node:http';
import type { Message, Update } from 'grammy/types';
import type { BotApiDoubleSettings, ConfigSnapshot } from './config.js';
import type { ResponseParameters } from './errors.js';
import type { RecordedMessage } from './message-store.js';
import type { Params } from './params.js';
import type { UpdateInput } from './updates.js';

/** The subset of a pino logger the double uses. */
export interface DoubleLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface BotApiDoubleOptions extends BotApiDoubleSettings {
  /**
   * Require this token on /control/ requests (`authorization: Bearer <token>` or `?token=` for
   * EventSource). Absent: the control side is open, which is fine on 127.0.0.1.
   */
  controlToken?: string;
  logger?: DoubleLogger;
  /**
   * update_id of the first pushed update. Default: from the clock (see `clockUpdateId`), so a double
   * started later, such as a restarted sandbox, numbers above the ids an earlier one handed out, as
   * Telegram's ids only grow (a bot remembers handled ids and drops repeats). Set it for fixed ids.
   */
  firstUpdateId?: number;
}

/** A Bot API answer, exactly as sent on the wire. */
export type ApiResponse =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

/** Where an API call came from. */
export type CallSource = 'http' | 'webhook-reply' | 'in-process';

/** One API call as the double saw it. The bot token is never stored; setWebhook's secret_token is redacted. */
export interface CallRecord {
  seq: number;
  method: string;
  params: Params;
  /** HTTP status answered; 0 when the socket was dropped instead. */
  status: number;
  ok: boolean;
  error_code?: number;
  description?: string;
  retry_after?: number;
  /** Set when a fault dropped the connection. */
  dropped?: 'before-record' | 'after-record';
  /** Start of the call, ms since the epoch (sub-millisecond resolution). */
  time: number;
  duration_ms: number;
  source: CallSource;
}

export interface BotApiDoubleStats {
  calls: { total: number; byMethod: Record<string, number> };
  /** Answers by HTTP status ("200", "400", ...). */
  responses: Record<string, number>;
  /** Every 429 answered: rateLimited + injected429. */
  tooManyRequests: number;
  /** 429s from the sliding-window limiter. */
  rateLimited: number;
  /** 429s from the random fault mix. */
  injected429: number;
  /** Injected 500 and 502 answers. */
  serverErrors: number;
  drops: { beforeRecord: number; afterRecord: number; total: number };
  messages: {
    /** Messages recorded (sendMessage, copyMessage, forwardMessage that succeeded or were dropped after). */
    sent: number;
    edits: number;
    deletes: number;
    /** Chats the double has state for. */
    chats: number;
    /** Extra copies: a chat receiving the same text 3 times counts 2. */
    duplicates: number;
    /** Chats that received at least one duplicate. */
    duplicateChats: number;
    /** Most messages recorded within any sliding 1000 ms window. */
    maxPerSecond: number;
    firstTime: number | undefined;
    lastTime: number | undefined;
  };
  updates: {
    pushed: number;
    /** Left out by allowed_updates. */
    filtered: number;
    /** Waiting for getUpdates or for webhook delivery. */
    pending: number;
    /** Dropped because more than maxPendingUpdates were waiting. */
    overflowed: number;
    webhookDelivered: number;
    webhookFailedAttempts: number;
    webhookGaveUp: number;
  };
}

/** A bot message was recorded; `message` is the Message object Telegram would return (text parsed). */
export interface MessageEvent {
  record: RecordedMessage;
  message: Message;
}

export interface EditEvent {
  chat_id: number;
  message_id: number;
  /** Full record when kept (recordText). */
  record: RecordedMessage | undefined;
  message: Message;
  time: number;
}

export interface DeleteEvent {
  chat_id: number;
  message_id: number;
  time: number;
}

export interface CallbackAnswerEvent {
  callback_query_id: string;
  chat_id: number | undefined;
  text?: string;
  show_alert?: boolean;
  url?: string;
  time: number;
}

export interface ChatActionEvent {
  chat_id: number;
  action: string;
  time: number;
}

/** Events of {@link BotApiDouble.events}; the same names and payloads go out on GET /control/stream. */
export interface BotApiDoubleEvents {
  message: [MessageEvent];
  edit: [EditEvent];
  delete: [DeleteEvent];
  callback_answer: [CallbackAnswerEvent];
  chat_action: [ChatActionEvent];
  update: [Update];
}

export interface ListenResult {
  port: number;
  /** Pass as grammY's `client.apiRoot` / TELEGRAM_API_ROOT, e.g. http://127.0.0.1:PORT. */
  apiRoot: string;
}

/** The Bot API double. See `createBotApiDouble`. */
export interface BotApiDouble {
  /** Starts serving HTTP (API under /bot<token>/, control under /control/). Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<ListenResult>;
  /** Stops serving: pending long polls get no updates, webhook delivery stops, waits are rejected. */
  close(): Promise<void>;
  /** The apiRoot once listening. */
  readonly apiRoot: string | undefined;
  /** The request handler, to mount the double in another node:http server. */
  readonly handler: RequestListener;
  /** Adds an update (convenience form or raw) for getUpdates or the webhook; returns it with its update_id. */
  pushUpdate(input: UpdateInput): Update;
  /** Messages the bot sent (one chat's, or all), with edits applied; optionally only those after `since` ms. */
  messages(chatId?: number, since?: number): RecordedMessage[];
  /** Logged API calls, oldest first (the last `callLogLimit`), optionally of one method. */
  calls(method?: string): CallRecord[];
  stats(): BotApiDoubleStats;
  /** Changes settings at run time (merged over the current ones); returns the result. Throws RangeError. */
  configure(settings: BotApiDoubleSettings): ConfigSnapshot;
  config(): ConfigSnapshot;
  /** Forgets messages, calls, counters, updates, webhook and commands; keeps settings unless restoreConfig. */
  reset(options?: { restoreConfig?: boolean }): void;
  /**
   * Resolves with the chat's messages once it has at least `count` (chatId undefined: all messages,
   * once that many exist); rejects with WaitTimeoutError after `timeoutMs` (default 5000).
   */
  waitForMessages(chatId: number | undefined, count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  /** Calls an API method in-process, with the same faults, limits and recording as over HTTP. */
  invoke(method: string, params?: Params): Promise<ApiResponse>;
  readonly events: EventEmitter<BotApiDoubleEvents>;
}

/** What the control side needs beyond the public interface. */
export interface ControlHost extends BotApiDouble {
  readonly controlToken: string | undefined;
}
