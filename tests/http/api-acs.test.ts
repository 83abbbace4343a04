import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectionStore } from '../../src/store/elections.js';
import { type ApiTestServer, startApiServer } from '../helpers/api-server.js';

/**
 * Assembly seats in the CMS API over real HTTP: AC codes in `seats`, checked against the catalogue, and
 * the tagger's suggestion under the election switch (the desk is the port's recording implementation,
 * as in api.test.ts).
 */
let api: ApiTestServer;
let base: string;
let drafts: ApiTestServer['drafts'];
let token: string;
let elections: ElectionStore;

beforeAll(async () => {
  api = await startApiServer('api-acs');
  ({ base, drafts, elections } = api);
  token = (await api.tokens.create({ name: 'परीक्षण CMS', scope: 'publish', createdBy: '1' })).token;
});
afterAll(async () => {
  await api.close();
});

const story = (over: Record<string, unknown> = {}) => ({
  external_id: `cms-ac-${Math.random().toString(36).slice(2)}`,
  title: 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा',
  body: '<p>यह परीक्षण की ख़बर है: <b>सिकंदराराऊ</b> में एक सभा, जो असल में नहीं हुई।</p>',
  ...over,
});

async function post(body: unknown) {
  const res = await fetch(`${base}/api/v1/briefings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the CMS API and assembly seats', () => {
  it('when seats name a PC and an AC, then the draft goes to both and the answer lists both', async () => {
    const r = await post(story({ publish: 'now', seats: ['UP-16', 'UP-A80'] }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: 'published', seats: ['UP-16', 'UP-A80'] });
    expect(drafts.at(-1)?.fields.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });

    const acOnly = await post(story({ seats: ['UP-A79'] }));
    expect(acOnly.json.seats).toEqual(['UP-A79']);
    expect(drafts.at(-1)?.fields.audience).toEqual({ kind: 'pcs', pcs: [], acs: ['UP-A79'] });
  });

  it('when an AC code is not in the catalogue, then 422 names it; a malformed code is 400', async () => {
    const before = drafts.length;
    const unknown = await post(story({ publish: 'now', seats: ['UP-16', 'UP-A999'] }));
    expect(unknown.status).toBe(422);
    expect(String(unknown.json.message)).toContain('UP-A999');
    expect((await post(story({ seats: ['UP-B80'] }))).status).toBe(400);
    expect(drafts.length).toBe(before);
  });

  it('when the story names सिकंदराराऊ, then the AC is suggested with हाथरस only while UP is in a Vidhan Sabha election', async () => {
    const ls = await post(story());
    expect(ls.json).toMatchObject({ suggested_seats: ['UP-16'], seats: ['UP-16'] });
    await elections.set('UP', 'vs');
    try {
      const vs = await post(story());
      expect(vs.json).toMatchObject({ suggested_seats: ['UP-16', 'UP-A80'], seats: ['UP-16', 'UP-A80'] });
      expect(drafts.at(-1)?.fields.suggestedAudience).toEqual({
        kind: 'pcs',
        pcs: ['UP-16'],
        acs: ['UP-A80'],
      });
    } finally {
      await elections.set('UP', 'ls');
    }
  });
});
