import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BriefingStore, createBriefingStore } from '../../src/store/briefings.js';
import { syncContent } from '../../src/usecases/import-briefings.js';
import { briefingFile, makeBriefing, testCatalog } from '../briefings/fixtures.js';
import { TEST_BRIEFINGS, UNDATED_BRIEFING, writeContent } from '../helpers/fixtures.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let t: TestRedis;
let store: BriefingStore;

beforeEach(async () => {
  t = await createTestRedis('briefings');
  store = createBriefingStore({ redis: t.redis, prefix: t.prefix });
});
afterEach(async () => {
  await t.cleanup();
});

async function keysUnderPrefix(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await t.redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.map((k) => k.slice(t.prefix.length + 1)).sort();
}

const at = (day: number, hour = 10) =>
  `2024-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+05:30`;

describe('briefing store: withdraw', () => {
  it('when a briefing is withdrawn, then it leaves every index and reading, once', async () => {
    await store.upsert(makeBriefing({ id: 'x', tags: ['हाथरस'] }));
    expect(await store.withdraw('x', 1_700_000_000_000)).toBe(true);
    expect(await store.get('x')).toBeUndefined();
    expect(await keysUnderPrefix()).toEqual(['briefing:x']);
    const raw = await t.redis.hgetall(`${t.prefix}:briefing:x`);
    expect(raw.withdrawn).toBe('1700000000000');
    expect(JSON.parse(raw.withdrawn_json ?? '{}').id).toBe('x');
    expect(await store.withdraw('x', 1_700_000_000_001)).toBe(false);
    expect(await store.withdraw('nothing-here', 1)).toBe(false);
  });

  it('when other callers run transactions on the same connection during a withdrawal, then none is lost and the withdrawal holds', async () => {
    await store.upsert(makeBriefing({ id: 'x', tags: ['हाथरस'] }));
    const other = t.redis.duplicate();
    const results: unknown[] = [];
    // Whatever the withdrawal reads before it writes, another client edits the record meanwhile and
    // another caller of the shared connection runs its own MULTI/EXEC (a delivery being created).
    const conn = t.redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const reads = ['hmget', 'hget', 'hgetall'] as const;
    const originals = Object.fromEntries(reads.map((m) => [m, conn[m]]));
    let meddled = false;
    for (const m of reads) {
      conn[m] = async (...args: unknown[]) => {
        const r = await (originals[m] as (...a: unknown[]) => Promise<unknown>).apply(t.redis, args);
        if (!meddled) {
          meddled = true;
          await other.hset(`${t.prefix}:briefing:x`, 'note', 'edited elsewhere');
          results.push(await t.redis.multi().set(`${t.prefix}:unrelated`, '1').exec());
        }
        return r;
      };
    }
    try {
      expect(await store.withdraw('x', 1_700_000_000_000)).toBe(true);
    } finally {
      for (const m of reads) conn[m] = originals[m] as (...a: unknown[]) => Promise<unknown>;
      other.disconnect();
    }
    // The other caller's transaction ran (a WATCH left on the connection would have voided it).
    for (const r of results) expect(r).not.toBeNull();
    expect(await t.redis.get(`${t.prefix}:unrelated`)).toBe(meddled ? '1' : null);
    expect(await store.get('x')).toBeUndefined();
    expect(await t.redis.zcard(`${t.prefix}:briefings:all`)).toBe(0);
  });
});

