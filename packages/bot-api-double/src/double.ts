import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, Message, MessageEntity, Update, User } from 'grammy/types';
import {
  type BotApiDoubleSettings,
  type ConfigSnapshot,
  defaultConfig,
  mergeConfig,
  type ResolvedConfig,
  SEND_METHODS,
  snapshotConfig,
} from './config.js';
import { handleControl } from './control.js';
import { ApiError, badRequest, DESCRIPTIONS, tooManyRequests, WaitTimeoutError } from './errors.js';
import type { ParsedText } from './html.js';
import { inlineMarkupOf, stableJson, validateReplyMarkup } from './markup.js';
import { type MessageContent, MessageStore, type RecordedMessage } from './message-store.js';
import {
  MAX_BODY_BYTES,
  optBool,
  optInt,
  optJson,
  optString,
  type Params,
  parseBody,
  parseUrlEncoded,
  requireChatId,
  requireMessageId,
} from './params.js';
import { createRandom, pickInt, pickReal, type Random } from './random.js';
import { KeyedSlidingWindowLimiter, maxInSlidingWindow, SlidingWindowLimiter } from './sliding-window.js';
import { normaliseParseMode, parseMessageText } from './text.js';
import type {
  ApiResponse,
  BotApiDouble,
  BotApiDoubleEvents,
  BotApiDoubleOptions,
  BotApiDoubleStats,
  CallRecord,
  CallSource,
  ControlHost,
  DoubleLogger,
  ListenResult,
} from './types.js';
import {
  botCommandEntities,
  chatTypeOf,
  isAllowedUpdate,
  makeChat,
  makeUser,
  type UpdateInput,
  UpdateQueue,
} from './updates.js';
import { WebhookDeliverer } from './webhook.js';

/** Methods the double implements; Telegram matches method names case-insensitively. */
const METHOD_NAMES = [
  'getMe',
  'getUpdates',
  'setWebhook',
  'deleteWebhook',
  'getWebhookInfo',
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'deleteMessage',
  'answerCallbackQuery',
  'setMyCommands',
  'getMyCommands',
  'deleteMyCommands',
  'sendChatAction',
  'copyMessage',
  'forwardMessage',
  'setChatMenuButton',
  'getChatMenuButton',
  'getChat',
  'setMyDescription',
  'getMyDescription',
  'setMyShortDescription',
  'getMyShortDescription',
  'setMyName',
  'getMyName',
  'close',
  'logOut',
] as const;

type MethodName = (typeof METHOD_NAMES)[number];

const METHODS = new Map<string, MethodName>(METHOD_NAMES.map((name) => [name.toLowerCase(), name]));
const SEND_SET = new Set(SEND_METHODS);

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

const SCOPE_TYPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

/** Sender of group messages pushed without `from`. */
const DEFAULT_GROUP_USER = 100_000_001;
const FIRST_UPDATE_ID = 500_000_001;
const MAX_PENDING_QUERIES = 100_000;

interface CallContext {
  /** When the handler runs (after injected latency); rate limiting and records use this time. */
  now: number;
  source: CallSource;
  signal: AbortSignal | undefined;
  description: string | undefined;
}

type Outcome = { status: number; body: ApiResponse; dropped?: undefined } | { dropped: 'before' | 'after' };

type Fault = 'none' | '429' | '5xx' | 'drop-before' | 'drop-after';

interface Counters {
  calls: number;
  byMethod: Map<string, number>;
  byStatus: Map<number, number>;
  rateLimited: number;
  injected429: number;
  serverErrors: number;
  dropsBefore: number;
  dropsAfter: number;
  updatesPushed: number;
  updatesFiltered: number;
  webhookDelivered: number;
  webhookFailedAttempts: number;
  webhookGaveUp: number;
}

interface MessageWaiter {
  chatId: number | undefined;
  count: number;
  resolve: (messages: RecordedMessage[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface WebhookMeta {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
}

function newCounters(): Counters {
  return {
    calls: 0,
    byMethod: new Map(),
    byStatus: new Map(),
    rateLimited: 0,
    injected429: 0,
    serverErrors: 0,
    dropsBefore: 0,
    dropsAfter: 0,
    updatesPushed: 0,
    updatesFiltered: 0,
    webhookDelivered: 0,
    webhookFailedAttempts: 0,
    webhookGaveUp: 0,
  };
}

/** Wall-clock ms with sub-millisecond resolution, monotonic within the process. */
const nowMs = (): number => performance.timeOrigin + performance.now();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  if (req.headers['content-length'] === '0') return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      ),
    );
    req.on('error', reject);
  });
}

function redact(method: string, params: Params): Params {
  return method === 'setWebhook' && params.secret_token !== undefined
    ? { ...params, secret_token: '[redacted]' }
    : params;
}

class BotApiDoubleImpl implements ControlHost {
  readonly events = new EventEmitter<BotApiDoubleEvents>();
  private readonly initial: ResolvedConfig;
  private cfg: ResolvedConfig;
  private faultRandom: Random;
  private latencyRandom: Random;
  private faultMethods: ReadonlySet<string> | 'all' = SEND_SET;
  private globalLimiter: SlidingWindowLimiter | undefined;
  private paidLimiter: SlidingWindowLimiter | undefined;
  private perChatLimiter: KeyedSlidingWindowLimiter | undefined;
  private readonly store: MessageStore;
  private readonly queue: UpdateQueue;
  private webhook: WebhookDeliverer | undefined;
  private webhookMeta: WebhookMeta | undefined;
  private allowedUpdates: Set<string> | undefined;
  private nextUpdateId = FIRST_UPDATE_ID;
  private querySeq = 0;
  private readonly knownChats = new Map<number, Chat>();
  private readonly pendingQueries = new Map<string, number>();
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly menuButtons = new Map<string, unknown>();
  private readonly botTexts = new Map<string, string>();
  private callLog: CallRecord[] = [];
  private callHead = 0;
  private callSeq = 0;
  private counters = newCounters();
  private readonly waiters = new Set<MessageWaiter>();
  private maxPerSecondCache = { count: -1, value: 0 };
  private server: http.Server | undefined;
  private root: string | undefined;
  private closed = false;
  private readonly logger: DoubleLogger | undefined;
  readonly controlToken: string | undefined;

