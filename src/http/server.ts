import { Hono } from 'hono';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { honoListener } from './listen.js';
import { type ReadinessCheck, runReadiness } from './readiness.js';

/** How long close() lets responses in progress finish before dropping their connections. */
const CLOSE_GRACE_MS = 500;

export interface HttpServerDeps {
  logger: Logger;
  /** Extra routes (webhook, admin) mounted by the roles that need them. */
  routes?: Array<(app: Hono) => void>;
  /** What /readyz checks (Redis, queues, ...); each is bounded by `readinessTimeoutMs`. */
  readiness?: readonly ReadinessCheck[];
  /** Bound of each readiness check (ms, default 1000): a dead Redis must not hang the probe. */
  readinessTimeoutMs?: number;
  /** Served as /metrics (Prometheus text) when given. */
  metrics?: Pick<Metrics, 'render' | 'contentType'>;
  /** True once shutdown has begun: /readyz answers 503 so that load balancers stop sending. */
  isStopping?: () => boolean;
}

export interface HttpServer {
  app: Hono;
  /**
   * Adds routes after the server is listening (the roles', once they are built): the server answers
   * /healthz, /readyz and /metrics from the start, so that readiness can say what start-up waits on.
   */
  mount(routes: ReadonlyArray<(app: Hono) => void>): void;
  /** Resolves with the bound port once listening. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The program's HTTP server: /healthz (the process is alive), /readyz (it can do its work: 200 or 503
 * naming the failed check), /metrics when given, plus whatever routes the roles add.
 */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    if (deps.isStopping?.()) return c.json({ ok: false, checks: { shutdown: 'stopping' } }, 503);
    const report = await runReadiness(deps.readiness ?? [], deps.readinessTimeoutMs ?? 1000);
    c.header('Cache-Control', 'no-store');
    return c.json(report, report.ok ? 200 : 503);
  });
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (c) => {
      const body = await metrics.render();
      return c.body(body, 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    });
  }
  const finish = (a: Hono) => {
    a.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
    a.onError((err, c) => {
      deps.logger.error({ err }, 'http handler failed');
      return c.json({ ok: false, error: 'internal error' }, 500);
    });
  };
  // Routes mounted later live on their own app: Hono cannot add routes once it has answered a request.
  let late: Hono | undefined;
  for (const add of deps.routes ?? []) add(app);
  app.all('*', (c) => (late ? late.fetch(c.req.raw, c.env) : c.json({ ok: false, error: 'not found' }, 404)));
  finish(app);

  const listener = honoListener(app, CLOSE_GRACE_MS);
  return {
    app,
    mount(routes) {
      const sub = new Hono();
      for (const add of routes) add(sub);
      finish(sub);
      late = sub;
    },
    listen: listener.listen,
    close: listener.close,
  };
}