describe('briefing store: upsert', () => {
  it('when the same briefing is stored twice, then the second is unchanged and writes nothing', async () => {
    const b = makeBriefing({ id: 'x', tags: ['हाथरस'] });
    expect(await store.upsert(b)).toBe('created');
    const before = await keysUnderPrefix();
    const raw = await t.redis.hgetall(`${t.prefix}:briefing:x`);
    expect(await store.upsert(b)).toBe('unchanged');
    expect(await keysUnderPrefix()).toEqual(before);
    expect(await t.redis.hgetall(`${t.prefix}:briefing:x`)).toEqual(raw);
    expect(before).toEqual([
      'briefing:x',
      'briefings:all',
      'briefings:in-state:UP',
      'briefings:pc:UP-16',
      'briefings:tag:हाथरस',
    ]);
  });

  it('when the file is edited (PC, tag and time change), then it is updated in place and moved between indexes', async () => {
    await store.upsert(makeBriefing({ id: 'x', pcs: ['UP-16'], tags: ['हाथरस'] }));
    const edited = makeBriefing({
      id: 'x',
      pcs: ['BR-1'],
      tags: ['पटना'],
      publishedAt: at(6),
      body: 'बदला हुआ पाठ (परीक्षण हेतु काल्पनिक)',
    });
    expect(await store.upsert(edited)).toBe('updated');
    expect(await store.count()).toBe(1);
    expect(await keysUnderPrefix()).toEqual([
      'briefing:x',
      'briefings:all',
      'briefings:in-state:BR',
      'briefings:pc:BR-1',
      'briefings:tag:पटना',
    ]);
    // A changed file is the briefing's next revision, made now.
    expect(await store.get('x')).toEqual({ ...edited, revision: 2, updatedAt: expect.any(Number) });
    expect(await t.redis.zscore(`${t.prefix}:briefings:all`, 'x')).toBe(String(Date.parse(at(6))));
  });

  it('when a briefing without a publication time is imported again, unchanged or edited, then it keeps its first import time as its order', async () => {
    const score = () => t.redis.zscore(`${t.prefix}:briefings:all`, UNDATED_BRIEFING.id);
    const first = Date.parse(at(5));
    const b = makeBriefing(UNDATED_BRIEFING, first);
    expect(b.publishedAt).toBeUndefined();
    expect(await store.upsert(b)).toBe('created');
    expect(await score()).toBe(String(first));
    // A dated briefing published between the first import and the re-imports stays on top.
    await store.upsert(makeBriefing({ id: 'dated', publishedAt: at(6) }));

    expect(await store.upsert(makeBriefing(UNDATED_BRIEFING, Date.parse(at(7))))).toBe('unchanged');
    const edited = makeBriefing(
      { ...UNDATED_BRIEFING, title: 'बदला शीर्षक (परीक्षण हेतु काल्पनिक)' },
      Date.parse(at(8)),
    );
    expect(await store.upsert(edited)).toBe('updated');
    expect(await score()).toBe(String(first));
    expect(await t.redis.zscore(`${t.prefix}:briefings:pc:UP-16`, UNDATED_BRIEFING.id)).toBe(String(first));
    const stored = await store.get(UNDATED_BRIEFING.id);
    expect(stored).toEqual({ ...edited, publishedMs: first, revision: 2, updatedAt: expect.any(Number) });
    expect(stored?.publishedAt).toBeUndefined();
    const page = await store.listNewestForPcs(['UP-16']);
    expect(page.items.map((x) => x.id)).toEqual(['dated', UNDATED_BRIEFING.id]);
  });

  it('when a dated briefing loses its time in an edit, then it keeps its place; when it gains one, it moves there', async () => {
    const spec = { ...UNDATED_BRIEFING, publishedAt: at(4) };
    await store.upsert(makeBriefing(spec));
    await store.upsert(
      makeBriefing({ ...spec, publishedAt: null, body: 'बदला (परीक्षण हेतु काल्पनिक)' }, Date.parse(at(9))),
    );
    expect((await store.get(spec.id))?.publishedMs).toBe(Date.parse(at(4)));
    expect((await store.get(spec.id))?.publishedAt).toBeUndefined();
    const dated = makeBriefing({ ...spec, publishedAt: at(6) });
    expect(await store.upsert(dated)).toBe('updated');
    expect(await store.get(spec.id)).toEqual({ ...dated, revision: 3, updatedAt: expect.any(Number) });
    expect(await t.redis.zscore(`${t.prefix}:briefings:all`, spec.id)).toBe(String(Date.parse(at(6))));
  });

  it('when a record from before revisions is read and imported again, then it is revision 1 and gains its revision entry', async () => {
    const b = makeBriefing({ id: 'x', tags: ['हाथरस'] });
    const { revision: _none, ...legacy } = b;
    // As the previous layout (v 1) stored it: no revision, no author, no revision entries.
    await t.redis.hset(`${t.prefix}:briefing:x`, {
      json: JSON.stringify(legacy),
      hash: b.contentHash,
      v: '1',
      idx: '[]',
    });
    expect((await store.get('x'))?.revision).toBe(1);
    expect(await store.revisions('x')).toEqual([]);
    expect(await store.upsert(b)).toBe('updated');
    expect(await store.get('x')).toEqual(b);
    const revs = await store.revisions('x');
    expect(revs.map((r) => [r.revision, r.by])).toEqual([[1, 'file']]);
    expect(await store.upsert(b)).toBe('unchanged');
  });

  it('when a briefing without a content hash is given, then it is refused', async () => {
    const b = { ...makeBriefing({ id: 'x' }), contentHash: '' };
    await expect(store.upsert(b)).rejects.toThrow(/content hash/);
    expect(await keysUnderPrefix()).toEqual([]);
  });
});

