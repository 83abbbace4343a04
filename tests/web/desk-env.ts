import { Hono } from 'hono';
import type { Core } from '../../src/core.js';
import { csrfToken } from '../../src/web/auth.js';
import { deskCookieName, deskRoutes, deskWebDeps } from '../../src/web/desk.js';
import type { PhotoUploader } from '../../src/web/photo.js';
import { testCore } from '../helpers/core.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

export const OWNER = 5001;
export const EDITOR = 5002;

/** The web desk on a test core (its own key prefix), answered in-process through Hono's `request`. */
export interface DeskEnvT {
  env: TestRedis;
  core: Core;
  app: Hono;
  deskUrl: string;
  origin: string;
  cookieName: string;
  clock: { now: number };
  /** Signs `userId` in through a fresh one-time link; returns the cookie value. */
  signIn(userId: number, name?: string): Promise<string>;
  /** Headers of a signed-in, same-origin request with the CSRF token. */
  headers(cookie: string, extra?: Record<string, string>): Record<string, string>;
  /** A signed-in JSON POST to `path`: its status and JSON answer. */
  postJson(
    cookie: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  cleanup(): Promise<void>;
}

export async function createDeskEnv(
  deskUrl = 'https://desk.example.com',
  opts: { uploadPhoto?: PhotoUploader } = {},
): Promise<DeskEnvT> {
  const env = await createTestRedis('web');
  const clock = { now: Date.UTC(2026, 10, 30, 6, 0) };
  const core = testCore({
    redis: env.redis,
    prefix: env.prefix,
    env: { ADMIN_IDS: String(OWNER), DESK_URL: deskUrl },
    now: () => clock.now,
  });
  await core.editors.add({ id: EDITOR, name: 'संपादक', addedBy: OWNER });
  const app = new Hono();
  deskRoutes({ ...deskWebDeps(core, opts.uploadPhoto), now: () => clock.now })(app);
  const origin = new URL(deskUrl).origin;
  const cookieName = deskCookieName(deskUrl);
  const headers = (cookie: string, extra: Record<string, string> = {}) => ({
    cookie: `${cookieName}=${cookie}`,
    origin,
    'x-csrf-token': csrfToken(cookie),
    ...extra,
  });
  return {
    env,
    core,
    app,
    deskUrl,
    origin,
    cookieName,
    clock,
    async signIn(userId, name = 'राधा') {
      const token = await core.deskSessions.issueLink(userId, name);
      const res = await app.request('/desk/login', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token }).toString(),
      });
      const set = res.headers.get('set-cookie') ?? '';
      const value = new RegExp(`${cookieName}=([^;]+)`).exec(set)?.[1];
      if (res.status !== 303 || !value) throw new Error(`sign-in failed: ${res.status} ${set}`);
      return value;
    },
    headers,
    async postJson(cookie, path, body) {
      const res = await app.request(path, {
        method: 'POST',
        headers: headers(cookie, { 'content-type': 'application/json' }),
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    cleanup: () => env.cleanup(),
  };
}
