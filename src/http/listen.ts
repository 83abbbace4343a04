import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** A Hono app bound to a port (the program's HTTP server). */
export interface Listener {
  /** Resolves with the bound port once listening (0 picks a free one); rejects on EADDRINUSE etc. */
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops listening. Idle keep-alive connections close at once; a response still being written gets
   * `graceMs` before its connection is dropped, so close() cannot hang on a client that never leaves.
   */
  close(): Promise<void>;
}

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
        setTimeout(() => s.closeAllConnections?.(), graceMs).unref();
      });
    },
  };
}
