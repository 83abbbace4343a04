import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createKeys } from './keys.js';

/** How long a sign-in link from `/desk` stays good. */
export const DESK_LINK_TTL_MS = 10 * 60_000;
/** How long a desk session lasts from sign-in (no sliding: an editor signs in again each working day). */
export const DESK_SESSION_TTL_MS = 12 * 3600_000;

/** One signed-in browser. */
export interface DeskSession {
  /** Handle of the session as listed and ended on the page: the SHA-256 of its cookie, never the cookie. */
  handle: string;
  /** Telegram user id of the owner or editor. */
  userId: number;
  /** The name Telegram gave when the link was asked for. */
  name: string;
  startedAt: number;
  expiresAt: number;
  /** The browser's User-Agent when it signed in (shown in the list of sessions). */
  agent: string;
}

/** A secret for the browser: 32 random bytes, base64url. */
function secret(): string {
  return randomBytes(32).toString('base64url');
}

/** What Redis keeps of a secret: its SHA-256 (hex). A dump of Redis opens no session. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sign-in links and sessions of the web desk. The link token and the session cookie are random and
 * given only to the browser; Redis holds their SHA-256, each under a TTL. A link is taken with GETDEL,
 * so it opens exactly one session however often it is replayed.
 */
export function createDeskSessionStore(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const { redis } = deps;
  const k = createKeys(deps.prefix);
  const now = deps.now ?? Date.now;

  async function read(handle: string): Promise<DeskSession | undefined> {
    const json = await redis.get(k.deskSession(handle));
    if (!json) return undefined;
    const s = JSON.parse(json) as Omit<DeskSession, 'handle'>;
    if (s.expiresAt <= now()) return undefined;
    return { handle, ...s };
  }

  return {
    /** A new one-time sign-in token for `userId`, good for {@link DESK_LINK_TTL_MS}. */
    async issueLink(userId: number, name: string): Promise<string> {
      const token = secret();
      const value = JSON.stringify({ userId, name, at: now() });
      await redis.set(k.deskLink(secretHash(token)), value, 'PX', DESK_LINK_TTL_MS);
      return token;
    },

    /**
     * Takes a sign-in token: the user it was made for, once; undefined when it is malformed, expired
     * or already used.
     */
    async redeemLink(token: string): Promise<{ userId: number; name: string } | undefined> {
      if (!TOKEN.test(token)) return undefined;
      const json = await redis.getdel(k.deskLink(secretHash(token)));
      if (!json) return undefined;
      const v = JSON.parse(json) as { userId: number; name: string; at: number };
      // The TTL ends it in Redis; this also holds for a clock that moved (tests).
      if (now() - v.at > DESK_LINK_TTL_MS) return undefined;
      return { userId: v.userId, name: v.name };
    },

    /** Opens a session; returns the cookie value (given to the browser only) and the session. */
    async open(
      user: { userId: number; name: string },
      agent: string,
    ): Promise<{ cookie: string; session: DeskSession }> {
      const cookie = secret();
      const handle = secretHash(cookie);
      const startedAt = now();
      const expiresAt = startedAt + DESK_SESSION_TTL_MS;
      const record = {
        userId: user.userId,
        name: user.name,
        startedAt,
        expiresAt,
        agent: agent.slice(0, 200),
      };
      await redis
        .multi()
        .set(k.deskSession(handle), JSON.stringify(record), 'PX', DESK_SESSION_TTL_MS)
        .zadd(k.deskSessions, expiresAt, handle)
        .exec();
      return { cookie, session: { handle, ...record } };
    },

    /** The session a cookie opens, or undefined (unknown, malformed, expired or ended). */
    async fromCookie(cookie: string | undefined): Promise<DeskSession | undefined> {
      if (!cookie || !TOKEN.test(cookie)) return undefined;
      return read(secretHash(cookie));
    },

    /** Sessions still open, newest first; only `userId`'s when given. */
    async list(userId?: number): Promise<DeskSession[]> {
      await redis.zremrangebyscore(k.deskSessions, '-inf', now());
      const handles = await redis.zrevrange(k.deskSessions, 0, 499);
      const all = await Promise.all(handles.map(read));
      return all.filter((s): s is DeskSession => !!s && (userId === undefined || s.userId === userId));
    },

    /** Ends a session by its handle; false when there was none. */
    async end(handle: string): Promise<boolean> {
      if (!/^[0-9a-f]{64}$/.test(handle)) return false;
      const [[, n]] = (await redis
        .multi()
        .del(k.deskSession(handle))
        .zrem(k.deskSessions, handle)
        .exec()) as [[Error | null, number]];
      return n === 1;
    },
  };
}

export type DeskSessionStore = ReturnType<typeof createDeskSessionStore>;