describe('briefing store: reading', () => {
  beforeEach(async () => {
    const all = [
      makeBriefing({ id: 'hathras-1', pcs: ['UP-16'], publishedAt: at(1), tags: ['अमर सिंह यादव'] }),
      makeBriefing({ id: 'hathras-2', pcs: ['UP-16'], publishedAt: at(3) }),
      makeBriefing({ id: 'ghazipur-1', pcs: ['UP-75'], publishedAt: at(2) }),
      makeBriefing({ id: 'both', pcs: ['UP-16', 'UP-75'], publishedAt: at(4) }),
      makeBriefing({ id: 'up-wide', scope: 'UP', publishedAt: at(5) }),
      makeBriefing({ id: 'india', scope: 'national', publishedAt: at(6), tags: ['अमर सिंह यादव'] }),
      makeBriefing({ id: 'bihar', pcs: ['BR-1'], publishedAt: at(7) }),
      makeBriefing({ id: 'bihar-wide', scope: 'BR', publishedAt: at(8) }),
    ];
    for (const b of all) await store.upsert(b);
  });

  it('gets one, many (in order, missing skipped) and counts', async () => {
    expect((await store.get('both'))?.id).toBe('both');
    expect(await store.get('nope')).toBeUndefined();
    expect(await store.get('../etc')).toBeUndefined();
    expect((await store.getMany(['india', 'nope', 'hathras-1'])).map((b) => b.id)).toEqual([
      'india',
      'hathras-1',
    ]);
    expect(await store.count()).toBe(8);
  });

  it('when paging /latest for Hathras, then PC, state-wide and national briefings come newest first', async () => {
    const first = await store.listNewestForPcs(['up-16'], { limit: 3 });
    expect(first.items.map((b) => b.id)).toEqual(['india', 'up-wide', 'both']);
    expect(first.nextOffset).toBe(3);
    const second = await store.listNewestForPcs(['UP-16'], { offset: 3, limit: 3 });
    expect(second.items.map((b) => b.id)).toEqual(['hathras-2', 'hathras-1']);
    expect(second.nextOffset).toBeUndefined();
  });

  it('when several PCs are followed, then each briefing appears once', async () => {
    const page = await store.listNewestForPcs(['UP-16', 'UP-75', 'BR-1'], { limit: 50 });
    expect(page.items.map((b) => b.id)).toEqual([
      'bihar-wide',
      'bihar',
      'india',
      'up-wide',
      'both',
      'hathras-2',
      'ghazipur-1',
      'hathras-1',
    ]);
  });

  it('when a digest asks since a time, then only later briefings come, newest first, up to the limit', async () => {
    const since = Date.parse(at(3));
    expect((await store.listForPcsSince(['UP-75'], since, 10)).map((b) => b.id)).toEqual([
      'india',
      'up-wide',
      'both',
    ]);
    expect((await store.listForPcsSince(['UP-75'], since, 2)).map((b) => b.id)).toEqual(['india', 'up-wide']);
    expect(await store.listForPcsSince(['UP-75'], Date.parse(at(9)), 10)).toEqual([]);
  });

  it('when "also read" candidates are fetched, then they are related ones, never the briefing itself', async () => {
    const b = (await store.get('hathras-1')) as NonNullable<Awaited<ReturnType<BriefingStore['get']>>>;
    const ids = (await store.alsoReadCandidates(b)).map((c) => c.id).sort();
    // Same PC, same state (PCs and state-wide), shared tag (the national one); not Bihar.
    expect(ids).toEqual(['both', 'ghazipur-1', 'hathras-2', 'india', 'up-wide']);
  });

  it('when a briefing is opened for reading, then it comes with its candidates in one call', async () => {
    const found = await store.getForReading('ghazipur-1');
    expect(found?.briefing.id).toBe('ghazipur-1');
    expect(found?.related.map((c) => c.id)).not.toContain('ghazipur-1');
    expect(await store.getForReading('nope')).toBeUndefined();
  });
});

