import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Outcome } from './calls.js';
import { handleControl } from './control.js';
import { ApiError, DESCRIPTIONS } from './errors.js';
import {
  isMultipart,
  MAX_BODY_BYTES,
  type Params,
  parseBody,
  parseMultipart,
  parseUrlEncoded,
} from './params.js';
import type { CallSource, ControlHost, DoubleLogger, ListenResult } from './types.js';

/** What the HTTP side needs of the double. */
export interface HttpHost extends ControlHost {
  /** The one bot token the API accepts; undefined accepts any. */
  acceptedToken(): string | undefined;
  /** Runs an API call through latency, faults, the method and the call log. */
  run(method: string, params: Params, source: CallSource, signal?: AbortSignal): Promise<Outcome>;
  readonly logger: DoubleLogger | undefined;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  if (req.headers['content-length'] === '0') return Promise.resolve(Buffer.alloc(0));
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
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** One Bot API request: `/bot<token>/<method>` (or `/bot<token>/test/<method>`), parameters from query and body. */
async function handleApi(
  host: HttpHost,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: string,
): Promise<void> {
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
  const accepted = host.acceptedToken();
  if (token === '' || (accepted !== undefined && token !== accepted)) {
    const status = token === '' ? 404 : 401;
    const description = token === '' ? DESCRIPTIONS.notFound : DESCRIPTIONS.unauthorized;
    sendJson(res, status, { ok: false, error_code: status, description });
    return;
  }
  let params: Params;
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    const fromBody = isMultipart(req.headers['content-type'])
      ? await parseMultipart(req.headers['content-type'] as string, body)
      : parseBody(req.headers['content-type'], body.toString('utf8'));
    params = q < 0 ? fromBody : { ...parseUrlEncoded(url.slice(q + 1)), ...fromBody };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    sendJson(res, err.errorCode, err.toJSON());
    return;
  }
  let signal: AbortSignal | undefined;
  if (method.toLowerCase() === 'getupdates') {
    // A long poll whose client went away ends at once instead of holding updates for nobody.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    signal = controller.signal;
  }
  const outcome = await host.run(method, params, 'http', signal);
  if (outcome.dropped) {
    req.socket.destroy();
    return;
  }
  if (!res.destroyed) sendJson(res, outcome.status, outcome.body);
}

/** The double's request handler: the Bot API under /bot<token>/, the control side under /control/. */
export function createRequestHandler(host: HttpHost): http.RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/control/') || url === '/control') {
      void handleControl(host, req, res).catch((err: unknown) => {
        host.logger?.error({ err }, 'bot-api-double: control request failed');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: String(err) });
      });
      return;
    }
    void handleApi(host, req, res, url).catch((err: unknown) => {
      host.logger?.error({ err }, 'bot-api-double: API request failed');
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error_code: 500, description: DESCRIPTIONS.internal });
    });
  };
}

/** The HTTP server the double listens with: keep-alive like Telegram's, closed with every connection. */
export class HttpServer {
  private server: http.Server | undefined;
  private root: string | undefined;

  constructor(private readonly handler: http.RequestListener) {}

  /** The apiRoot once listening. */
  get apiRoot(): string | undefined {
    return this.root;
  }

  async listen(port: number, host: string): Promise<ListenResult> {
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

  /** Stops listening and drops every connection (a long poll would otherwise hold close() up). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
