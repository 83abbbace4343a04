import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import type { Search } from '../catalog/search.js';
import type { TagResult } from '../catalog/tagger.js';
import type { Catalog } from '../catalog/types.js';
import type { Config } from '../config.js';
import type { Core } from '../core.js';
import type { I18n } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../store/audit.js';
import type { DailyStats } from '../store/daily-stats.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { DeskSessionStore } from '../store/desk-sessions.js';
import type { EditorStore } from '../store/editors.js';
import type { ElectionStore } from '../store/elections.js';
import type { SubscriberStore } from '../store/subscribers.js';
import { type DeskDeps, deskDeps } from '../usecases/desk.js';
import { deskFigures } from '../usecases/stats.js';
import { DESK_CSS, DESK_JS } from './assets.js';
import {
  clearSessionCookie,
  cookieName,
  DESK_BASE,
  type DeskEnv,
  requireDeskUser,
  roleOf,
  sameOrigin,
  setSessionCookie,
} from './auth.js';
import { briefingRoutes } from './briefings.js';
import { renderFiguresPng } from './chart-png.js';
import { CHART_NAMES, chartConfig, chartJsFile, fontFiles } from './charts.js';
import { deliveryRoutes } from './deliveries.js';
import { istText } from './format.js';
import { pageLang, type WebT, webT } from './i18n.js';
import { Layout } from './layout.js';
import type { PhotoUploader } from './photo.js';
import { writeRoutes } from './write.js';

/** What the web desk is built from: the core's stores and services, and its own session store. */
export interface DeskWebDeps {
  config: Pick<Config, 'adminIds' | 'deskUrl' | 'digestSlots'>;
  logger: Logger;
  i18n: I18n;
  catalog: Catalog;
  editors: Pick<EditorStore, 'has'>;
  audit: Pick<AuditLog, 'record' | 'recent'>;
  subscribers: Pick<SubscriberStore, 'countByStatus' | 'topPcs' | 'countForSlot'>;
  deliveries: Pick<DeliveryStore, 'since'>;
  daily: DailyStats;
  sessions: DeskSessionStore;
  search: Search;
  /** The core's seat tagger (the one /new, feeds and the API use). */
  tag: (text: string) => TagResult;
  elections: Pick<ElectionStore, 'assemblyStates'>;
  /** The desk's use cases (drafts, publish, edit, withdraw), shared with the Telegram desk. */
  desk: DeskDeps;
  /** Uploads a photo through the bot; absent, the write page offers only an https address. */
  uploadPhoto?: PhotoUploader;
  now?: () => number;
}

/** The web desk's dependencies from the core. */
export function deskWebDeps(core: Core, uploadPhoto?: PhotoUploader): DeskWebDeps {
  return {
    ...core,
    sessions: core.deskSessions,
    desk: deskDeps(core),
    ...(uploadPhoto ? { uploadPhoto } : {}),
  };
}

/** Headers on every desk response: scripts and styles only from here, no framing, no leaking the link. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' https: data: blob:; script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  // Same-origin only: a sign-in link's token never goes to another site in a Referer, while the desk's
  // own POSTs keep their Origin (which "no-referrer" would turn into "null").
  'Referrer-Policy': 'same-origin',
};

/** Largest body of any desk request but a photo upload: a 50,000-character briefing in Devanagari is ~150 KB. */
const MAX_FORM_BYTES = 512 * 1024;

/** A JSON value inside a <script type="application/json">: `<` escaped so no tag can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The web desk's routes under /desk, for {@link createHttpServer}'s `mount`. Mounted only with
 * DESK_URL set: without it every /desk path is the server's 404.
 */
