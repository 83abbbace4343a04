import type { Params } from './params.js';
import type { ApiResponse, CallRecord, CallSource } from './types.js';

/** One API call while its method runs. */
export interface CallContext {
  /** When the method runs (after injected latency); rate limiting and records use this time. */
  now: number;
  source: CallSource;
  /** Aborted when the HTTP client goes away (a getUpdates long poll). */
  signal: AbortSignal | undefined;
  /** Set by a method for Telegram's optional `description` on success ("Webhook was set"). */
  description: string | undefined;
}

/** A Bot API method: its result, or an ApiError thrown exactly as Telegram would answer. */
export type MethodHandler = (params: Params, call: CallContext) => unknown;

/** How a call ended: an answer, or a connection dropped before or after the call took effect. */
export type Outcome =
  | { status: number; body: ApiResponse; dropped?: undefined }
  | { dropped: 'before' | 'after' };

/** The figures behind `stats()`. Shared by the modules that count; reset() clears them in place. */
export interface Counters {
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

export function newCounters(): Counters {
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

export function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Wall-clock ms with sub-millisecond resolution, monotonic within the process. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** setWebhook's secret_token never reaches the call log. */
export function redact(method: string, params: Params): Params {
  return method === 'setWebhook' && params.secret_token !== undefined
    ? { ...params, secret_token: '[redacted]' }
    : params;
}

/** The last `limit` API calls in a ring, so a million-call run keeps a fixed amount. */
export class CallLog {
  private log: CallRecord[] = [];
  private head = 0;
  private seq = 0;

  constructor(private limit: number) {}

  /** The next call's sequence number (counted even when the log keeps nothing). */
  nextSeq(): number {
    return ++this.seq;
  }

  get keeping(): boolean {
    return this.limit > 0;
  }

  push(record: CallRecord): void {
    if (this.log.length < this.limit) {
      this.log.push(record);
      return;
    }
    this.log[this.head] = record;
    this.head = (this.head + 1) % this.limit;
  }

  /** Oldest first, optionally of one method. */
  list(method?: string): CallRecord[] {
    const ordered =
      this.head === 0 ? this.log.slice() : [...this.log.slice(this.head), ...this.log.slice(0, this.head)];
    return method === undefined ? ordered : ordered.filter((call) => call.method === method);
  }

  /** A new limit keeps the newest calls that fit. */
  resize(limit: number): void {
    if (limit === this.limit) return;
    this.log = limit === 0 ? [] : this.list().slice(-limit);
    this.head = 0;
    this.limit = limit;
  }

  /** Forgets the calls; sequence numbers keep growing. */
  clear(): void {
    this.log = [];
    this.head = 0;
  }
}
