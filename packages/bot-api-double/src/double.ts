import { EventEmitter } from 'node:events';
import type http from 'node:http';
import type { Update } from 'grammy/types';
import { BotProfile } from './bot-profile.js';
import {
  type CallContext,
  CallLog,
  type Counters,
  increment,
  newCounters,
  nowMs,
  type Outcome,
  redact,
} from './calls.js';
import { Chats, Gates } from './chats.js';
import {
  type BotApiDoubleSettings,
  type ConfigSnapshot,
  defaultConfig,
  mergeConfig,
  type ResolvedConfig,
  snapshotConfig,
} from './config.js';
import { ApiError, DESCRIPTIONS } from './errors.js';
import { Faults } from './faults.js';
import { createRequestHandler, type HttpHost, HttpServer } from './http-server.js';
import { MessageStore, type RecordedMessage } from './message-store.js';
import { Messages } from './messages.js';
import { MethodTable } from './methods.js';
import type { Params } from './params.js';
import { maxInSlidingWindow } from './sliding-window.js';
import type {
  ApiResponse,
  BotApiDouble,
  BotApiDoubleEvents,
  BotApiDoubleOptions,
  BotApiDoubleStats,
  CallRecord,
  CallSource,
  DoubleLogger,
  ListenResult,
} from './types.js';
import { clockUpdateId, UpdateBuilder } from './update-builder.js';
import { UpdateDelivery } from './update-delivery.js';
import type { UpdateInput } from './updates.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The double: settings, the method table and the path of every call (latency, faults, the method, the
 * call log), and the in-process API. Each concern lives in its own module: HTTP (`http-server.ts`),
 * faults (`faults.ts`), chats and their gates (`chats.ts`), messages (`messages.ts`), updates
 * (`update-builder.ts`, `update-delivery.ts`) and the bot's own settings (`bot-profile.ts`).
 */
class BotApiDoubleImpl implements BotApiDouble, HttpHost {
  readonly events = new EventEmitter<BotApiDoubleEvents>();
  readonly controlToken: string | undefined;
  readonly logger: DoubleLogger | undefined;
  readonly handler: http.RequestListener;
  private readonly initial: ResolvedConfig;
  private cfg: ResolvedConfig;
  private readonly counters: Counters = newCounters();
  private readonly callLog: CallLog;
  private readonly faults: Faults;
  private readonly store: MessageStore;
  private readonly chats = new Chats();
  private readonly gates: Gates;
  private readonly botMessages: Messages;
  private readonly builder: UpdateBuilder;
  private readonly delivery: UpdateDelivery;
  private readonly profile: BotProfile;
  private readonly table: MethodTable;
  private readonly http: HttpServer;
  private maxPerSecondCache = { count: -1, value: 0 };
  private closed = false;

  constructor(options: BotApiDoubleOptions) {
    const { controlToken, logger, firstUpdateId, ...settings } = options;
    this.controlToken = controlToken;
    this.logger = logger;
    this.initial = mergeConfig(defaultConfig(), settings);
    this.cfg = this.initial;
    this.events.setMaxListeners(0);
    const config = () => this.cfg;
    this.callLog = new CallLog(this.cfg.callLogLimit);
    this.faults = new Faults(this.cfg.seed, this.cfg.faults.methods);
    this.store = new MessageStore(this.cfg.recordText);
    this.gates = new Gates(config, this.chats, this.counters);
    this.botMessages = new Messages({
      config,
      store: this.store,
      chats: this.chats,
      gates: this.gates,
      events: this.events,
      takeQuery: (id) => this.builder.takeQuery(id),
    });
    this.builder = new UpdateBuilder({
      firstUpdateId: firstUpdateId ?? clockUpdateId(),
      store: this.store,
      chats: this.chats,
      messages: this.botMessages,
      setBlocked: (chatId, blocked) => {
        // A new set, never the one in `initial`: reset({ restoreConfig }) must bring the original back.
        const deadChats = new Set(this.cfg.deadChats);
        if (blocked) deadChats.add(chatId);
        else deadChats.delete(chatId);
        this.cfg = { ...this.cfg, deadChats };
      },
    });
    this.delivery = new UpdateDelivery({
      config,
      counters: this.counters,
      logger,
      runReply: (method, params) => void this.run(method, params, 'webhook-reply'),
    });
    this.profile = new BotProfile({ config, chats: this.chats, gates: this.gates });
    this.table = new MethodTable({
      ...this.profile.methods,
      ...this.delivery.methods,
      ...this.botMessages.methods,
    });
    this.handler = createRequestHandler(this);
    this.http = new HttpServer(this.handler);
  }

  get apiRoot(): string | undefined {
    return this.http.apiRoot;
  }

