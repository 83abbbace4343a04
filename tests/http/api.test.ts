import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestServer, startApiServer } from '../helpers/api-server.js';

/**
 * The CMS API over real HTTP on an ephemeral port, tokens and idempotency records in real Redis. The
 * desk is the port's recording implementation (what the API asked of it); the API against the real
 * desk, with readers receiving the story, is in tests/ingest/flow.test.ts.
 */
let api: ApiTestServer;
let base: string;
let drafts: ApiTestServer['drafts'];
let published: ApiTestServer['published'];
let draftToken: string;
let publishToken: string;

beforeAll(async () => {
  api = await startApiServer('api');
  ({ base, drafts, published } = api);
  draftToken = (await api.tokens.create({ name: 'परीक्षण CMS', scope: 'draft', createdBy: '1' })).token;
  publishToken = (await api.tokens.create({ name: 'परीक्षण CMS 2', scope: 'publish', createdBy: '1' })).token;
});
afterAll(async () => {
  await api.close();
});

const story = (over: Record<string, unknown> = {}) => ({
  external_id: `cms-test-${Math.random().toString(36).slice(2)}`,
  title: 'परीक्षण: हाथरस में मतगणना की तैयारी',
  body: '<p>यह परीक्षण की ख़बर है: <b>हाथरस</b> में मतगणना।</p><script>x()</script>',
  ...over,
});

function post(body: unknown, token: string | null = draftToken, type = 'application/json') {
  return fetch(`${base}/api/v1/briefings`, {
    method: 'POST',
    headers: { 'Content-Type': type, ...(token !== null ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/v1/briefings', () => {
  it('when the same external_id is sent twice, then one draft is made and both answers name it', async () => {
    const s = story();
    const before = drafts.length;
    const first = await post(s);
    expect(first.status).toBe(201);
    const a = (await first.json()) as Record<string, unknown>;
    expect(a).toMatchObject({
      external_id: s.external_id,
      status: 'draft',
      suggested_seats: ['UP-16'],
      // Named once, unambiguously: the suggestion stands; an editor sends it with one tap.
      seats: ['UP-16'],
    });
    const second = await post(s);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(a);
    expect(drafts.length).toBe(before + 1);
    expect(drafts.at(-1)?.fields.body).not.toContain('x()');
  });

  it('when another token sends an external_id already used, then 409 and nothing is made', async () => {
    const s = story();
    expect((await post(s)).status).toBe(201);
    const before = drafts.length;
    const other = await post(s, publishToken);
    expect(other.status).toBe(409);
    expect(((await other.json()) as { message: string }).message).toContain('another token');
    expect(drafts.length).toBe(before);
  });

  it('when the same external_id arrives ten times at once, then one draft is made', async () => {
    const s = story();
    const before = drafts.length;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(s)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.every((x) => x === 201 || x === 200 || x === 409)).toBe(true);
    expect(drafts.length).toBe(before + 1);
  });

  it('when the token is wrong, missing or revoked, then 401 and nothing is made', async () => {
    const before = drafts.length;
    expect((await post(story(), 'cbt_aaaaaaaa_wrongwrongwrongwrongwrongwrongwrong')).status).toBe(401);
    const none = await post(story(), null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const made = await api.tokens.create({ name: 'परीक्षण', scope: 'draft', createdBy: '1' });
    await api.tokens.revoke(made.record.id);
    expect((await post(story(), made.token)).status).toBe(401);
    expect(drafts.length).toBe(before);
  });

  it('when fields are wrong, then 400 names each one', async () => {
    const r = await post({
      external_id: 'bad id!',
      title: '',
      body: 'x',
      photo_url: 'http://x.test/a.jpg',
      extra: 1,
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { fields: Array<{ field: string }> };
    expect(body.fields.map((f) => f.field).sort()).toEqual(['(body)', 'external_id', 'photo_url', 'title']);
    expect((await post('{not json')).status).toBe(400);
  });

  it('when the body is not JSON, then 415', async () => {
    expect((await post(story(), draftToken, 'text/plain')).status).toBe(415);
  });

  it('when a draft-only token asks to publish, then 403; a publishing token with seats publishes', async () => {
    expect((await post(story({ publish: 'now', seats: ['UP-16'] }))).status).toBe(403);
    const r = await post(story({ publish: 'now', seats: ['UP-16'] }), publishToken);
    expect(r.status).toBe(201);
    const body = (await r.json()) as {
      status: string;
      seats: string[];
      briefing_id: string;
      draft_id: string;
    };
    expect(body).toMatchObject({ status: 'published', seats: ['UP-16'] });
    expect(published.at(-1)).toEqual({ id: body.draft_id, when: { kind: 'now' } });
  });

  it('when publishing cannot be done as asked, then 422 says why', async () => {
    const unknown = await post(story({ publish: 'now', seats: ['UP-99'] }), publishToken);
    expect(unknown.status).toBe(422);
    const noSeats = await post(
      story({ publish: 'now', title: 'परीक्षण: कोई सीट नहीं', body: 'परीक्षण का पाठ' }),
      publishToken,
    );
    expect(noSeats.status).toBe(422);
    const past = await post(
      story({ publish: 'at', publish_at: '2020-01-01T10:00:00+05:30', seats: ['UP-16'] }),
      publishToken,
    );
    expect(past.status).toBe(422);
  });

  it('when a time is given, then the draft is scheduled for it', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const r = await post(story({ publish: 'at', publish_at: at, seats: ['UP-16'] }), publishToken);
    expect(r.status).toBe(201);
    expect(((await r.json()) as { status: string }).status).toBe('scheduled');
    expect(published.at(-1)?.when).toEqual({ kind: 'at', atMs: Date.parse(at) });
  });
});

describe('GET /api/v1/briefings/:id/delivery and the OpenAPI document', () => {
  it('when asked about a story, then its status; an unknown one is 404; no token is 401', async () => {
    const s = story();
    await post(s);
    const r = await fetch(`${base}/api/v1/briefings/${s.external_id}/delivery`, {
      headers: { Authorization: `Bearer ${draftToken}` },
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      external_id: s.external_id,
      status: 'draft',
      delivered: 0,
      deliveries: [],
    });
    const missing = await fetch(`${base}/api/v1/briefings/nope/delivery`, {
      headers: { Authorization: `Bearer ${draftToken}` },
    });
    expect(missing.status).toBe(404);
    expect((await fetch(`${base}/api/v1/briefings/${s.external_id}/delivery`)).status).toBe(401);
  });

  it('when the OpenAPI document is fetched, then it is 3.1 and describes the request fields', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      components: {
        schemas: { BriefingRequest: { properties: Record<string, unknown>; required: string[] } };
      };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas.BriefingRequest.properties)).toEqual(
      expect.arrayContaining([
        'external_id',
        'title',
        'body',
        'seats',
        'text_to_tag',
        'photo_url',
        'source_url',
        'publish',
      ]),
    );
    expect(doc.components.schemas.BriefingRequest.required).toEqual(['external_id', 'title', 'body']);
  });
});

describe('an oversized request', () => {
  // Last: the server answers before reading the whole body and closes that connection.
  it('when the body is over the limit, then 413 and nothing is made', async () => {
    const before = drafts.length;
    expect((await post(story({ body: 'क'.repeat(200_000) }))).status).toBe(413);
    expect(drafts.length).toBe(before);
  });
});
