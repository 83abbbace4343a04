import type http from 'node:http';
import type { Update } from 'grammy/types';
import { WaitTimeoutError } from './errors.js';
import type { BotApiDoubleEvents, ControlHost } from './types.js';
import { type UpdateInput, updateChatId } from './updates.js';

const MAX_CONTROL_BODY = 16 * 1024 * 1024;
const STREAM_EVENTS = ['message', 'edit', 'delete', 'callback_answer', 'chat_action', 'update'] as const;

const ENDPOINTS = [
  'POST /control/updates',
  'GET /control/messages?chat_id=&since=',
  'GET /control/calls?method=',
  'GET /control/stats',
  'GET /control/config',
  'POST /control/config',
  'POST /control/reset',
  'GET /control/stream?chat_id=',
  'GET /control/wait?chat_id=&count=&timeout_ms=',
  'GET /control/health',
];

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function fail(
  res: http.ServerResponse,
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): void {
  send(res, status, { ok: false, error, ...extra });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TypeError(`body is not valid JSON: ${(err as Error).message}`);
  }
}

function optionalInt(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TypeError(`${name} must be a number`);
  return n;
}

function authorized(req: http.IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization;
  return header === `Bearer ${token}` || url.searchParams.get('token') === token;
}

function eventChat(type: (typeof STREAM_EVENTS)[number], payload: unknown): number | undefined {
  if (type === 'update') return updateChatId(payload as Update);
  if (type === 'message') return (payload as BotApiDoubleEvents['message'][0]).record.chat_id;
  return (payload as { chat_id?: number }).chat_id;
}

/** Server-Sent Events of bot messages, edits, deletes, callback answers, chat actions and pushed updates. */
function stream(
  host: ControlHost,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  chatId: number | undefined,
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const listeners = STREAM_EVENTS.map((type) => {
    const listener = (payload: unknown) => {
      if (chatId !== undefined && eventChat(type, payload) !== chatId) return;
      res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    host.events.on(type, listener as never);
    return [type, listener] as const;
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    for (const [type, listener] of listeners) host.events.off(type, listener as never);
  };
  req.on('close', stop);
  res.on('close', stop);
}

/**
 * The control side under /control/: push updates, read what the bot sent and called, change faults at
 * run time, wait for messages, stream events. JSON in and out; errors are `{ ok: false, error }`.
 */
export async function handleControl(
  host: ControlHost,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://double.local');
  if (host.controlToken !== undefined && !authorized(req, url, host.controlToken)) {
    fail(res, 401, 'control token required: send "authorization: Bearer <token>" or ?token=');
    return;
  }
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'POST /control/updates': {
        const body = await readJson(req);
        if (body === undefined) throw new TypeError('send an update (or an array of them) as JSON');
        const result = Array.isArray(body)
          ? body.map((input) => host.pushUpdate(input as UpdateInput))
          : host.pushUpdate(body as UpdateInput);
        send(res, 200, { ok: true, result });
        return;
      }
      case 'GET /control/messages':
        send(res, 200, {
          ok: true,
          result: host.messages(optionalInt(url, 'chat_id'), optionalInt(url, 'since')),
        });
        return;
      case 'GET /control/calls':
        send(res, 200, { ok: true, result: host.calls(url.searchParams.get('method') ?? undefined) });
        return;
      case 'GET /control/stats':
        send(res, 200, { ok: true, result: host.stats() });
        return;
      case 'GET /control/config':
        send(res, 200, { ok: true, result: host.config() });
        return;
      case 'POST /control/config': {
        const body = await readJson(req);
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new TypeError('send the settings to change as a JSON object');
        }
        send(res, 200, { ok: true, result: host.configure(body) });
        return;
      }
      case 'POST /control/reset': {
        const body = (await readJson(req)) as { restoreConfig?: boolean } | undefined;
        host.reset({ restoreConfig: body?.restoreConfig === true });
        send(res, 200, { ok: true, result: true });
        return;
      }
      case 'GET /control/stream':
        stream(host, req, res, optionalInt(url, 'chat_id'));
        return;
      case 'GET /control/wait': {
        const chatId = optionalInt(url, 'chat_id');
        const count = optionalInt(url, 'count') ?? 1;
        const timeoutMs = optionalInt(url, 'timeout_ms') ?? 5000;
        try {
          const messages = await host.waitForMessages(chatId, count, timeoutMs);
          send(res, 200, { ok: true, result: chatId === undefined ? { count: messages.length } : messages });
        } catch (err) {
          if (!(err instanceof WaitTimeoutError)) throw err;
          fail(res, 408, err.message, { received: err.received });
        }
        return;
      }
      case 'GET /control/health':
        send(res, 200, { ok: true, result: { apiRoot: host.apiRoot } });
        return;
      default:
        fail(res, 404, `no control endpoint ${route}`, { endpoints: ENDPOINTS });
    }
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) {
      fail(res, 400, err.message);
      return;
    }
    throw err;
  }
}
