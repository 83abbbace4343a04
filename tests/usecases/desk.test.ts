import { afterEach, describe, expect, it } from 'vitest';
import { isBriefingId } from '../../src/briefings/links.js';
import { createBriefingStore, FILE_AUTHOR } from '../../src/store/briefings.js';
import {
  briefingSlug,
  copiesLeft,
  createDraft,
  type DeskDeps,
  DeskError,
  type DraftFields,
  deleteBriefingCopies,
  deskDeps,
  discardDraft,
  editBriefing,
  findBriefings,
  getDraft,
  istIso,
  listDrafts,
  listRevisions,
  previewDraft,
  previewDraftMessages,
  publishDraft,
  updateDraft,
  withdrawFromDesk,
} from '../../src/usecases/desk.js';
import { syncContent } from '../../src/usecases/import-briefings.js';
import { createDeliveryEnv, type DeliveryEnv, HATHRAS_ID } from '../helpers/delivery-env.js';
import { standardContent } from '../helpers/fixtures.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const editor = { id: '900001', role: 'editor' as const };
const owner = { id: '100', role: 'owner' as const };

/** A made-up briefing an editor might write (every word of it says it is a test). */
const fields = (over: Partial<DraftFields> = {}): DraftFields => ({
  title: 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा',
  summary: 'यह परीक्षण हेतु काल्पनिक सार है।',
  body: 'यह **परीक्षण** हेतु काल्पनिक खबर है। हाथरस की सिकंदराराऊ सीट पर कोई सभा नहीं हुई।',
  ...over,
});

async function setup(now?: () => number): Promise<{ env: DeliveryEnv; deps: DeskDeps }> {
  e = await createDeliveryEnv();
  const deps = deskDeps(e.core);
  return { env: e, deps: now ? { ...deps, now } : deps };
}

async function rejectsWith(p: Promise<unknown>, code: DeskError['code'], field?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(err).toBeInstanceOf(DeskError);
  expect((err as DeskError).code).toBe(code);
  if (field) expect((err as DeskError).field).toBe(field);
}

