import type { Update } from 'grammy/types';
import type { CallContext, Counters, MethodHandler } from './calls.js';
import type { ResolvedConfig } from './config.js';
import { ApiError, badRequest, DESCRIPTIONS } from './errors.js';
import { optBool, optInt, optJson, optString, type Params } from './params.js';
import type { DoubleLogger } from './types.js';
import { isAllowedUpdate, UpdateQueue } from './updates.js';
import { WebhookDeliverer } from './webhook.js';

interface WebhookMeta {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
}

export interface UpdateDeliveryDeps {
  config: () => ResolvedConfig;
  counters: Counters;
  logger: DoubleLogger | undefined;
  /** Runs the method a webhook answer carried, as Telegram does (nothing is reported back). */
  runReply(method: string, params: Params): void;
}

/**
 * How updates reach the bot, as in Telegram: getUpdates (long polls, offsets confirming) or a webhook
 * (setWebhook, deleteWebhook, getWebhookInfo), never both; allowed_updates filtering; pending updates
 * moving between the two when the bot switches.
 */
export class UpdateDelivery {
  /** The Bot API methods of this concern, by name. */
  readonly methods: Record<'getUpdates' | 'setWebhook' | 'deleteWebhook' | 'getWebhookInfo', MethodHandler> =
    {
      getUpdates: (p, call) => this.getUpdates(p, call),
      setWebhook: (p, call) => this.setWebhook(p, call),
      deleteWebhook: (p, call) => this.deleteWebhook(p, call),
      getWebhookInfo: () => this.getWebhookInfo(),
    };

  private readonly queue: UpdateQueue;
  private webhook: WebhookDeliverer | undefined;
  private webhookMeta: WebhookMeta | undefined;
  private allowedUpdates: Set<string> | undefined;

  constructor(private readonly deps: UpdateDeliveryDeps) {
    this.queue = new UpdateQueue(deps.config().maxPendingUpdates);
  }

  /** Hands an update to the webhook or to getUpdates; false when allowed_updates leaves it out. */
  deliver(update: Update): boolean {
    if (!isAllowedUpdate(update, this.allowedUpdates)) return false;
    if (this.webhook) this.webhook.enqueue(update);
    else this.queue.push(update);
    return true;
  }

  /** Updates waiting for getUpdates or for webhook delivery. */
  get pending(): number {
    return this.webhook ? this.webhook.pending : this.queue.size;
  }

  /** Updates dropped because more than maxPendingUpdates were waiting. */
  get overflowed(): number {
    return this.queue.overflowed;
  }

  /** Follows a new maxPendingUpdates. */
  configure(): void {
    this.queue.maxPending = this.deps.config().maxPendingUpdates;
  }

  /** Forgets pending updates, the webhook and allowed_updates. */
  reset(): void {
    this.queue.clear();
    this.queue.maxPending = this.deps.config().maxPendingUpdates;
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookMeta = undefined;
    this.allowedUpdates = undefined;
  }

  /** Shutdown: a pending long poll gets no updates, webhook delivery stops. */
  close(): void {
    this.queue.release();
    this.webhook?.stop();
    this.webhook = undefined;
  }

  private getUpdates(p: Params, call: CallContext): Update[] | Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, DESCRIPTIONS.webhookActive);
    // Telegram ends an earlier long poll when a new getUpdates arrives.
    this.queue.terminate(new ApiError(409, DESCRIPTIONS.otherPoller));
    const offset = optInt(p, 'offset');
    const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p, 'timeout') ?? 0);
    const allowed = optJson(p, 'allowed_updates', "can't parse allowed_updates JSON array");
    if (Array.isArray(allowed)) this.allowedUpdates = new Set(allowed.map(String));
    this.queue.confirm(offset);
    if (this.queue.size > 0 || timeout === 0 || call.signal?.aborted) return this.queue.peek(limit);
    return this.queue.wait(limit, timeout * 1000, call.signal);
  }

  private setWebhook(p: Params, call: CallContext): boolean {
    const url = optString(p, 'url') ?? '';
    if (url === '') return this.deleteWebhook(p, call);
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
      call.description = 'Webhook is already set';
      return true;
    }
    let pending = [...this.queue.drain(), ...(this.webhook?.stop() ?? [])].sort(
      (a, b) => a.update_id - b.update_id,
    );
    if (drop) pending = [];
    this.queue.terminate(new ApiError(409, DESCRIPTIONS.webhookActive));
    const webhookMeta: WebhookMeta = {
      url,
      secretToken,
      maxConnections,
      lastErrorDate: undefined,
      lastErrorMessage: undefined,
    };
    this.webhookMeta = webhookMeta;
    const { counters, logger } = this.deps;
    this.webhook = new WebhookDeliverer(
      { url, secretToken, maxConnections },
      {
        ...this.deps.config().webhook,
        onDelivered: (_update, reply) => {
          counters.webhookDelivered++;
          if (reply !== undefined) this.webhookReply(reply);
        },
        onAttemptFailed: (update, message, attempt) => {
          counters.webhookFailedAttempts++;
          webhookMeta.lastErrorDate = Math.floor(Date.now() / 1000);
          webhookMeta.lastErrorMessage = message;
          logger?.debug(
            { update_id: update.update_id, attempt, message },
            'bot-api-double: webhook attempt failed',
          );
        },
        onGaveUp: (update, message) => {
          counters.webhookGaveUp++;
          logger?.warn({ update_id: update.update_id, message }, 'bot-api-double: webhook update dropped');
        },
      },
    );
    for (const update of pending) this.webhook.enqueue(update);
    call.description = 'Webhook was set';
    return true;
  }

  private deleteWebhook(p: Params, call: CallContext): boolean {
    const drop = optBool(p, 'drop_pending_updates') === true;
    if (!this.webhook) {
      if (drop) this.queue.drain();
      call.description = 'Webhook is already deleted';
      return true;
    }
    const left = this.webhook.stop();
    this.webhook = undefined;
    this.webhookMeta = undefined;
    if (drop) this.queue.drain();
    else for (const update of left) this.queue.push(update);
    call.description = 'Webhook was deleted';
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
    this.deps.runReply(method, params);
  }
}
