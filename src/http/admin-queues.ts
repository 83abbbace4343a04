import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import { Hono, type MiddlewareHandler } from 'hono';

/** Where the BullMQ dashboard is served. */
export const ADMIN_QUEUES_PATH = '/admin/queues';

const REALM = 'Chunav queues';

/** Compares secrets in constant time; hashing first makes the lengths equal. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The secret an Authorization header carries: a Bearer token, or the password of HTTP Basic. */
export function presentedSecret(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\w+)\s+(.+)$/.exec(header.trim());
  if (!m) return undefined;
  const scheme = (m[1] as string).toLowerCase();
  const value = (m[2] as string).trim();
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Any user name: the password is the token, so that a browser's login box works.
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/**
 * Lets a request through only with the token, as `Authorization: Bearer <token>` or HTTP Basic with the
 * token as password. Otherwise 401 with a Basic challenge, so a browser asks for it.
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const given = presentedSecret(c.req.header('authorization'));
    if (given !== undefined && sameSecret(given, token)) {
      await next();
      return;
    }
    c.header('WWW-Authenticate', `Basic realm="${REALM}", charset="UTF-8"`);
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: false, error: 'unauthorized' }, 401);
  };
}

export interface AdminQueuesOptions {
  /** ADMIN_HTTP_TOKEN. */
  token: string;
  /** Queues shown, in this order. */
  queues: readonly Queue[];
}

/**
 * Mounts the BullMQ dashboard (bull-board) at {@link ADMIN_QUEUES_PATH}, every request under it
 * (pages, API, static files) behind the token. Read-only: removing, emptying or pausing queues by
 * hand would bypass the delivery records (a removed send job leaves its delivery waiting for that
 * recipient forever); deliveries are paused, resumed and cancelled from Telegram instead.
 */
export function adminQueuesRoute(options: AdminQueuesOptions): (app: Hono) => void {
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: options.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Chunav queues' } },
  });
  const admin = new Hono();
  admin.use('*', requireToken(options.token));
  admin.route('/', serverAdapter.registerPlugin());
  return (app) => {
    app.route(ADMIN_QUEUES_PATH, admin);
  };
}
