import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A fixture feed with its time placeholders filled: `{{NOW_RFC822}}`, `{{NOW_ISO}}` become now. */
export function fixtureFeed(name: string, now = Date.now()): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
    .replaceAll('{{NOW_RFC822}}', new Date(now).toUTCString())
    .replaceAll('{{NOW_ISO}}', new Date(now).toISOString());
}

/** An RSS item that tries a script and a javascript: link (test content, says so). */
export const HOSTILE_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>परीक्षण: शरारती फ़ीड</title><link>https://news.example.test/</link>
<description>परीक्षण</description>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;परीक्षण: मथुरा की ख़बर</title>
<link>javascript:alert(1)</link><guid>test-hostile-1</guid><pubDate>{{NOW_RFC822}}</pubDate>
<description><![CDATA[<p onclick="x()">परीक्षण: मथुरा में <a href="javascript:alert(2)">कड़ी</a><script>steal()</script></p><img src="x" onerror="alert(3)">]]></description>
<enclosure url="data:image/png;base64,AAAA" type="image/png" length="4"/>
</item></channel></rss>`;

export interface FeedServer {
  base: string;
  /** Requests per path, and the conditional headers of the last one. */
  hits: Map<string, number>;
  lastHeaders: Map<string, Record<string, string | string[] | undefined>>;
  /** Replaces what a path serves. */
  set(path: string, route: Route): void;
  close(): Promise<void>;
}

export type Route =
  | { kind: 'feed'; body: () => string; type?: string; etag?: string }
  | { kind: 'status'; status: number }
  | { kind: 'redirect'; to: string }
  | { kind: 'big'; bytes: number }
  | { kind: 'slow'; ms: number };

/** A local feed site on 127.0.0.1 with a port of its own, serving `routes`. */
export async function startFeedServer(routes: Record<string, Route>): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const lastHeaders = new Map<string, Record<string, string | string[] | undefined>>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastHeaders.set(path, { ...req.headers });
    const route = table.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    switch (route.kind) {
      case 'feed': {
        if (route.etag && req.headers['if-none-match'] === route.etag) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, {
          'Content-Type': route.type ?? 'application/rss+xml; charset=utf-8',
          ...(route.etag ? { ETag: route.etag } : {}),
        });
        res.end(route.body());
        return;
      }
      case 'status':
        res.writeHead(route.status, { 'Content-Type': 'text/plain' }).end('server trouble (test)');
        return;
      case 'redirect':
        res.writeHead(302, { Location: route.to }).end();
        return;
      case 'big': {
        // No Content-Length: the reader must count and stop by itself.
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < route.bytes) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('error', () => undefined);
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>बड़ी</title>');
        pump();
        return;
      }
      case 'slow': {
        const t = setTimeout(() => res.writeHead(200).end(''), route.ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    lastHeaders,
    set: (path, route) => table.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