describe('syncContent', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sync-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when synced twice, then the second run changes nothing; an edited file is updated; an invalid one is never stored', async () => {
    writeFileSync(join(dir, 'a.md'), briefingFile('a'));
    writeFileSync(join(dir, 'b.md'), briefingFile('b', { pcs: '[UP-99]' }));
    const deps = { store, catalog: testCatalog() };
    const first = await syncContent(dir, deps);
    expect(first).toMatchObject({ created: ['a'], updated: [], unchanged: [], files: 2 });
    expect(first.problems.map((p) => p.field)).toEqual(['pcs[0]']);
    expect(await store.get('b')).toBeUndefined();

    const keys = await keysUnderPrefix();
    expect((await syncContent(dir, deps)).unchanged).toEqual(['a']);
    expect(await keysUnderPrefix()).toEqual(keys);

    writeFileSync(join(dir, 'a.md'), briefingFile('a', { title: '"नया शीर्षक (परीक्षण हेतु काल्पनिक)"' }));
    expect((await syncContent(dir, deps)).updated).toEqual(['a']);
    expect((await store.get('a'))?.title).toBe('नया शीर्षक (परीक्षण हेतु काल्पनिक)');
    expect(await store.count()).toBe(1);
  });

  it('when a file without published_at is synced, then it is stored with no time and its import time stays put across syncs and edits', async () => {
    writeFileSync(join(dir, 'u.md'), briefingFile('u', { published_at: null }));
    const deps = { store, catalog: testCatalog() };
    const before = Date.now();
    expect((await syncContent(dir, deps)).created).toEqual(['u']);
    const first = await store.get('u');
    expect(first?.publishedAt).toBeUndefined();
    expect(first?.publishedMs).toBeGreaterThanOrEqual(before);
    expect(first?.publishedMs).toBeLessThanOrEqual(Date.now());

    await new Promise((r) => setTimeout(r, 5));
    expect((await syncContent(dir, deps)).unchanged).toEqual(['u']);
    writeFileSync(
      join(dir, 'u.md'),
      briefingFile('u', { published_at: null, title: '"नया (परीक्षण हेतु काल्पनिक)"' }),
    );
    expect((await syncContent(dir, deps)).updated).toEqual(['u']);
    const after = await store.get('u');
    expect(after?.title).toBe('नया (परीक्षण हेतु काल्पनिक)');
    expect(after?.publishedMs).toBe(first?.publishedMs);
    expect(await t.redis.zscore(`${t.prefix}:briefings:all`, 'u')).toBe(String(first?.publishedMs));
  });

  it('when the file of a withdrawn briefing is edited and synced, then it stays withdrawn and the sync says so', async () => {
    writeFileSync(join(dir, 'a.md'), briefingFile('a'));
    const deps = { store, catalog: testCatalog() };
    expect((await syncContent(dir, deps)).created).toEqual(['a']);
    expect(await store.withdraw('a', 1_700_000_000_000)).toBe(true);
    const raw = await t.redis.hgetall(`${t.prefix}:briefing:a`);
    const keys = await keysUnderPrefix();

    writeFileSync(join(dir, 'a.md'), briefingFile('a', { title: '"बदला शीर्षक (परीक्षण हेतु काल्पनिक)"' }));
    const report = await syncContent(dir, deps);
    expect(report).toMatchObject({ created: [], updated: [], unchanged: [], withdrawn: ['a'] });
    // Nothing written: not readable by id, in no index, the record as the withdrawal left it.
    expect(await store.get('a')).toBeUndefined();
    expect(await store.count()).toBe(0);
    expect(await t.redis.hgetall(`${t.prefix}:briefing:a`)).toEqual(raw);
    expect(await keysUnderPrefix()).toEqual(keys);
  });

  it('when a content folder is synced, then each briefing is stored and indexed by its PC', async () => {
    const content = writeContent({ briefings: Object.values(TEST_BRIEFINGS) });
    try {
      const report = await syncContent(content.briefingsDir, { store, catalog: content.catalog() });
      expect(report.problems).toEqual([]);
      expect(report.created.sort()).toEqual([TEST_BRIEFINGS.ghazipur.id, TEST_BRIEFINGS.hathras.id]);
      expect((await store.listNewestForPcs(['UP-16'])).items.map((b) => b.id)).toEqual([
        TEST_BRIEFINGS.hathras.id,
      ]);
      expect((await store.listNewestForPcs(['UP-75'])).items.map((b) => b.id)).toEqual([
        TEST_BRIEFINGS.ghazipur.id,
      ]);
      expect((await store.get(TEST_BRIEFINGS.hathras.id))?.alsoRead).toEqual([
        { kind: 'briefing', id: TEST_BRIEFINGS.ghazipur.id },
      ]);
    } finally {
      content.remove();
    }
  });
});
