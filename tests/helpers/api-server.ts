import { pino } from 'pino';
import { createTagger } from '../../src/catalog/tagger.js';
import { apiRoutes } from '../../src/http/api/briefings.js';
import { createHttpServer } from '../../src/http/server.js';
import type { ApiDeps } from '../../src/ingest/api.js';
import type { IngestDesk, IngestDraftFields } from '../../src/ingest/desk-port.js';
import { type ApiTokenStore, createApiTokenStore } from '../../src/store/api-tokens.js';
import { createDeliveryStore } from '../../src/store/deliveries.js';
import { createElectionStore, type ElectionStore } from '../../src/store/elections.js';
import { testCatalog } from './fixtures.js';
import { createTestRedis, type TestRedis } from './redis.js';

/**
 * The CMS API over real HTTP on an ephemeral port, tokens, idempotency records and the election switch
 * in real Redis. The desk is the port's recording implementation: what the API asked of it.
 */
export interface ApiTestServer {
  env: TestRedis;
  /** `http://127.0.0.1:<port>` */
  base: string;
  tokens: ApiTokenStore;
  elections: ElectionStore;
  /** Drafts the API created, in order; ids are d1, d2, … */
  drafts: Array<{ id: string; fields: IngestDraftFields }>;
  /** Drafts the API published and when. */
  published: Array<{ id: string; when: unknown }>;
  close(): Promise<void>;
}

export async function startApiServer(name: string): Promise<ApiTestServer> {
  const env = await createTestRedis(name);
  const drafts: ApiTestServer['drafts'] = [];
  const published: ApiTestServer['published'] = [];
  const desk: IngestDesk = {
    async createDraft(_a, fields) {
      const id = `d${drafts.length + 1}`;
      drafts.push({ id, fields });
      return { id };
    },
    async publishDraft(_a, id, when) {
      published.push({ id, when });
      return { briefingId: `b-${id}` };
    },
    async notifyEditors() {},
    async getDraft() {
      return { status: 'open' };
    },
  };
  const tokens = createApiTokenStore({ redis: env.redis, prefix: env.prefix });
  const elections = createElectionStore({ redis: env.redis, prefix: env.prefix });
  const deps: ApiDeps = {
    tokens,
    desk,
    tag: createTagger(testCatalog(), { cities: [] }),
    elections,
    catalog: testCatalog(),
    deliveries: createDeliveryStore({ redis: env.redis, prefix: env.prefix }),
  };
  const logger = pino({ level: 'silent' });
  const server = createHttpServer({ logger, routes: [apiRoutes({ ...deps, logger })] });
  const base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  return {
    env,
    base,
    tokens,
    elections,
    drafts,
    published,
    async close() {
      await server.close();
      await env.cleanup();
    },
  };
}
