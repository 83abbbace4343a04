import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** The web chat's Hono app bound to a port. */
export interface Listener {
  /** Resolves with the bound port once listening (0 picks a free one); rejects on EADDRINUSE etc. */
  listen(port: number, host: string): Promise<number>;
  /** Stops listening; a browser that keeps its connection open cannot hold close() up past `graceMs`. */
  close(): Promise<void>;
}

/**
 * Serves `app` with @hono/node-server. The sandbox has a small one of its own rather than the program's
 * (`src/http/listen.ts`): the sandbox package does not import the program's modules.
 */
export function honoListener(app: Hono, graceMs = 500): Listener {
  let server: (ServerType & { closeIdleConnections?(): void; closeAllConnections?(): void }) | undefined;
  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => resolve(info.port));
        s.once('error', reject);
        server = s;
      });
    },
    close() {
      return new Promise((resolve) => {
        const s = server;
        if (!s) return resolve();
        s.close(() => resolve());
        s.closeIdleConnections?.();
        // An open page's event stream would otherwise keep its connection, and close(), waiting.
        setTimeout(() => s.closeAllConnections?.(), graceMs).unref();
      });
    },
  };
}
