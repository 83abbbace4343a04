import type { ApiClientOptions } from 'grammy';
import { Agent, request } from 'undici';

/** grammY's `fetch` option: node-fetch's signature, of which grammY uses the request and `res.json()`. */
type GrammyFetch = NonNullable<ApiClientOptions['fetch']>;

/** What grammY passes for one call: POST, its headers, a JSON string or a multipart stream, a signal. */
interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | NodeJS.ReadableStream;
  signal?: unknown;
}

/**
 * The Bot API HTTP client: undici's `request` on one keep-alive agent per process, given to grammY as
 * `client.fetch`. grammY's default (node-fetch over Node's http module) builds a WHATWG-style request,
 * a URL object, header maps and a response wrapper for every call; at hundreds of sends a second that
 * was a measurable share of a worker's CPU per message (docs/benchmarks.md, the profile). undici keeps
 * the connections open (keep-alive, reused for the next call) and parses the answer straight from the
 * socket. Only what grammY uses is provided: the call goes out with its method, headers and body (a JSON
 * string, or the multipart stream of a file upload), honours the abort signal, and its `json()` is the
 * parsed answer. Errors keep undici's codes (see `networkReason`).
 */
export function createTelegramFetch(
  opts: {
    /** Open connections per origin at most (each carries one request at a time). */
    connections?: number;
  } = {},
): GrammyFetch {
  const agent = new Agent({
    connections: opts.connections ?? 256,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    // A long poll (getUpdates) may hold its answer for its whole timeout; grammY's own timer bounds it.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const call = async (url: string, init: CallInit) => {
    const headers = { ...init.headers };
    // undici manages the connection itself and refuses a `connection` header.
    delete headers.connection;
    const res = await request(url, {
      method: (init.method ?? 'POST') as 'POST',
      headers,
      body: init.body as string,
      signal: init.signal as AbortSignal | undefined,
      dispatcher: agent,
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      json: () => res.body.json(),
    };
  };
  return call as unknown as GrammyFetch;
}