  constructor(options: BotApiDoubleOptions) {
    const { controlToken, logger, ...settings } = options;
    this.controlToken = controlToken;
    this.logger = logger;
    this.initial = mergeConfig(defaultConfig(), settings);
    this.cfg = this.initial;
    this.faultRandom = createRandom(this.cfg.seed);
    this.latencyRandom = createRandom(this.cfg.seed ^ 0x5bd1e995);
    this.store = new MessageStore(this.cfg.recordText);
    this.queue = new UpdateQueue(this.cfg.maxPendingUpdates);
    this.events.setMaxListeners(0);
    this.applyDerived(undefined);
  }

  get apiRoot(): string | undefined {
    return this.root;
  }

  readonly handler: http.RequestListener = (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/control/') || url === '/control') {
      void handleControl(this, req, res).catch((err: unknown) => {
        this.logger?.error({ err }, 'bot-api-double: control request failed');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: String(err) });
      });
      return;
    }
    void this.handleApi(req, res, url).catch((err: unknown) => {
      this.logger?.error({ err }, 'bot-api-double: API request failed');
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error_code: 500, description: DESCRIPTIONS.internal });
    });
  };

  async listen(port = 0, host = '127.0.0.1'): Promise<ListenResult> {
    if (this.server) throw new Error('the Bot API double is already listening');
    const server = http.createServer({ keepAlive: true, noDelay: true }, this.handler);
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.root = `http://${shownHost}:${address.port}`;
    return { port: address.port, apiRoot: this.root };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.release();
    this.webhook?.stop();
    this.webhook = undefined;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('the Bot API double was closed'));
    }
    this.waiters.clear();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- in-process API -------------------------------------------------------------------------

  pushUpdate(input: UpdateInput): Update {
    const update = this.buildUpdate(input);
    this.counters.updatesPushed++;
    if (this.events.listenerCount('update') > 0) this.events.emit('update', update);
    if (!isAllowedUpdate(update, this.allowedUpdates)) {
      this.counters.updatesFiltered++;
      return update;
    }
    if (this.webhook) this.webhook.enqueue(update);
    else this.queue.push(update);
    return update;
  }

  messages(chatId?: number, since?: number): RecordedMessage[] {
    return this.store.list(chatId, since);
  }

  calls(method?: string): CallRecord[] {
    const ordered =
      this.callHead === 0
        ? this.callLog.slice()
        : [...this.callLog.slice(this.callHead), ...this.callLog.slice(0, this.callHead)];
    return method === undefined ? ordered : ordered.filter((call) => call.method === method);
  }

  stats(): BotApiDoubleStats {
    const c = this.counters;
    const times = this.store.times();
    if (this.maxPerSecondCache.count !== times.length) {
      this.maxPerSecondCache = { count: times.length, value: maxInSlidingWindow(times, 1000) };
    }
    return {
      calls: { total: c.calls, byMethod: Object.fromEntries(c.byMethod) },
      responses: Object.fromEntries([...c.byStatus].map(([status, n]) => [String(status), n])),
      tooManyRequests: c.rateLimited + c.injected429,
      rateLimited: c.rateLimited,
      injected429: c.injected429,
      serverErrors: c.serverErrors,
      drops: { beforeRecord: c.dropsBefore, afterRecord: c.dropsAfter, total: c.dropsBefore + c.dropsAfter },
      messages: {
        sent: this.store.count(),
        edits: this.store.edits,
        deletes: this.store.deletes,
        chats: this.store.chatCount,
        duplicates: this.store.duplicates,
        duplicateChats: this.store.duplicateChats,
        maxPerSecond: this.maxPerSecondCache.value,
        firstTime: times.length > 0 ? times[0] : undefined,
        lastTime: times.length > 0 ? times[times.length - 1] : undefined,
      },
      updates: {
        pushed: c.updatesPushed,
        filtered: c.updatesFiltered,
        pending: this.webhook ? this.webhook.pending : this.queue.size,
        overflowed: this.queue.overflowed,
        webhookDelivered: c.webhookDelivered,
        webhookFailedAttempts: c.webhookFailedAttempts,
        webhookGaveUp: c.webhookGaveUp,
      },
    };
  }

  configure(settings: BotApiDoubleSettings): ConfigSnapshot {
    const previous = this.cfg;
    this.cfg = mergeConfig(previous, settings);
    if (settings.seed !== undefined) {
      this.faultRandom = createRandom(this.cfg.seed);
      this.latencyRandom = createRandom(this.cfg.seed ^ 0x5bd1e995);
    }
    this.store.recordText = this.cfg.recordText;
    this.queue.maxPending = this.cfg.maxPendingUpdates;
    if (this.cfg.callLogLimit !== previous.callLogLimit) {
      const limit = this.cfg.callLogLimit;
      this.callLog = limit === 0 ? [] : this.calls().slice(-limit);
      this.callHead = 0;
    }
    this.applyDerived(previous);
    return this.config();
  }

  config(): ConfigSnapshot {
    return snapshotConfig(this.cfg);
  }

  reset(options: { restoreConfig?: boolean } = {}): void {
    if (options.restoreConfig) this.cfg = this.initial;
    this.faultRandom = createRandom(this.cfg.seed);
    this.latencyRandom = createRandom(this.cfg.seed ^ 0x5bd1e995);
    this.store.clear();
    this.store.recordText = this.cfg.recordText;
    this.queue.clear();
    this.queue.maxPending = this.cfg.maxPendingUpdates;
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookMeta = undefined;
    this.allowedUpdates = undefined;
    this.knownChats.clear();
    this.pendingQueries.clear();
    this.commands.clear();
    this.menuButtons.clear();
    this.botTexts.clear();
    this.callLog = [];
    this.callHead = 0;
    this.counters = newCounters();
    this.maxPerSecondCache = { count: -1, value: 0 };
    this.applyDerived(undefined);
  }

  waitForMessages(chatId: number | undefined, count: number, timeoutMs = 5000): Promise<RecordedMessage[]> {
    if (this.store.count(chatId) >= count) return Promise.resolve(this.store.list(chatId));
    if (this.closed) return Promise.reject(new Error('the Bot API double was closed'));
    return new Promise((resolve, reject) => {
      const waiter: MessageWaiter = {
        chatId,
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new WaitTimeoutError(chatId, count, this.store.count(chatId), timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async invoke(method: string, params: Params = {}): Promise<ApiResponse> {
    const outcome = await this.run(method, params, 'in-process', undefined);
    if (outcome.dropped)
      throw new Error(`socket hang up (the double dropped the connection ${outcome.dropped} recording)`);
    return outcome.body;
  }

  // ---- HTTP --------------------------------------------------------------------------------------

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: string): Promise<void> {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const slash = path.indexOf('/', 4);
    if (!path.startsWith('/bot') || slash < 0) {
      sendJson(res, 404, { ok: false, error_code: 404, description: DESCRIPTIONS.notFound });
      return;
    }
    let token: string;
    try {
      token = decodeURIComponent(path.slice(4, slash));
    } catch {
      token = '';
    }
    let method = path.slice(slash + 1);
    if (method.startsWith('test/')) method = method.slice(5);
    if (token === '' || (this.cfg.token !== undefined && token !== this.cfg.token)) {
      const status = token === '' ? 404 : 401;
      const description = token === '' ? DESCRIPTIONS.notFound : DESCRIPTIONS.unauthorized;
      sendJson(res, status, { ok: false, error_code: status, description });
      return;
    }
    let params: Params;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      const fromBody = parseBody(req.headers['content-type'], body);
      params = q < 0 ? fromBody : { ...parseUrlEncoded(url.slice(q + 1)), ...fromBody };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      sendJson(res, err.errorCode, err.toJSON());
      return;
    }
    let signal: AbortSignal | undefined;
    if (method.toLowerCase() === 'getupdates') {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      signal = controller.signal;
    }
    const outcome = await this.run(method, params, 'http', signal);
    if (outcome.dropped) {
      req.socket.destroy();
      return;
    }
    if (!res.destroyed) sendJson(res, outcome.status, outcome.body);
  }

  // ---- calls: faults, latency, dispatch, recording ------------------------------------------------

  private async run(
    rawMethod: string,
    params: Params,
    source: CallSource,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    const start = nowMs();
    const method = METHODS.get(rawMethod.toLowerCase());
    const name = method ?? rawMethod;
    this.counters.calls++;
    increment(this.counters.byMethod, name);
    if (!method) {
      return this.finish(name, params, source, start, undefined, new ApiError(404, DESCRIPTIONS.notFound));
    }
    const latency = pickReal(this.latencyRandom, this.cfg.latencyMs);
    if (latency > 0) await sleep(latency);

    const fault = this.drawFault(method);
    if (fault === 'drop-before') return this.finish(name, params, source, start, 'before', undefined);
    if (fault === '429') {
      this.counters.injected429++;
      const error = tooManyRequests(pickInt(this.faultRandom, this.cfg.faults.retryAfter));
      return this.finish(name, params, source, start, undefined, error);
    }
    if (fault === '5xx') {
      this.counters.serverErrors++;
      const error =
        this.faultRandom() < 0.5
          ? new ApiError(500, DESCRIPTIONS.internal)
          : new ApiError(502, DESCRIPTIONS.badGateway);
      return this.finish(name, params, source, start, undefined, error);
    }

    const ctx: CallContext = { now: nowMs(), source, signal, description: undefined };
    let result: unknown;
    let error: ApiError | undefined;
    try {
      const value = this.dispatch(method, params, ctx);
      result = value instanceof Promise ? await value : value;
    } catch (err) {
      if (err instanceof ApiError) {
        error = err;
      } else {
        this.logger?.error({ err, method }, 'bot-api-double: handler failed');
        error = new ApiError(500, DESCRIPTIONS.internal);
      }
    }
    if (fault === 'drop-after') return this.finish(name, params, source, start, 'after', error);
    return this.finish(name, params, source, start, undefined, error, result, ctx.description);
  }

  private finish(
    method: string,
    params: Params,
    source: CallSource,
    start: number,
    dropped: 'before' | 'after' | undefined,
    error: ApiError | undefined,
    result?: unknown,
    description?: string,
  ): Outcome {
    let outcome: Outcome;
    if (dropped) {
      if (dropped === 'before') this.counters.dropsBefore++;
      else this.counters.dropsAfter++;
      outcome = { dropped };
    } else if (error) {
      outcome = { status: error.errorCode, body: error.toJSON() };
    } else {
      const body: ApiResponse =
        description === undefined ? { ok: true, result } : { ok: true, result, description };
      outcome = { status: 200, body };
    }
    const status = outcome.dropped ? 0 : outcome.status;
    increment(this.counters.byStatus, status);
    if (this.cfg.callLogLimit > 0) {
      const record: CallRecord = {
        seq: ++this.callSeq,
        method,
        params: redact(method, params),
        status,
        ok: status === 200,
        time: start,
        duration_ms: nowMs() - start,
        source,
      };
      if (error && !dropped) {
        record.error_code = error.errorCode;
        record.description = error.description;
        if (error.parameters?.retry_after !== undefined) record.retry_after = error.parameters.retry_after;
      }
      if (dropped) record.dropped = dropped === 'before' ? 'before-record' : 'after-record';
      this.pushCall(record);
    }
    return outcome;
  }

  private pushCall(record: CallRecord): void {
    const limit = this.cfg.callLogLimit;
    if (this.callLog.length < limit) {
      this.callLog.push(record);
      return;
    }
    this.callLog[this.callHead] = record;
    this.callHead = (this.callHead + 1) % limit;
  }

  private drawFault(method: MethodName): Fault {
    const f = this.cfg.faults;
    const total = f.p429 + f.p5xx + f.pDropBeforeRecord + f.pDropAfterRecord;
    if (total === 0 || method === 'getUpdates') return 'none';
    if (this.faultMethods !== 'all' && !this.faultMethods.has(method)) return 'none';
    const r = this.faultRandom();
    let edge = f.p429;
    if (r < edge) return '429';
    edge += f.p5xx;
    if (r < edge) return '5xx';
    edge += f.pDropBeforeRecord;
    if (r < edge) return 'drop-before';
    edge += f.pDropAfterRecord;
    return r < edge ? 'drop-after' : 'none';
  }

  /** Rebuilds limiters and fault method set when their settings changed. */
  private applyDerived(previous: ResolvedConfig | undefined): void {
    const rl = this.cfg.rateLimit;
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
    const methods = this.cfg.faults.methods;
    this.faultMethods = methods === 'all' ? 'all' : new Set(methods);
  }

  // ---- chat gates and rate limit ---------------------------------------------------------------

  /** Checks Telegram makes before anything else: does the chat exist (for the bot)? */
  private gateChat(chatId: number): void {
    if (this.cfg.missingChats.has(chatId)) throw new ApiError(400, DESCRIPTIONS.chatNotFound);
    if (this.cfg.knownChatsOnly && !this.knownChats.has(chatId)) {
      throw chatId > 0
        ? new ApiError(403, DESCRIPTIONS.cantInitiate)
        : new ApiError(400, DESCRIPTIONS.chatNotFound);
    }
  }

  /** Checks Telegram's servers make when delivering: blocked bot, deleted account. */
  private gateDelivery(chatId: number): void {
    if (this.cfg.deadChats.has(chatId)) throw new ApiError(403, DESCRIPTIONS.blocked);
    if (this.cfg.deactivatedChats.has(chatId)) throw new ApiError(403, DESCRIPTIONS.deactivated);
  }

  /**
   * The sliding-window limits of send methods. Per-chat is checked first without taking a slot, so a
   * send refused for its chat does not use up a global slot.
   */
  private rateLimit(chatId: number | undefined, paid: boolean, now: number): void {
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

  private limited(waitMs: number): ApiError {
    this.counters.rateLimited++;
    return tooManyRequests(this.cfg.rateLimit.retryAfter ?? waitMs / 1000);
  }

  // ---- dispatch -----------------------------------------------------------------------------------

  private dispatch(method: MethodName, p: Params, ctx: CallContext): unknown {
    switch (method) {
      case 'getMe':
        return this.cfg.botInfo;
      case 'getUpdates':
        return this.getUpdates(p, ctx);
      case 'setWebhook':
        return this.setWebhook(p, ctx);
      case 'deleteWebhook':
        return this.deleteWebhook(p, ctx);
      case 'getWebhookInfo':
        return this.getWebhookInfo();
      case 'sendMessage':
        return this.sendMessage(p, ctx);
      case 'editMessageText':
        return this.editMessageText(p, ctx);
      case 'editMessageReplyMarkup':
        return this.editMessageReplyMarkup(p, ctx);
      case 'deleteMessage':
        return this.deleteMessage(p, ctx);
      case 'answerCallbackQuery':
        return this.answerCallbackQuery(p, ctx);
      case 'setMyCommands':
        this.commands.set(this.commandsKey(p), this.parseCommands(p));
        return true;
      case 'getMyCommands':
        return this.commands.get(this.commandsKey(p)) ?? [];
      case 'deleteMyCommands':
        this.commands.delete(this.commandsKey(p));
        return true;
      case 'sendChatAction':
        return this.sendChatAction(p, ctx);
      case 'copyMessage':
      case 'forwardMessage':
        return this.relay(method, p, ctx);
      case 'setChatMenuButton': {
        const chatId = optInt(p, 'chat_id');
        const button = optJson(p, 'menu_button', "can't parse MenuButton JSON object") ?? { type: 'default' };
        this.menuButtons.set(String(chatId ?? 'default'), button);
        return true;
      }
      case 'getChatMenuButton': {
        const chatId = optInt(p, 'chat_id');
        return (
          this.menuButtons.get(String(chatId ?? 'default')) ??
          this.menuButtons.get('default') ?? { type: 'commands' }
        );
      }
      case 'getChat': {
        const chatId = requireChatId(p);
        this.gateChat(chatId);
        return this.chatObject(chatId);
      }
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'setMyName': {
        const field =
          method === 'setMyName'
            ? 'name'
            : method === 'setMyDescription'
              ? 'description'
              : 'short_description';
        this.botTexts.set(`${field}|${optString(p, 'language_code') ?? ''}`, optString(p, field) ?? '');
        return true;
      }
      case 'getMyDescription':
      case 'getMyShortDescription':
      case 'getMyName': {
        const field =
          method === 'getMyName'
            ? 'name'
            : method === 'getMyDescription'
              ? 'description'
              : 'short_description';
        const lang = optString(p, 'language_code') ?? '';
        const value = this.botTexts.get(`${field}|${lang}`) ?? this.botTexts.get(`${field}|`) ?? '';
        return { [field]: field === 'name' && value === '' ? this.cfg.botInfo.first_name : value };
      }
      case 'close':
      case 'logOut':
        return true;
    }
  }

  // ---- updates -------------------------------------------------------------------------------

  private getUpdates(p: Params, ctx: CallContext): Update[] | Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, DESCRIPTIONS.webhookActive);
    // Telegram ends an earlier long poll when a new getUpdates arrives.
    this.queue.terminate(new ApiError(409, DESCRIPTIONS.otherPoller));
    const offset = optInt(p, 'offset');
    const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p, 'timeout') ?? 0);
    const allowed = optJson(p, 'allowed_updates', "can't parse allowed_updates JSON array");
    if (Array.isArray(allowed)) this.allowedUpdates = new Set(allowed.map(String));
    this.queue.confirm(offset);
    if (this.queue.size > 0 || timeout === 0 || ctx.signal?.aborted) return this.queue.peek(limit);
    return this.queue.wait(limit, timeout * 1000, ctx.signal);
  }

  private setWebhook(p: Params, ctx: CallContext): boolean {
    const url = optString(p, 'url') ?? '';
    if (url === '') return this.deleteWebhook(p, ctx);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    // Telegram insists on HTTPS; the double also takes http so a local test server can receive.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    const secretToken = optString(p, 'secret_token');
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw badRequest('secret token contains unallowed characters');
    }
    const maxConnections = Math.min(100, Math.max(1, optInt(p, 'max_connections') ?? 40));
    const allowed = optJson(p, 'allowed_updates', "can't parse allowed_updates JSON array");
    if (Array.isArray(allowed)) this.allowedUpdates = new Set(allowed.map(String));
    const drop = optBool(p, 'drop_pending_updates') === true;
    const meta = this.webhookMeta;
    if (
      this.webhook &&
      meta &&
      meta.url === url &&
      meta.secretToken === secretToken &&
      meta.maxConnections === maxConnections &&
      !drop
    ) {
      ctx.description = 'Webhook is already set';
      return true;
    }
    let pending = [...this.queue.drain(), ...(this.webhook?.stop() ?? [])].sort(
      (a, b) => a.update_id - b.update_id,
    );
    if (drop) pending = [];
    this.queue.terminate(new ApiError(409, DESCRIPTIONS.webhookActive));
    this.webhookMeta = {
      url,
      secretToken,
      maxConnections,
      lastErrorDate: undefined,
      lastErrorMessage: undefined,
    };
    const webhookMeta = this.webhookMeta;
    this.webhook = new WebhookDeliverer(
      { url, secretToken, maxConnections },
      {
        ...this.cfg.webhook,
        onDelivered: (_update, reply) => {
          this.counters.webhookDelivered++;
          if (reply !== undefined) this.webhookReply(reply);
        },
        onAttemptFailed: (update, message, attempt) => {
          this.counters.webhookFailedAttempts++;
          webhookMeta.lastErrorDate = Math.floor(Date.now() / 1000);
          webhookMeta.lastErrorMessage = message;
          this.logger?.debug(
            { update_id: update.update_id, attempt, message },
            'bot-api-double: webhook attempt failed',
          );
        },
        onGaveUp: (update, message) => {
          this.counters.webhookGaveUp++;
          this.logger?.warn(
            { update_id: update.update_id, message },
            'bot-api-double: webhook update dropped',
          );
        },
      },
    );
    for (const update of pending) this.webhook.enqueue(update);
    ctx.description = 'Webhook was set';
    return true;
  }

  private deleteWebhook(p: Params, ctx: CallContext): boolean {
    const drop = optBool(p, 'drop_pending_updates') === true;
    if (!this.webhook) {
      if (drop) this.queue.drain();
      ctx.description = 'Webhook is already deleted';
      return true;
    }
    const left = this.webhook.stop();
    this.webhook = undefined;
    this.webhookMeta = undefined;
    if (drop) this.queue.drain();
    else for (const update of left) this.queue.push(update);
    ctx.description = 'Webhook was deleted';
    return true;
  }

  private getWebhookInfo(): Record<string, unknown> {
    const meta = this.webhookMeta;
    if (!this.webhook || !meta)
      return { url: '', has_custom_certificate: false, pending_update_count: this.queue.size };
    const info: Record<string, unknown> = {
      url: meta.url,
      has_custom_certificate: false,
      pending_update_count: this.webhook.pending,
      max_connections: meta.maxConnections,
      ip_address: '127.0.0.1',
    };
    if (meta.lastErrorDate !== undefined) {
      info.last_error_date = meta.lastErrorDate;
      info.last_error_message = meta.lastErrorMessage;
    }
    if (this.allowedUpdates) info.allowed_updates = [...this.allowedUpdates];
    return info;
  }

  /** A JSON answer to a webhook POST may carry one method call; Telegram runs it and reports nothing. */
  private webhookReply(reply: string): void {
    let body: unknown;
    try {
      body = JSON.parse(reply);
    } catch {
      return;
    }
    if (body === null || typeof body !== 'object') return;
    const { method, ...params } = body as Params;
    if (typeof method !== 'string') return;
    void this.run(method, params, 'webhook-reply');
  }

  private buildUpdate(input: UpdateInput): Update {
    if (input === null || typeof input !== 'object') throw new TypeError('an update must be an object');
    const date = Math.floor(Date.now() / 1000);
    switch (input.type) {
      case 'message':
      case 'edited_message': {
        const chatId = this.numberField(input.chat_id, 'chat_id');
        if (typeof input.text !== 'string') throw new TypeError('text must be a string');
        const type = input.chat_type ?? chatTypeOf(chatId);
        const chat = this.rememberChat(
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
          const message_id = this.store.allocateIncoming(chatId, input.text);
          const message: Record<string, unknown> = { message_id, from, chat, date, text: input.text };
          if (entities.length > 0) message.entities = entities;
          if (input.reply_to_message_id !== undefined) {
            message.reply_to_message = this.messageFor(chatId, input.reply_to_message_id);
          }
          return { update_id: this.nextUpdateId++, message } as unknown as Update;
        }
        const message_id = input.message_id ?? this.store.lastMessageId(chatId);
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
        const chatId = this.numberField(input.chat_id, 'chat_id');
        const messageId = this.numberField(input.message_id, 'message_id');
        if (typeof input.data !== 'string') throw new TypeError('data must be a string');
        const chat = this.chatObject(chatId);
        const from = makeUser(
          input.from?.id ?? (chat.type === 'private' ? chatId : DEFAULT_GROUP_USER),
          input.from,
        );
        const id = String(4_000_000_000_000_000 + ++this.querySeq);
        this.rememberQuery(id, chatId);
        const callback_query = {
          id,
          from,
          message: this.messageFor(chatId, messageId),
          chat_instance: String(Math.abs(chatId) * 7 + 1_000_003),
          data: input.data,
        };
        return { update_id: this.nextUpdateId++, callback_query } as unknown as Update;
      }
      case 'my_chat_member': {
        const chatId = this.numberField(input.chat_id, 'chat_id');
        if (input.status !== 'kicked' && input.status !== 'member') {
          throw new TypeError("status must be 'kicked' or 'member'");
        }
        const chat = this.chatObject(chatId);
        const from = makeUser(
          input.from?.id ?? (chat.type === 'private' ? chatId : DEFAULT_GROUP_USER),
          input.from,
        );
        const bot = this.botUser();
        const kicked = { user: bot, status: 'kicked', until_date: 0 };
        const member = { user: bot, status: 'member' };
        // The user's choice is what the next send meets. A new set, never the one in `initial`.
        const deadChats = new Set(this.cfg.deadChats);
        if (input.status === 'kicked') deadChats.add(chatId);
        else deadChats.delete(chatId);
        this.cfg = { ...this.cfg, deadChats };
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
        return this.adoptRawUpdate(input);
      default:
        throw new TypeError(
          `unknown update type '${String((input as { type: unknown }).type)}': use message, edited_message, callback, my_chat_member or a raw Update`,
        );
    }
  }

  private adoptRawUpdate(input: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const update = { ...input } as Update & { type?: unknown };
    delete update.type;
    if (typeof input.update_id === 'number' && input.update_id >= this.nextUpdateId) {
      this.nextUpdateId = input.update_id + 1;
    } else {
      update.update_id = this.nextUpdateId++;
    }
    const message = update.message ?? update.edited_message;
    if (message?.chat) {
      if (!this.knownChats.has(message.chat.id)) this.knownChats.set(message.chat.id, message.chat as Chat);
      if (update.message) this.store.allocateIncoming(message.chat.id, message.text);
    }
    if (update.callback_query) {
      const cq = update.callback_query;
      this.rememberQuery(cq.id, cq.message?.chat.id ?? cq.from.id);
    }
    if (Object.keys(update).length < 2)
      throw new TypeError('a raw update needs a field such as message or callback_query');
    return update;
  }

  private numberField(value: unknown, name: string): number {
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError(`${name} must be an integer`);
    return n;
  }

  private rememberChat(
    chatId: number,
    type: 'private' | 'group' | 'supergroup',
    name: string | undefined,
  ): Chat {
    let chat = this.knownChats.get(chatId);
    if (!chat || (name !== undefined && chat.type !== type)) {
      chat = makeChat(chatId, type, name);
      this.knownChats.set(chatId, chat);
    }
    return chat;
  }

  private rememberQuery(id: string, chatId: number): void {
    this.pendingQueries.set(id, chatId);
    if (this.pendingQueries.size > MAX_PENDING_QUERIES) {
      const oldest = this.pendingQueries.keys().next().value;
      if (oldest !== undefined) this.pendingQueries.delete(oldest);
    }
  }

  // ---- messages --------------------------------------------------------------------------------

  private botUser(): User {
    const { id, first_name, username } = this.cfg.botInfo;
    return { id, is_bot: true, first_name, username };
  }

  private chatObject(chatId: number): Chat {
    return this.knownChats.get(chatId) ?? makeChat(chatId);
  }

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

  /** The Message for a known message (bot or user), or Telegram's InaccessibleMessage (date 0). */
  private messageFor(chatId: number, messageId: number): Message {
    const record = this.store.find(chatId, messageId);
    if (record && record.deleted_time === undefined) {
      const message = this.buildMessage(
        record.chat_id,
        record.message_id,
        record.time,
        this.rendered(record),
        record.reply_markup,
      );
      if (record.edited_time !== undefined) message.edit_date = Math.floor(record.edited_time / 1000);
      return message;
    }
    const text = this.store.incomingText(chatId, messageId);
    if (text !== undefined) {
      return {
        message_id: messageId,
        chat: this.chatObject(chatId),
        date: Math.floor(Date.now() / 1000),
        text,
      } as Message;
    }
    return { message_id: messageId, chat: this.chatObject(chatId), date: 0 } as unknown as Message;
  }

  private buildMessage(
    chatId: number,
    messageId: number,
    time: number,
    parsed: ParsedText,
    markup: unknown,
  ): Message {
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: this.botUser(),
      chat: this.chatObject(chatId),
      date: Math.floor(time / 1000),
      text: parsed.text,
    };
    if (parsed.entities.length > 0) message.entities = parsed.entities;
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
    const rp = optJson(p, 'reply_parameters', "can't parse ReplyParameters JSON object") as
      | { message_id?: number; chat_id?: number; allow_sending_without_reply?: boolean }
      | undefined;
    const target = rp?.message_id ?? optInt(p, 'reply_to_message_id');
    if (target === undefined) return undefined;
    const allow = rp?.allow_sending_without_reply ?? optBool(p, 'allow_sending_without_reply') ?? false;
    const targetChat = rp?.chat_id !== undefined ? Number(rp.chat_id) : chatId;
    const record = this.store.find(targetChat, target);
    const exists =
      target >= 1 && target <= this.store.lastMessageId(targetChat) && record?.deleted_time === undefined;
    if (!exists && !allow && this.cfg.strict) throw badRequest('message to be replied not found');
    return exists ? target : undefined;
  }

  private sendMessage(p: Params, ctx: CallContext): Message {
    const chatId = requireChatId(p);
    this.gateChat(chatId);
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
    this.rateLimit(chatId, paid, ctx.now);
    this.gateDelivery(chatId);
    const raw = text as string;
    const preview = optJson(p, 'link_preview_options', "can't parse LinkPreviewOptions JSON object");
    let content: MessageContent = {};
    if (this.store.recordText) {
      content = { method: 'sendMessage', text: raw };
      if (parseMode !== undefined) content.parse_mode = parseMode;
      if (markup !== undefined) content.reply_markup = markup;
      const silent = optBool(p, 'disable_notification');
      if (silent !== undefined) content.disable_notification = silent;
      if (paid) content.allow_paid_broadcast = true;
      if (preview !== undefined) content.link_preview_options = preview;
      if (replyTo !== undefined) content.reply_to_message_id = replyTo;
    }
    const record = this.store.record(chatId, content, ctx.now, raw);
    const message = this.buildMessage(chatId, record.message_id, ctx.now, parsed, markup);
    if (replyTo !== undefined) {
      (message as unknown as Record<string, unknown>).reply_to_message = this.messageFor(chatId, replyTo);
    }
    if (preview !== undefined) (message as unknown as Record<string, unknown>).link_preview_options = preview;
    this.recorded(record, message);
    return message;
  }

  private relay(method: 'copyMessage' | 'forwardMessage', p: Params, ctx: CallContext): unknown {
    const chatId = requireChatId(p);
    const fromChatId = requireChatId(p, 'from_chat_id');
    const sourceId = requireMessageId(p);
    this.gateChat(chatId);
    if (this.cfg.missingChats.has(fromChatId)) throw new ApiError(400, DESCRIPTIONS.chatNotFound);
    const source = this.store.find(fromChatId, sourceId);
    if (
      sourceId < 1 ||
      sourceId > this.store.lastMessageId(fromChatId) ||
      source?.deleted_time !== undefined
    ) {
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
    const sourceText = source?.text ?? this.store.incomingText(fromChatId, sourceId);
    const text = caption ?? sourceText;
    const textMode = caption !== undefined ? parseMode : source?.parse_mode;
    this.rateLimit(chatId, optBool(p, 'allow_paid_broadcast') === true, ctx.now);
    this.gateDelivery(chatId);
    let content: MessageContent = {};
    if (this.store.recordText) {
      content = { method, from_chat_id: fromChatId, source_message_id: sourceId };
      if (text !== undefined) content.text = text;
      if (textMode !== undefined) content.parse_mode = textMode;
      if (markup !== undefined) content.reply_markup = markup;
      const silent = optBool(p, 'disable_notification');
      if (silent !== undefined) content.disable_notification = silent;
    }
    const record = this.store.record(chatId, content, ctx.now, text ?? `${method}:${fromChatId}:${sourceId}`);
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
    const message = this.buildMessage(chatId, record.message_id, ctx.now, parsed, markup);
    if (method === 'forwardMessage') {
      (message as unknown as Record<string, unknown>).forward_origin = {
        type: 'user',
        sender_user: fromChatId > 0 ? makeUser(fromChatId) : this.botUser(),
        date: Math.floor(ctx.now / 1000),
      };
    }
    this.recorded(record, message);
    return method === 'copyMessage' ? { message_id: record.message_id } : message;
  }

  /** After a message is recorded: events and waiters. */
  private recorded(record: RecordedMessage, message: Message): void {
    if (this.events.listenerCount('message') > 0) this.events.emit('message', { record, message });
    if (this.waiters.size === 0) return;
    for (const waiter of this.waiters) {
      if (waiter.chatId !== undefined && waiter.chatId !== record.chat_id) continue;
      if (this.store.count(waiter.chatId) < waiter.count) continue;
      this.waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(this.store.list(waiter.chatId));
    }
  }

  /** The bot message to edit: its record, or undefined when only its id is known (recordText off). */
  private editable(chatId: number, messageId: number): RecordedMessage | undefined {
    const record = this.store.find(chatId, messageId);
    if (record) {
      if (record.deleted_time !== undefined) throw new ApiError(400, DESCRIPTIONS.editNotFound);
      return record;
    }
    if (messageId < 1 || messageId > this.store.lastMessageId(chatId))
      throw new ApiError(400, DESCRIPTIONS.editNotFound);
    if (this.store.incomingText(chatId, messageId) !== undefined) throw badRequest("message can't be edited");
    return undefined;
  }

  private applyEdit(
    record: RecordedMessage | undefined,
    changes: { text?: string; parse_mode?: string | undefined; reply_markup: unknown },
    now: number,
  ): void {
    this.store.edits++;
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
    message.edit_date = Math.floor(now / 1000);
    if (this.events.listenerCount('edit') > 0) {
      this.events.emit('edit', { chat_id: chatId, message_id: messageId, record, message, time: now });
    }
  }

  private editMessageText(p: Params, ctx: CallContext): Message | true {
    const text = optString(p, 'text');
    const parseMode = optString(p, 'parse_mode');
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    if (optString(p, 'inline_message_id') !== undefined) {
      this.parseText(text, parseMode, undefined);
      if (this.cfg.strict) validateReplyMarkup(markup);
      this.rateLimit(undefined, false, ctx.now);
      return true;
    }
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    this.gateChat(chatId);
    const parsed = this.parseText(
      text,
      parseMode,
      optJson(p, 'entities', "can't parse entities JSON object"),
    );
    if (this.cfg.strict) validateReplyMarkup(markup);
    const record = this.editable(chatId, messageId);
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
    this.rateLimit(chatId, false, ctx.now);
    this.gateDelivery(chatId);
    // Telegram drops the inline keyboard when editMessageText comes without reply_markup.
    this.applyEdit(record, { text, parse_mode: parseMode, reply_markup: markup }, ctx.now);
    const message = this.buildMessage(chatId, messageId, record?.time ?? ctx.now, parsed, markup);
    this.edited(chatId, messageId, record, message, ctx.now);
    return message;
  }

  private editMessageReplyMarkup(p: Params, ctx: CallContext): Message | true {
    const markup = optJson(p, 'reply_markup', "can't parse reply keyboard markup JSON object");
    if (this.cfg.strict) validateReplyMarkup(markup);
    if (optString(p, 'inline_message_id') !== undefined) return true;
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    this.gateChat(chatId);
    const record = this.editable(chatId, messageId);
    if (
      record &&
      this.cfg.strict &&
      stableJson(inlineMarkupOf(record.reply_markup)) === stableJson(inlineMarkupOf(markup))
    ) {
      throw new ApiError(400, DESCRIPTIONS.notModified);
    }
    this.gateDelivery(chatId);
    this.applyEdit(record, { reply_markup: markup }, ctx.now);
    const parsed = record ? this.rendered(record) : { text: '', entities: [] };
    const message = this.buildMessage(chatId, messageId, record?.time ?? ctx.now, parsed, markup);
    this.edited(chatId, messageId, record, message, ctx.now);
    return message;
  }

  private deleteMessage(p: Params, ctx: CallContext): true {
    const chatId = requireChatId(p);
    const messageId = requireMessageId(p);
    this.gateChat(chatId);
    const record = this.store.find(chatId, messageId);
    if (record) {
      if (record.deleted_time !== undefined) throw new ApiError(400, DESCRIPTIONS.deleteNotFound);
      record.deleted_time = ctx.now;
    } else if (messageId < 1 || messageId > this.store.lastMessageId(chatId)) {
      throw new ApiError(400, DESCRIPTIONS.deleteNotFound);
    }
    this.store.deletes++;
    if (this.events.listenerCount('delete') > 0) {
      this.events.emit('delete', { chat_id: chatId, message_id: messageId, time: ctx.now });
    }
    return true;
  }

  private answerCallbackQuery(p: Params, ctx: CallContext): true {
    const id = optString(p, 'callback_query_id');
    if (id === undefined || id === '') throw badRequest('callback_query_id is empty');
    const chatId = this.pendingQueries.get(id);
    if (chatId === undefined && this.cfg.strict) throw new ApiError(400, DESCRIPTIONS.queryInvalid);
    // One answer per query, as in Telegram.
    this.pendingQueries.delete(id);
    if (this.events.listenerCount('callback_answer') > 0) {
      const event: BotApiDoubleEvents['callback_answer'][0] = {
        callback_query_id: id,
        chat_id: chatId,
        time: ctx.now,
      };
      const text = optString(p, 'text');
      if (text !== undefined) event.text = text;
      const alert = optBool(p, 'show_alert');
      if (alert !== undefined) event.show_alert = alert;
      const url = optString(p, 'url');
      if (url !== undefined) event.url = url;
      this.events.emit('callback_answer', event);
    }
    return true;
  }

  private sendChatAction(p: Params, ctx: CallContext): true {
    const chatId = requireChatId(p);
    this.gateChat(chatId);
    const action = optString(p, 'action');
    if (action === undefined || !CHAT_ACTIONS.has(action))
      throw badRequest('wrong parameter action in request');
    this.gateDelivery(chatId);
    if (this.events.listenerCount('chat_action') > 0) {
      this.events.emit('chat_action', { chat_id: chatId, action, time: ctx.now });
    }
    return true;
  }

  // ---- commands --------------------------------------------------------------------------------

  private commandsKey(p: Params): string {
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

  private parseCommands(p: Params): BotCommand[] {
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
}

/**
 * Creates a Telegram Bot API double: a real HTTP server (call `listen`) that grammY, the workers, tests,
 * benchmarks and the sandbox talk to through `TELEGRAM_API_ROOT`. Nothing listens until `listen()`.
 */
export function createBotApiDouble(options: BotApiDoubleOptions = {}): BotApiDouble {
  return new BotApiDoubleImpl(options);
}