  acceptedToken(): string | undefined {
    return this.cfg.token;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<ListenResult> {
    return this.http.listen(port, host);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.delivery.close();
    this.botMessages.rejectWaiters(new Error('the Bot API double was closed'));
    await this.http.close();
  }

  // ---- in-process API -------------------------------------------------------------------------

  pushUpdate(input: UpdateInput): Update {
    const update = this.builder.build(input);
    this.counters.updatesPushed++;
    if (this.events.listenerCount('update') > 0) this.events.emit('update', update);
    if (!this.delivery.deliver(update)) this.counters.updatesFiltered++;
    return update;
  }

  messages(chatId?: number, since?: number): RecordedMessage[] {
    return this.store.list(chatId, since);
  }

  calls(method?: string): CallRecord[] {
    return this.callLog.list(method);
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
        pending: this.delivery.pending,
        overflowed: this.delivery.overflowed,
        webhookDelivered: c.webhookDelivered,
        webhookFailedAttempts: c.webhookFailedAttempts,
        webhookGaveUp: c.webhookGaveUp,
      },
    };
  }

  configure(settings: BotApiDoubleSettings): ConfigSnapshot {
    const previous = this.cfg;
    this.cfg = mergeConfig(previous, settings);
    if (settings.seed !== undefined) this.faults.reseed(this.cfg.seed);
    this.store.recordText = this.cfg.recordText;
    this.delivery.configure();
    this.callLog.resize(this.cfg.callLogLimit);
    this.gates.apply(previous);
    this.faults.setMethods(this.cfg.faults.methods);
    return this.config();
  }

  config(): ConfigSnapshot {
    return snapshotConfig(this.cfg);
  }

  reset(options: { restoreConfig?: boolean } = {}): void {
    if (options.restoreConfig) this.cfg = this.initial;
    this.faults.reseed(this.cfg.seed);
    this.store.clear();
    this.store.recordText = this.cfg.recordText;
    this.delivery.reset();
    this.chats.clear();
    this.builder.clearQueries();
    this.profile.clear();
    this.callLog.resize(this.cfg.callLogLimit);
    this.callLog.clear();
    Object.assign(this.counters, newCounters());
    this.maxPerSecondCache = { count: -1, value: 0 };
    this.gates.apply(undefined);
    this.faults.setMethods(this.cfg.faults.methods);
  }

  waitForMessages(chatId: number | undefined, count: number, timeoutMs = 5000): Promise<RecordedMessage[]> {
    if (this.closed && this.store.count(chatId) < count) {
      return Promise.reject(new Error('the Bot API double was closed'));
    }
    return this.botMessages.waitFor(chatId, count, timeoutMs);
  }

  async invoke(method: string, params: Params = {}): Promise<ApiResponse> {
    const outcome = await this.run(method, params, 'in-process', undefined);
    if (outcome.dropped)
      throw new Error(`socket hang up (the double dropped the connection ${outcome.dropped} recording)`);
    return outcome.body;
  }

  // ---- the path of every call: latency, faults, the method, the record -----------------------

  async run(rawMethod: string, params: Params, source: CallSource, signal?: AbortSignal): Promise<Outcome> {
    const start = nowMs();
    const entry = this.table.find(rawMethod);
    const name = entry?.name ?? rawMethod;
    this.counters.calls++;
    increment(this.counters.byMethod, name);
    if (!entry) {
      return this.finish(name, params, source, start, undefined, new ApiError(404, DESCRIPTIONS.notFound));
    }
    const latency = this.faults.latency(this.cfg.latencyMs);
    if (latency > 0) await sleep(latency);

    const fault = this.faults.draw(name, this.cfg.faults);
    if (fault === 'drop-before') return this.finish(name, params, source, start, 'before', undefined);
    if (fault === '429' || fault === '5xx') {
      if (fault === '429') this.counters.injected429++;
      else this.counters.serverErrors++;
      const error = this.faults.answer(fault, this.cfg.faults);
      return this.finish(name, params, source, start, undefined, error);
    }

    const call: CallContext = { now: nowMs(), source, signal, description: undefined };
    let result: unknown;
    let error: ApiError | undefined;
    try {
      const value = entry.handler(params, call);
      result = value instanceof Promise ? await value : value;
    } catch (err) {
      if (err instanceof ApiError) {
        error = err;
      } else {
        this.logger?.error({ err, method: name }, 'bot-api-double: handler failed');
        error = new ApiError(500, DESCRIPTIONS.internal);
      }
    }
    if (fault === 'drop-after') return this.finish(name, params, source, start, 'after', error);
    return this.finish(name, params, source, start, undefined, error, result, call.description);
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
    if (this.callLog.keeping) {
      const record: CallRecord = {
        seq: this.callLog.nextSeq(),
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
      this.callLog.push(record);
    }
    return outcome;
  }
}

/**
 * Creates a Telegram Bot API double: a real HTTP server (call `listen`) that grammY, the workers, tests,
 * benchmarks and the sandbox talk to through `TELEGRAM_API_ROOT`. Nothing listens until `listen()`.
 */
export function createBotApiDouble(options: BotApiDoubleOptions = {}): BotApiDouble {
  return new BotApiDoubleImpl(options);
}
