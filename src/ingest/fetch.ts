/**
 * One feed request with the limits a poller needs: a conditional GET (ETag, Last-Modified), a time
 * limit over the whole exchange (redirects and body included), at most a few redirects followed by
 * hand (so that a loop is named as one), https or http only, and a body cut off once it passes the size
 * limit (read as a stream and aborted, never held whole). Uses undici's fetch.
 *
 * A feed is read from public addresses only (unless `allowPrivate`, for a newsroom whose feeds live on
 * its own network, and for tests): an address is screened where the connection is made, after the name
 * was looked up, for every redirect too, so that neither a feed's address, a redirect nor a name that
 * resolves to an inner address (this machine, the cloud's metadata service, the office network) makes
 * the worker read from inside.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, fetch } from 'undici';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Read from private, loopback and link-local addresses too (default: public addresses only). */
  allowPrivate?: boolean;
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
  | 'private-address'
  | 'network'
  | 'http-error';

export type FetchResult =
  | { kind: 'ok'; text: string; contentType: string; url: string; etag?: string; lastModified?: string }
  | { kind: 'not-modified' }
  | { kind: 'failed'; problem: FetchProblem; status?: number; detail?: string };

const USER_AGENT = 'ChunavBriefingBot/1 (+feed reader)';

/** Addresses that are not on the public internet: this machine, private networks, link-local, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 96],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** An IPv6 address's eight 16-bit words (an IPv4 tail written dotted included); undefined if not one. */
function ipv6Words(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 one stands for: IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
function embeddedIpv4(w: readonly number[]): string | undefined {
  const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && w[5] === 0xffff) return dotted(w[6] as number, w[7] as number);
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return dotted(w[6] as number, w[7] as number);
  if (w[0] === 0x2002) return dotted(w[1] as number, w[2] as number);
  return undefined;
}

/**
 * Whether an IP address is on the public internet. An IPv6 address that stands for an IPv4 one
 * (IPv4-mapped, NAT64, 6to4) is judged by that IPv4 address, so that a NAT64 gateway cannot lead inside.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  const words = ipv6Words(address);
  if (!words) return false;
  const v4 = embeddedIpv4(words);
  if (v4) return isPublicAddress(v4);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

const PRIVATE_CODE = 'EFEEDPRIVATEADDRESS';

/** dns.lookup for connections: the public addresses of a name only; none left is an error. */
function publicLookup(
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const open = addresses.filter((a) => isPublicAddress(a.address));
    const first = open[0];
    if (!first) {
      const e: NodeJS.ErrnoException = new Error(`${hostname} has no public address`);
      e.code = PRIVATE_CODE;
      return callback(e, []);
    }
    if (options.all) callback(null, open);
    else callback(null, first.address, first.family);
  });
}

let publicAgent: Agent | undefined;
let anyAgent: Agent | undefined;
/** One keep-alive agent per policy, made on first use. */
function agentFor(allowPrivate: boolean): Agent {
  if (allowPrivate) {
    anyAgent ??= new Agent();
    return anyAgent;
  }
  publicAgent ??= new Agent({ connect: { lookup: publicLookup } });
  return publicAgent;
}

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
      // A name is screened when its connection is made (publicLookup); an address written out, here.
      const literal = parsed.hostname.replace(/^\[|\]$/g, '');
      if (!limits.allowPrivate && isIP(literal) !== 0 && !isPublicAddress(literal))
        return { kind: 'failed', problem: 'private-address', detail: literal };
      const headers: Record<string, string> = {
        'User-Agent': USER_AGENT,
        Accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
      };
      if (validators.etag) headers['If-None-Match'] = validators.etag;
      if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
      const res = await fetch(parsed, {
        headers,
        redirect: 'manual',
        signal: controller.signal,
        dispatcher: agentFor(limits.allowPrivate === true),
      });
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
    if (cause === PRIVATE_CODE) return { kind: 'failed', problem: 'private-address' };
    return { kind: 'failed', problem: 'network', detail: cause ?? (err as Error).name };
  } finally {
    clearTimeout(timer);
  }
}
