/**
 * One feed request with the limits a poller needs: a conditional GET (ETag, Last-Modified), a time
 * limit over the whole exchange (redirects and body included), at most a few redirects followed by
 * hand (so that a loop is named as one), https or http only, and a body cut off once it passes the size
 * limit (read as a stream and aborted, never held whole). Uses Node's fetch (undici).
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
}

export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type FetchProblem =
  | 'timeout'
  | 'too-large'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-url'
  | 'network'
  | 'http-error';

export type FetchResult =
  | { kind: 'ok'; text: string; contentType: string; url: string; etag?: string; lastModified?: string }
  | { kind: 'not-modified' }
  | { kind: 'failed'; problem: FetchProblem; status?: number; detail?: string };

const USER_AGENT = 'ChunavBriefingBot/1 (+feed reader)';

function decode(bytes: Uint8Array, contentType: string): string {
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /^<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(
      new TextDecoder('latin1').decode(bytes.subarray(0, 200)),
    )?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Reads at most `max` bytes of a body; undefined when it is longer (the rest is not read). */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** GETs a feed under the limits; never throws. */
export async function fetchFeed(
  url: string,
  validators: Validators,
  limits: FetchLimits,
): Promise<FetchResult> {
  const controller = new AbortController();
  // A plain timer (not AbortSignal.timeout): it is held by the event loop until cleared.
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const maxRedirects = limits.maxRedirects ?? 5;
  const seen = new Set<string>();
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        return { kind: 'failed', problem: 'bad-url', detail: current.slice(0, 200) };
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return { kind: 'failed', problem: 'bad-url', detail: parsed.protocol };
      seen.add(parsed.href);
      const headers: Record<string, string> = {
        'User-Agent': USER_AGENT,
        Accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
      };
      if (validators.etag) headers['If-None-Match'] = validators.etag;
      if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
      const res = await fetch(parsed, { headers, redirect: 'manual', signal: controller.signal });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) return { kind: 'failed', problem: 'http-error', status: res.status };
        const next = new URL(location, parsed).href;
        if (seen.has(next)) return { kind: 'failed', problem: 'redirect-loop' };
        if (hop + 1 > maxRedirects) return { kind: 'failed', problem: 'too-many-redirects' };
        current = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'not-modified' };
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'failed', problem: 'http-error', status: res.status };
      }
      const length = Number(res.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(length) && length > limits.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'failed', problem: 'too-large' };
      }
      const bytes = await readCapped(res.body, limits.maxBytes);
      if (!bytes) return { kind: 'failed', problem: 'too-large' };
      const contentType = res.headers.get('content-type') ?? '';
      const etag = res.headers.get('etag') ?? undefined;
      const lastModified = res.headers.get('last-modified') ?? undefined;
      return {
        kind: 'ok',
        text: decode(bytes, contentType),
        contentType,
        url: parsed.href,
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
      };
    }
  } catch (err) {
    if (controller.signal.aborted) return { kind: 'failed', problem: 'timeout' };
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { kind: 'failed', problem: 'network', detail: cause ?? (err as Error).name };
  } finally {
    clearTimeout(timer);
  }
}