export function deskRoutes(deps: DeskWebDeps): (app: Hono) => void {
  const deskUrl = deps.config.deskUrl;
  if (!deskUrl) throw new Error('the web desk needs DESK_URL');
  const secure = deskUrl.startsWith('https:');
  const deskOrigin = new URL(deskUrl).origin;
  const assets = {
    chart: () => readFileSync(chartJsFile()),
    devanagari: () => readFileSync(fontFiles().devanagari),
    latin: () => readFileSync(fontFiles().latin),
  };
  const cached = new Map<string, Buffer>();
  const asset = (name: keyof typeof assets) => {
    const b = cached.get(name) ?? assets[name]();
    cached.set(name, b);
    return b;
  };
  const tFor = (c: Context): WebT => webT(deps.i18n, pageLang(getCookie(c, 'desk-lang')));
  const langOf = (c: Context) => pageLang(getCookie(c, 'desk-lang'));
  const audit = (user: { id: number }, action: string, target?: string, outcome = 'ok') =>
    deps.audit.record({
      who: String(user.id),
      action: `web:${action}`,
      outcome,
      ...(target ? { target } : {}),
    });

  return (root) => {
    const app = new Hono<DeskEnv>();
    app.use('*', async (c, next) => {
      await next();
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    });
    // Hono reads a body whole, and the sign-in POST is open to anyone: a bound on every body before
    // anything parses it (a photo upload has its own, larger one; the longest briefing is far below).
    app.use('*', async (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === `${DESK_BASE}/api/photo`)
        return next();
      return bodyLimit({
        maxSize: MAX_FORM_BYTES,
        onError: (cc) => cc.json({ ok: false, error: tFor(cc)('err-too-large') }, 413),
      })(c, next);
    });

    // --- open to anyone: assets, the sign-in page, the link ---
    app.get('/assets/desk.css', (c) => c.body(DESK_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
    app.get('/assets/desk.js', (c) =>
      c.body(DESK_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    );
    app.get('/assets/chart.js', (c) =>
      c.body(new Uint8Array(asset('chart')), 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=86400',
      }),
    );
    for (const [path, name] of [
      ['/assets/font-devanagari.woff2', 'devanagari'],
      ['/assets/font-latin.woff2', 'latin'],
    ] as const) {
      app.get(path, (c) =>
        c.body(new Uint8Array(asset(name)), 200, {
          'Content-Type': 'font/woff2',
          'Cache-Control': 'public, max-age=604800',
        }),
      );
    }

    // The page language: a preference cookie only (changes nothing on the server), so a plain link.
    app.get('/language/:lang', (c) => {
      const lang = pageLang(c.req.param('lang'));
      setCookie(c, 'desk-lang', lang, { path: DESK_BASE, sameSite: 'Lax', secure, maxAge: 365 * 86_400 });
      return c.redirect(DESK_BASE, 303);
    });

    app.get('/sign-in', (c) => {
      const t = tFor(c);
      return c.html(
        <Layout t={t} lang={langOf(c)} title={t('sign-in-title')}>
          <div class="card">
            <p>{t('sign-in-how')}</p>
            <p class="muted">{t('sign-in-who')}</p>
          </div>
        </Layout>,
      );
    });

    // The link only shows a button: opening it signs nobody in, so a link preview or a scanner that
    // fetches it uses nothing up. The button's POST is same-site, so the Strict cookie it sets is sent
    // on the redirect that follows.
    app.get('/login', (c) => {
      const t = tFor(c);
      const token = c.req.query('t') ?? '';
      // The page holds the one-time token: no cache, no back-button copy keeps it.
      c.header('Cache-Control', 'no-store');
      return c.html(
        <Layout t={t} lang={langOf(c)} title={t('login-title')}>
          <form method="post" action={`${DESK_BASE}/login`} class="card">
            <p>{t('login-confirm')}</p>
            <input type="hidden" name="t" value={token} />
            <button type="submit" class="primary" id="login">
              {t('login-button')}
            </button>
          </form>
        </Layout>,
      );
    });

    app.post('/login', async (c) => {
      const t = tFor(c);
      if (!sameOrigin(c, deskOrigin)) return c.json({ ok: false, error: t('err-refused') }, 403);
      const body = await c.req.parseBody();
      const token = typeof body.t === 'string' ? body.t : '';
      const refuse = (key: string, status: 401 | 403) =>
        c.html(
          <Layout t={t} lang={langOf(c)} title={t('login-title')}>
            <div class="card">
              <p class="error" id="login-error">
                {t(key)}
              </p>
              <p>{t('sign-in-how')}</p>
            </div>
          </Layout>,
          status,
        );
      const user = await deps.sessions.redeemLink(token);
      if (!user) return refuse('login-bad-link', 401);
      const role = await roleOf(deps, user.userId);
      if (!role) {
        await audit({ id: user.userId }, 'sign-in', undefined, 'denied');
        return refuse('login-no-role', 403);
      }
      // A browser signing in again leaves no second session behind: the one its cookie held ends.
      const previous = await deps.sessions.fromCookie(getCookie(c, cookieName(secure)));
      if (previous) await deps.sessions.end(previous.handle);
      const { cookie, session } = await deps.sessions.open(user, c.req.header('user-agent') ?? '');
      setSessionCookie(c, secure, cookie);
      await audit({ id: user.userId }, 'sign-in', session.handle.slice(0, 12));
      return c.redirect(DESK_BASE, 303);
    });

    // --- everything else: signed in, and for changes the origin and the CSRF token ---
    app.use('*', requireDeskUser({ ...deps, say: (c, what) => tFor(c)(`err-${what}`) }));

    const page = (c: Context<DeskEnv>) => ({ t: tFor(c), lang: langOf(c), user: c.get('user') });

    app.get('/', (c) => {
      const { t, lang, user } = page(c);
      return c.html(
        <Layout t={t} lang={lang} title={t('home-title')} page="home" user={user}>
          <div class="card">
            <p>{t('home-hello', { name: user.name || String(user.id) })}</p>
            <ul>
              <li>
                <a href={`${DESK_BASE}/write`}>{t('nav-write')}</a>: {t('home-write')}
              </li>
              <li>
                <a href={`${DESK_BASE}/briefings`}>{t('nav-briefings')}</a>: {t('home-briefings')}
              </li>
              <li>
                <a href={`${DESK_BASE}/deliveries`}>{t('nav-deliveries')}</a>: {t('home-deliveries')}
              </li>
              <li>
                <a href={`${DESK_BASE}/charts`}>{t('nav-charts')}</a>: {t('home-charts')}
              </li>
            </ul>
          </div>
        </Layout>,
      );
    });

    app.post('/sign-out', async (c) => {
      const user = c.get('user');
      await deps.sessions.end(user.session.handle);
      clearSessionCookie(c, secure);
      await audit(user, 'sign-out');
      return c.redirect(`${DESK_BASE}/sign-in`, 303);
    });

    app.get('/sessions', async (c) => {
      const { t, lang, user } = page(c);
      const list = await deps.sessions.list(user.role === 'owner' ? undefined : user.id);
      return c.html(
        <Layout t={t} lang={lang} title={t('sessions-title')} page="sessions" user={user}>
          <div class="card">
            <p class="muted">{t(user.role === 'owner' ? 'sessions-owner' : 'sessions-editor')}</p>
            <table>
              <thead>
                <tr>
                  <th>{t('sessions-user')}</th>
                  <th>{t('sessions-started')}</th>
                  <th>{t('sessions-browser')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr data-session={s.handle.slice(0, 12)}>
                    <td>
                      {s.name || String(s.userId)} ({s.userId})
                      {s.handle === user.session.handle ? ` · ${t('sessions-this')}` : ''}
                    </td>
                    <td>{istText(s.startedAt)}</td>
                    <td class="muted">{s.agent.slice(0, 60)}</td>
                    <td>
                      <form method="post" action={`${DESK_BASE}/sessions/end`}>
                        <input type="hidden" name="_csrf" value={user.csrf} />
                        <input type="hidden" name="handle" value={s.handle} />
                        <button type="submit" class="danger">
                          {t('sessions-end')}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Layout>,
      );
    });

    app.post('/sessions/end', async (c) => {
      const user = c.get('user');
      const body = await c.req.parseBody();
      const handle = typeof body.handle === 'string' ? body.handle : '';
      const mine = (await deps.sessions.list(user.id)).some((s) => s.handle === handle);
      if (!mine && user.role !== 'owner') {
        await audit(user, 'end-session', handle.slice(0, 12), 'refused');
        return c.json({ ok: false, error: 'only an owner ends the sessions of others' }, 403);
      }
      const ended = await deps.sessions.end(handle);
      await audit(user, 'end-session', handle.slice(0, 12), ended ? 'ok' : 'not-found');
      if (handle === user.session.handle) {
        clearSessionCookie(c, secure);
        return c.redirect(`${DESK_BASE}/sign-in`, 303);
      }
      return c.redirect(`${DESK_BASE}/sessions`, 303);
    });

    // --- charts ---
    const figures = (c: Context<DeskEnv>) =>
      deskFigures(
        { ...deps, digestSlots: deps.config.digestSlots, ...(deps.now ? { now: deps.now } : {}) },
        langOf(c),
        deps.i18n.forLang(langOf(c)),
      );

    app.get('/charts', async (c) => {
      const { t, lang, user } = page(c);
      const f = await figures(c);
      const configs = CHART_NAMES.map((name) => ({ name, config: chartConfig(name, f, t) }));
      const today = f.deliveries[f.deliveries.length - 1] ?? 0;
      return c.html(
        <Layout
          t={t}
          lang={lang}
          title={t('charts-title')}
          page="charts"
          user={user}
          scripts={[`${DESK_BASE}/assets/chart.js`, `${DESK_BASE}/assets/desk.js`]}
        >
          <p class="muted" id="today-deliveries" data-count={String(today)}>
            {t('charts-today', { count: today })}
          </p>
          <div class="charts">
            {CHART_NAMES.map((name) => (
              <div class="chart">
                <canvas id={`chart-${name}`} role="img" aria-label={t(`chart-${name}-title`)} />
              </div>
            ))}
          </div>
          <p>
            <a href={`${DESK_BASE}/charts.png`}>{t('charts-png')}</a>
          </p>
          <script
            type="application/json"
            id="chart-configs"
            dangerouslySetInnerHTML={{ __html: scriptJson(configs) }}
          />
        </Layout>,
      );
    });

    writeRoutes(app, deps, tFor, langOf);
    briefingRoutes(app, deps, tFor, langOf);
    deliveryRoutes(app, deps, tFor, langOf);

    app.get('/api/figures', async (c) => c.json({ ok: true, figures: await figures(c) }));

    app.get('/charts.png', async (c) => {
      const png = await renderFiguresPng(await figures(c), tFor(c));
      return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png' });
    });

    // Whatever else fails: logged with its stack, while the editor gets a short line in their language
    // (a page for a page, JSON for the script), never the stack or Hono's English default.
    app.onError((err, c) => {
      deps.logger.error({ err, path: c.req.routePath }, 'web desk request failed');
      const t = tFor(c);
      if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) {
        const user = c.get('user') as DeskEnv['Variables']['user'] | undefined;
        return c.html(
          <Layout t={t} lang={langOf(c)} title={t('err-generic')} {...(user ? { user } : {})}>
            <p class="error" id="error">
              {t('err-generic')}
            </p>
          </Layout>,
          500,
        );
      }
      return c.json({ ok: false, error: t('err-generic') }, 500);
    });

    root.route(DESK_BASE, app);
  };
}

/** For tests and the /desk command: the desk's cookie name for a DESK_URL. */
export function deskCookieName(deskUrl: string): string {
  return cookieName(deskUrl.startsWith('https:'));
}
