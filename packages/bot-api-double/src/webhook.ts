import http from 'node:http';
import https from 'node:https';
import type { Update } from 'grammy/types';
import { updateChatId } from './updates.js';

/** What setWebhook configured. */
export interface WebhookTarget {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
}

export interface WebhookDelivererOptions {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  /** An update was answered with 2xx; `reply` is the response body when it was JSON (a webhook reply). */
  onDelivered(update: Update, reply: string | undefined): void;
  /** One attempt failed; `message` is what getWebhookInfo reports as last_error_message. */
  onAttemptFailed(update: Update, message: string, attempt: number): void;
  /** Every attempt failed; the update is dropped. */
  onGaveUp(update: Update, message: string): void;
}

interface PostResult {
  status: number;
  statusText: string;
  contentType: string | undefined;
  body: string;
}

const MAX_REPLY_BYTES = 1024 * 1024;

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  agent: http.Agent,
  timeoutMs: number,
): Promise<PostResult> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('Read timeout expired')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Telegram-like last_error_message for a failed delivery. */
function describeFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return 'Connection refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
    return 'Failed to resolve host: Name or service not known';
  if (e.code === 'ECONNRESET') return 'Connection reset by peer';
  return e.message || String(err);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers updates to a webhook the way Telegram does: in order within a chat (a chat's next update
 * waits for the previous one to succeed or be given up), up to max_connections chats in parallel,
 * each failed attempt retried with doubling backoff, with the secret token header on every request.
 */
export class WebhookDeliverer {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;
  private readonly queues = new Map<number, Update[]>();
  private readonly inFlight = new Set<number>();
  private ready: number[] = [];
  private readyHead = 0;
  private queued = 0;
  private stopped = false;

  constructor(
    readonly target: WebhookTarget,
    private readonly options: WebhookDelivererOptions,
  ) {
    this.url = new URL(target.url);
    const agentOptions = { keepAlive: true, maxSockets: target.maxConnections };
    this.agent =
      this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.headers = target.secretToken ? { 'x-telegram-bot-api-secret-token': target.secretToken } : {};
  }

  /** Updates waiting or being delivered. */
  get pending(): number {
    return this.queued;
  }

  enqueue(update: Update): void {
    if (this.stopped) return;
    const chat = updateChatId(update);
    const queue = this.queues.get(chat);
    this.queued++;
    if (queue) {
      queue.push(update);
    } else {
      this.queues.set(chat, [update]);
      this.ready.push(chat);
    }
    this.pump();
  }

  /** Stops delivering; returns the updates not yet handed to the webhook, oldest first per chat. */
  stop(): Update[] {
    this.stopped = true;
    const left: Update[] = [];
    for (const [chat, queue] of this.queues) left.push(...(this.inFlight.has(chat) ? queue.slice(1) : queue));
    this.queues.clear();
    this.ready = [];
    this.readyHead = 0;
    this.queued = 0;
    this.agent.destroy();
    return left.sort((a, b) => a.update_id - b.update_id);
  }

  private pump(): void {
    while (this.inFlight.size < this.target.maxConnections && this.readyHead < this.ready.length) {
      const chat = this.ready[this.readyHead++] as number;
      if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.readyHead);
        this.readyHead = 0;
      }
      void this.deliverHead(chat);
    }
  }

  private async deliverHead(chat: number): Promise<void> {
    const queue = this.queues.get(chat);
    const update = queue?.[0];
    if (!queue || !update) return;
    this.inFlight.add(chat);
    await this.deliver(update);
    this.inFlight.delete(chat);
    if (this.stopped) return;
    queue.shift();
    this.queued--;
    if (queue.length > 0) this.ready.push(chat);
    else this.queues.delete(chat);
    this.pump();
  }

  private async deliver(update: Update): Promise<void> {
    const body = JSON.stringify(update);
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      if (this.stopped) return;
      try {
        const res = await post(this.url, body, this.headers, this.agent, this.options.timeoutMs);
        if (res.status >= 200 && res.status < 300) {
          const isJson = res.contentType?.includes('json') && res.body.trim() !== '';
          this.options.onDelivered(update, isJson ? res.body : undefined);
          return;
        }
        lastError = `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
      } catch (err) {
        lastError = describeFailure(err);
      }
      if (this.stopped) return;
      this.options.onAttemptFailed(update, lastError, attempt);
      if (attempt < this.options.attempts) await sleep(this.options.backoffMs * 2 ** (attempt - 1));
    }
    this.options.onGaveUp(update, lastError);
  }
}