describe('desk drafts (use cases, real Redis)', () => {
  it('when an editor drafts, chooses a seat and publishes, then a briefing with a new slug id goes to its readers once', async () => {
    const clock = Date.parse('2026-11-30T14:05:00+05:30');
    const { env, deps } = await setup(() => clock);
    const draft = await createDraft(deps, editor, fields(), { kind: 'telegram' });
    expect(draft).toMatchObject({ status: 'open', createdBy: editor.id, createdAt: clock });
    expect(draft.id).toMatch(/^[a-z0-9]{8}$/);
    expect((await listDrafts(deps)).items.map((d) => d.id)).toEqual([draft.id]);
    expect((await listDrafts(deps, { by: '42' })).total).toBe(0);

    // No seat chosen yet: no preview, no publishing.
    await rejectsWith(previewDraft(deps, draft.id), 'no-audience');
    await rejectsWith(publishDraft(deps, editor, draft.id, { kind: 'now' }), 'no-audience');

    await updateDraft(deps, editor, draft.id, { audience: { kind: 'pcs', pcs: ['up-16'] } });
    const preview = await previewDraft(deps, draft.id);
    // The preview's messages are what readers get: the title, the seat, the text and "ये भी पढ़ें".
    const shown = await previewDraftMessages(deps, draft.id, 'hi');
    expect(shown.messages).toHaveLength(1);
    const first = shown.messages[0];
    if (first?.method !== 'text') throw new Error('expected a text message');
    expect(first.text).toContain('परीक्षण: सिकंदराराऊ में काल्पनिक सभा');
    expect(first.text).toContain('लोकसभा सीट: हाथरस');
    expect(first.text).toContain('ये भी पढ़ें');
    expect(first.buttons?.length).toBeGreaterThan(0);
    expect(preview.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(preview.publishedAt).toBe('2026-11-30T14:05:00+05:30');

    await env.seedReaders('UP-16', 3, 500_000);
    const { briefing, plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    expect(briefing.id).toMatch(/^2026-11-30-[a-z0-9]{4}$/);
    expect(briefing).toMatchObject({ revision: 1, publishedMs: clock, title: fields().title });
    expect(plan.audience).toBe(3);
    expect(plan.delivery?.content).toEqual({ kind: 'briefing', briefingId: briefing.id });
    expect(await env.core.briefings.get(briefing.id)).toEqual(briefing);
    expect(await getDraft(deps, draft.id)).toMatchObject({ status: 'published', briefingId: briefing.id });
    expect((await listDrafts(deps)).total).toBe(0);
    // A second tap finds the draft closed.
    await rejectsWith(publishDraft(deps, editor, draft.id, { kind: 'now' }), 'draft-closed');
    const revs = await listRevisions(deps, briefing.id);
    expect(revs.map((r) => [r.revision, r.by])).toEqual([[1, editor.id]]);

    const audit = await env.core.audit.recent(10);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['draft-create', 'draft-update', 'draft-publish', 'publish']),
    );
    expect(audit.find((a) => a.action === 'draft-publish' && a.outcome === 'ok')?.target).toBe(
      `${draft.id} → ${briefing.id}`,
    );
  });

  it('when a draft is scheduled, then its briefing waits for its time: not in /latest, digests or "also read" before it', async () => {
    // The desk's clock and the delivery store's (the real one) must agree that `at` is ahead: a whole
    // IST hour a day from now.
    let clock = Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000 + 1_800_000;
    const { env, deps } = await setup(() => clock);
    const at = clock + 3600_000;
    const draft = await createDraft(deps, editor, fields({ audience: { kind: 'pcs', pcs: ['UP-16'] } }), {
      kind: 'telegram',
    });
    // A time in the past is refused.
    await rejectsWith(
      publishDraft(deps, editor, draft.id, { kind: 'at', atMs: clock - 1 }),
      'invalid',
      'when',
    );
    const { briefing, plan } = await publishDraft(deps, editor, draft.id, { kind: 'at', atMs: at });
    expect(plan.delivery?.status).toBe('scheduled');
    expect(briefing.publishedMs).toBe(at);
    expect(briefing.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\+05:30$/);
    expect(Date.parse(briefing.publishedAt ?? '')).toBe(at);
    const store = createBriefingStore({ redis: env.env.redis, prefix: env.env.prefix, now: () => clock });
    const latest = async () =>
      (await store.listNewestForPcs(['UP-16'], { limit: 50 })).items.map((b) => b.id);
    expect(await latest()).not.toContain(briefing.id);
    expect((await store.listForPcsSince(['UP-16'], 0, 50)).map((b) => b.id)).not.toContain(briefing.id);
    const hathras = await store.get(HATHRAS_ID);
    if (!hathras) throw new Error('fixture missing');
    expect((await store.alsoReadCandidates(hathras)).map((b) => b.id)).not.toContain(briefing.id);
    clock = at;
    expect((await latest())[0]).toBe(briefing.id);
  });

  it('when two publish calls race for one draft, then exactly one publishes', async () => {
    const { deps, env } = await setup();
    const draft = await createDraft(deps, editor, fields({ audience: { kind: 'state', state: 'UP' } }), {
      kind: 'web',
    });
    const results = await Promise.allSettled([
      publishDraft(deps, editor, draft.id, { kind: 'now' }),
      publishDraft(deps, editor, draft.id, { kind: 'now' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as DeskError).code).toBe('draft-closed');
    expect((await env.deliveries.recent(10)).filter((d) => d.content.kind === 'briefing')).toHaveLength(1);
  });

  it('when an editor aims at everyone, then it is refused; an owner and a trusted feed may', async () => {
    const { deps, env } = await setup();
    const national = fields({ audience: { kind: 'national' } });
    await rejectsWith(createDraft(deps, editor, national, { kind: 'telegram' }), 'forbidden-scope');
    await rejectsWith(createDraft(deps, { id: '7' }, national, { kind: 'telegram' }), 'forbidden-scope');
    const d = await createDraft(deps, editor, fields(), { kind: 'telegram' });
    await rejectsWith(updateDraft(deps, editor, d.id, { audience: { kind: 'national' } }), 'forbidden-scope');
    expect((await getDraft(deps, d.id))?.audience).toBeUndefined();
    const byOwner = await createDraft(deps, owner, national, { kind: 'telegram' });
    // The owner's national draft cannot be sent by an editor either.
    await rejectsWith(publishDraft(deps, editor, byOwner.id, { kind: 'now' }), 'forbidden-scope');
    const feed = { id: 'feed:site', role: 'system' as const };
    const fromFeed = await createDraft(deps, feed, national, { kind: 'feed', feedId: 'site', itemKey: 'x1' });
    expect(fromFeed.origin).toEqual({ kind: 'feed', feedId: 'site', itemKey: 'x1' });
    // One feed item, one draft: polled again (by two workers at once), it gets the same draft back.
    const again = await Promise.all([
      createDraft(deps, feed, fields({ title: 'दूसरी बार (परीक्षण)' }), {
        kind: 'feed',
        feedId: 'site',
        itemKey: 'x1',
      }),
      createDraft(deps, feed, national, { kind: 'feed', feedId: 'site', itemKey: 'x1' }),
    ]);
    expect(again.map((d) => d.id)).toEqual([fromFeed.id, fromFeed.id]);
    expect((await getDraft(deps, fromFeed.id))?.title).toBe(fromFeed.title);
    // Another item of that feed, or the same external id from another API token, is another draft.
    const other = await createDraft(deps, feed, national, { kind: 'feed', feedId: 'site', itemKey: 'x2' });
    expect(other.id).not.toBe(fromFeed.id);
    const api1 = await createDraft(deps, feed, fields(), { kind: 'api', tokenId: 't1', externalId: 'cms-7' });
    const api2 = await createDraft(deps, feed, fields(), { kind: 'api', tokenId: 't2', externalId: 'cms-7' });
    expect(api1.id).not.toBe(api2.id);
    expect(
      (await createDraft(deps, feed, fields(), { kind: 'api', tokenId: 't1', externalId: 'cms-7' })).id,
    ).toBe(api1.id);
    // Refusals are audited too.
    const refused = (await env.core.audit.recent(20)).filter((a) => a.outcome === 'forbidden-scope');
    expect(refused.map((a) => [a.who, a.action])).toEqual(
      expect.arrayContaining([
        [editor.id, 'draft-create'],
        [editor.id, 'draft-update'],
        [editor.id, 'draft-publish'],
      ]),
    );
  });

  it('when fields are bad, then the error names the field and nothing is stored', async () => {
    const { deps } = await setup();
    await rejectsWith(
      createDraft(deps, editor, fields({ title: '  \n ' }), { kind: 'telegram' }),
      'invalid',
      'title',
    );
    await rejectsWith(
      createDraft(deps, editor, fields({ body: '' }), { kind: 'telegram' }),
      'invalid',
      'body',
    );
    await rejectsWith(
      createDraft(deps, editor, fields({ photo: { kind: 'url', url: 'http://example.com/a.jpg' } }), {
        kind: 'telegram',
      }),
      'invalid',
      'photo',
    );
    await rejectsWith(
      createDraft(deps, editor, fields({ audience: { kind: 'pcs', pcs: ['UP-999'] } }), { kind: 'telegram' }),
      'invalid',
      'audience',
    );
    expect((await listDrafts(deps)).total).toBe(0);
    await rejectsWith(updateDraft(deps, editor, 'nosuch', { title: 'x' }), 'draft-not-found');
    // A long text is kept whole (it is split when sent, never cut).
    const long = `${'यह परीक्षण हेतु काल्पनिक वाक्य है। '.repeat(600)}`.trim();
    expect(long.length).toBeGreaterThan(20_000);
    const d = await createDraft(deps, editor, fields({ body: long }), { kind: 'telegram' });
    expect((await getDraft(deps, d.id))?.body).toBe(long);
    await discardDraft(deps, editor, d.id);
    await rejectsWith(discardDraft(deps, editor, d.id), 'draft-closed');
    await rejectsWith(updateDraft(deps, editor, d.id, { title: 'नया' }), 'draft-closed');
    // An owner's draft for everyone: an editor can neither change nor drop it; the owner can.
    const everyone = await createDraft(deps, owner, fields({ audience: { kind: 'national' } }), {
      kind: 'telegram',
    });
    await rejectsWith(discardDraft(deps, editor, everyone.id), 'forbidden-scope');
    expect((await getDraft(deps, everyone.id))?.status).toBe('open');
    await discardDraft(deps, owner, everyone.id);
    expect((await getDraft(deps, everyone.id))?.status).toBe('discarded');
  });
});

describe('desk: revisions, search and imports (use cases, real Redis)', () => {
  it('when an editor edits a published briefing, then it is a new revision with the previous text kept, and a file import keeps it', async () => {
    let clock = Date.parse('2026-11-30T10:00:00+05:30');
    const { env, deps } = await setup(() => clock);
    const before = await env.core.briefings.get(HATHRAS_ID);
    if (!before) throw new Error('fixture missing');
    expect(before.revision).toBe(1);

    clock += 60_000;
    const newTitle = 'हाथरस: काल्पनिक सभा का संशोधित शीर्षक (परीक्षण)';
    const { briefing, corrected } = await editBriefing(deps, editor, HATHRAS_ID, { title: newTitle });
    expect(briefing).toMatchObject({ revision: 2, updatedAt: clock, title: newTitle });
    expect(corrected).toBeUndefined(); // nothing was sent yet
    expect(await env.core.briefings.get(HATHRAS_ID)).toEqual(briefing);
    const revs = await listRevisions(deps, HATHRAS_ID);
    expect(revs.map((r) => ({ revision: r.revision, by: r.by, changed: r.changed }))).toEqual([
      { revision: 1, by: FILE_AUTHOR, changed: expect.arrayContaining(['title', 'body', 'audience']) },
      { revision: 2, by: editor.id, changed: ['title'] },
    ]);
    expect(revs[0]?.briefing.title).toBe(before.title);
    expect(revs[1]?.at).toBe(clock);

    // The same edit again changes nothing and makes no revision.
    expect((await editBriefing(deps, editor, HATHRAS_ID, { title: newTitle })).briefing.revision).toBe(2);

    // The file is imported again: the editor's revision stays, reported as kept.
    const content = standardContent();
    const report = await syncContent(content.briefingsDir, {
      store: env.core.briefings,
      catalog: env.core.catalog,
    });
    expect(report.kept).toContain(HATHRAS_ID);
    expect((await env.core.briefings.get(HATHRAS_ID))?.title).toBe(newTitle);

    // Search by id and by title words.
    expect((await findBriefings(deps, { text: HATHRAS_ID })).map((b) => b.id)).toEqual([HATHRAS_ID]);
    expect((await findBriefings(deps, { text: 'संशोधित  शीर्षक' })).map((b) => b.id)).toEqual([HATHRAS_ID]);
    expect(await findBriefings(deps, { text: 'ऐसा कोई शब्द नहीं' })).toEqual([]);

    await rejectsWith(editBriefing(deps, editor, 'no-such-briefing', { title: 'x' }), 'briefing-not-found');
    await rejectsWith(editBriefing(deps, editor, HATHRAS_ID, { summary: '' }), 'invalid', 'summary');
  });

  it('when a file changes and no editor touched it, then the import makes a new revision by the file', async () => {
    const { env } = await setup();
    const store = env.core.briefings;
    const b = await store.get(HATHRAS_ID);
    if (!b) throw new Error('fixture missing');
    expect(
      await store.upsert({ ...b, summary: 'बदला हुआ काल्पनिक सार (परीक्षण)', contentHash: 'a'.repeat(64) }),
    ).toBe('updated');
    const revs = await store.revisions(HATHRAS_ID);
    expect(revs.map((r) => [r.revision, r.by, r.changed])).toEqual([
      [1, FILE_AUTHOR, expect.any(Array)],
      [2, FILE_AUTHOR, ['summary']],
    ]);
    expect((await store.get(HATHRAS_ID))?.revision).toBe(2);
  });

  it('when a briefing is withdrawn at the desk, then it is gone at once and deleting copies is a second step', async () => {
    const { env, deps } = await setup();
    await rejectsWith(deleteBriefingCopies(deps, editor, HATHRAS_ID), 'briefing-not-found');
    const w = await withdrawFromDesk(deps, editor, HATHRAS_ID);
    expect(w).toMatchObject({ cancelled: [], copies: 0 });
    expect(w.deletion).toBeUndefined();
    expect(await env.core.briefings.get(HATHRAS_ID)).toBeUndefined();
    expect(await deleteBriefingCopies(deps, editor, HATHRAS_ID)).toEqual({ copies: 0 });
    expect(await copiesLeft(deps, 'no-such-delivery')).toBeUndefined();
    await rejectsWith(withdrawFromDesk(deps, editor, HATHRAS_ID), 'briefing-not-found');
  });
});

describe('briefingSlug', () => {
  it('when a title has Latin words, then the id carries the first of them; a Hindi title gets the date and four characters', () => {
    const at = Date.parse('2026-11-30T23:30:00+05:30');
    expect(briefingSlug('Hathras: BSP candidate files nomination papers today', at)).toMatch(
      /^2026-11-30-hathras-bsp-candidate-files-[a-z0-9]{4}$/,
    );
    expect(briefingSlug('हाथरस: परीक्षण सभा', at)).toMatch(/^2026-11-30-[a-z0-9]{4}$/);
    const long = briefingSlug(`${'Averyveryverylongword '.repeat(10)}`, at);
    expect(isBriefingId(long)).toBe(true);
    expect(long.length).toBeLessThanOrEqual(62);
    // Random tails: two slugs of one title differ.
    expect(briefingSlug('Same title', at)).not.toBe(briefingSlug('Same title', at));
  });
});

describe('istIso', () => {
  it('when given a moment, then it prints it in India time with the +05:30 offset', () => {
    expect(istIso(Date.parse('2026-11-30T20:00:00Z'))).toBe('2026-12-01T01:30:00+05:30');
  });
});
