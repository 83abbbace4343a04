import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.js';
import type { DeskSession, DeskSessionStore } from '../store/desk-sessions.js';
import { DESK_SESSION_TTL_MS } from '../store/desk-sessions.js';
import type { EditorStore } from '../store/editors.js';

/** Who is signed in to the desk, as every page and action sees it. */
export interface DeskUser {
  id: number;
  name: string;
  role: 'owner' | 'editor';
  session: DeskSession;
  /** The token every state-changing request must carry (form field `_csrf` or header `x-csrf-token`). */
  csrf: string;
}

export type DeskEnv = { Variables: { user: DeskUser } };

/** Where the desk lives on the HTTP server. */
export const DESK_BASE = '/desk';

/**
 * The session cookie's name. Behind https it is a `__Host-` cookie: the browser then insists on
 * Secure, Path=/ and no Domain, so no other host or plain-http page can set or read it.
 */
export function cookieName(secure: boolean): string {
  return secure ? '__Host-desk' : 'desk';
}

/** The CSRF token of a session: derived from the cookie, so nothing more is stored. */
export function csrfToken(cookie: string): string {
  return createHash('sha256').update(`desk-csrf:${cookie}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Methods that change something: each needs a same-origin request (and, signed in, the CSRF token). */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * True when the request comes from a page of the desk itself: its Origin (or, without one, its
 * Referer) is DESK_URL's origin. Browsers send Origin on every cross-site POST, so a form or a fetch
 * from another site is refused here even before the token is looked at.
 */
export function sameOrigin(c: Context, deskOrigin: string): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === deskOrigin;
  const referer = c.req.header('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === deskOrigin;
  } catch {
    return false;
  }
}

export interface DeskAuthDeps {
  config: Pick<Config, 'adminIds' | 'deskUrl'>;
  editors: Pick<EditorStore, 'has'>;
  sessions: DeskSessionStore;
  /**
   * A refusal in the page's language (`signed-out`, `refused`): the write page's script shows the
   * error it gets, and a session that ran out during autosave must say so in Hindi. Default: English.
   */
  say?: (c: Context, what: 'signed-out' | 'refused') => string;
}

const ENGLISH = {
  'signed-out': 'sign in first: send /desk to the bot',
  refused: 'refused: not from a desk page, or without its CSRF token',
} as const;

/** The role of a Telegram user on the desk now: editors removed since signing in lose it at once. */
export async function roleOf(
  deps: Pick<DeskAuthDeps, 'config' | 'editors'>,
  userId: number,
): Promise<'owner' | 'editor' | undefined> {
  if (deps.config.adminIds.includes(userId)) return 'owner';
  return (await deps.editors.has(userId)) ? 'editor' : undefined;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure behind https. */
export function setSessionCookie(c: Context, secure: boolean, value: string): void {
  setCookie(c, cookieName(secure), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: Math.floor(DESK_SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, cookieName(secure), { path: '/', secure });
}

/**
 * Every desk route behind sign-in: the session from the cookie, the user's role as it is now, then for
 * a state-changing request the origin and the CSRF token. Without a session a page request is sent to
 * the sign-in page and anything else answered 401; a bad origin or token is 403.
 */
export function requireDeskUser(deps: DeskAuthDeps): MiddlewareHandler<DeskEnv> {
  const secure = deps.config.deskUrl?.startsWith('https:') ?? false;
  const deskOrigin = deps.config.deskUrl ? new URL(deps.config.deskUrl).origin : '';
  const say = deps.say ?? ((_c: Context, what: keyof typeof ENGLISH) => ENGLISH[what]);
  return async (c, next) => {
    const cookie = getCookie(c, cookieName(secure));
    const session = await deps.sessions.fromCookie(cookie);
    const role = session ? await roleOf(deps, session.userId) : undefined;
    if (!session || !role || !cookie) {
      if (session && !role) await deps.sessions.end(session.handle);
      const wantsPage = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html');
      if (wantsPage) return c.redirect(`${DESK_BASE}/sign-in`, 302);
      return c.json({ ok: false, error: say(c, 'signed-out') }, 401);
    }
    const csrf = csrfToken(cookie);
    if (UNSAFE.has(c.req.method)) {
      if (!sameOrigin(c, deskOrigin)) return c.json({ ok: false, error: say(c, 'refused') }, 403);
      let given = c.req.header('x-csrf-token');
      if (!given) {
        const type = c.req.header('content-type') ?? '';
        // Only the pages' own small forms carry it as a field; an upload must send the header.
        if (type.startsWith('application/x-www-form-urlencoded')) {
          const body = await c.req.parseBody();
          given = typeof body._csrf === 'string' ? body._csrf : undefined;
        }
      }
      if (!given || !same(given, csrf)) return c.json({ ok: false, error: say(c, 'refused') }, 403);
    }
    c.set('user', { id: session.userId, name: session.name, role, session, csrf });
    c.header('Cache-Control', 'no-store');
    await next();
    return undefined;
  };
}
