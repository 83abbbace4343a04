import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from '../logger.js';

export interface HttpServerDeps {
  logger: Logger;
  /** Extra routes (webhook, metrics, admin) mounted by the roles that need them. */
  routes?: Array<(app: Hono) => void>;
}

export interface HttpServer {
  app: Hono;
  /** Resolves with the bound port once listening. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** The program's HTTP server: /healthz always, plus whatever routes the roles add. */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  for (const add of deps.routes ?? []) add(app);
  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  app.onError((err, c) => {
    deps.logger.error({ err }, 'http handler failed');
    return c.json({ ok: false, error: 'internal error' }, 500);
  });

  let server: ServerType | undefined;
  return {
    app,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => resolve(info.port));
        s.once('error', reject);
        server = s;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; they carry no work worth waiting for.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
