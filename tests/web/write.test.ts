import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraft, deskDeps } from '../../src/usecases/desk.js';
import { createDeskEnv, type DeskEnvT, EDITOR, OWNER } from './desk-env.js';

let d: DeskEnvT;
beforeEach(async () => {
  d = await createDeskEnv();
});
afterEach(async () => {
  await d.cleanup();
});

const BODY = 'गाजीपुर में मतदान की तैयारी पूरी। (परीक्षण हेतु काल्पनिक खबर)';

const form = (extra: Record<string, unknown> = {}) => ({
  title: 'गाजीपुर में परीक्षण ब्रीफिंग',
  summary: 'परीक्षण हेतु काल्पनिक सार।',
  body: BODY,
  scope: 'seats',
  seats: ['UP-75'],
  ...extra,
});

describe('web desk: writing and publishing', () => {
  it('when the text names गाजीपुर, then Ghazipur is suggested; a search in English finds it too', async () => {
    const cookie = await d.signIn(EDITOR);
    const s = await d.postJson(cookie, '/desk/api/suggest', { text: BODY });
    expect(s.json.seats).toEqual([{ pc: 'UP-75', name: 'गाजीपुर' }]);
    const found = (await (
      await d.app.request('/desk/api/seats?q=Ghazipur', { headers: d.headers(cookie) })
    ).json()) as { seats: Array<{ pc: string }> };
    expect(found.seats[0]?.pc).toBe('UP-75');
  });

  it('when an editor saves, previews and publishes, then the draft becomes a briefing with a delivery, audited under their id', async () => {
    const cookie = await d.signIn(EDITOR);
    await d.core.subscribers.ensureChat(77);
    await d.core.subscribers.subscribe(77, 'UP-75', 20);
    const saved = await d.postJson(cookie, '/desk/api/draft', form());
    expect(saved.status).toBe(200);
    const parts = saved.json.parts as Array<{ html: string }>;
    expect(parts).toHaveLength(1);
    expect(parts[0]?.html).toContain('<b>गाजीपुर में परीक्षण ब्रीफिंग</b>');
    expect(parts[0]?.html).toContain('मतदान की तैयारी');
    // Saving again updates the same draft.
    const again = await d.postJson(
      cookie,
      '/desk/api/draft',
      form({ draftId: saved.json.draftId, title: 'नया शीर्षक (परीक्षण)' }),
    );
    expect(again.json.draftId).toBe(saved.json.draftId);
    const pub = await d.postJson(cookie, `/desk/api/drafts/${saved.json.draftId}/publish`, {});
    expect(pub.status).toBe(200);
    expect(pub.json.audience).toBe(1);
    const b = await d.core.briefings.get(pub.json.briefingId as string);
    expect(b?.title).toBe('नया शीर्षक (परीक्षण)');
    expect(b?.audience).toEqual({ kind: 'pcs', pcs: ['UP-75'] });
    const audit = (await d.core.audit.recent(20)).filter((a) => a.who === String(EDITOR));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['draft-create', 'draft-publish']));
    // Listed as published, found by seat and by state, with its delivery on its page.
    const list = await (
      await d.app.request('/desk/briefings?seat=Ghazipur&status=published', { headers: d.headers(cookie) })
    ).text();
    expect(list).toContain(`data-id="${pub.json.briefingId}"`);
    // A link from before the status was renamed still finds it.
    const old = await (
      await d.app.request('/desk/briefings?seat=Ghazipur&status=sent', { headers: d.headers(cookie) })
    ).text();
    expect(old).toContain(`data-id="${pub.json.briefingId}"`);
    const none = await (
      await d.app.request('/desk/briefings?state=BR', { headers: d.headers(cookie) })
    ).text();
    expect(none).not.toContain(`data-id="${pub.json.briefingId}"`);
    const page = await (
      await d.app.request(`/desk/briefings/${pub.json.briefingId}`, { headers: d.headers(cookie) })
    ).text();
    expect(page).toContain(String(pub.json.deliveryId));
    expect(page).toContain('प्रकाशित');
    expect(page).not.toContain('तय समय पर जाएगी');
    const live = (await (
      await d.app.request('/desk/api/deliveries', { headers: d.headers(cookie) })
    ).json()) as {
      deliveries: Array<{ id: string; total: number }>;
    };
    expect(live.deliveries.map((x) => x.id)).toContain(pub.json.deliveryId);
    // The live page names it by headline and audience, as /stats does, never by a bare id or kind.
    const deliveries = await (await d.app.request('/desk/deliveries', { headers: d.headers(cookie) })).text();
    const card = deliveries.slice(deliveries.indexOf(`data-id="${pub.json.deliveryId}"`));
    expect(card).toContain('<b class="what">नया शीर्षक (परीक्षण)</b>');
    expect(card).toContain('गाजीपुर सीट के पाठक');
    expect(deliveries).not.toContain(' · briefing · ');
    expect(page).toContain('नया शीर्षक (परीक्षण)</a>');
  });

  it('when an editor chooses all readers, a past time, or no audience, then each is refused in words', async () => {
    const cookie = await d.signIn(EDITOR);
    const national = await d.postJson(cookie, '/desk/api/draft', form({ scope: 'national' }));
    expect(national.status).toBe(400);
    expect(national.json.error).toBe(d.core.i18n.t('hi', 'web.err-forbidden-scope'));
    const none = await d.postJson(cookie, '/desk/api/draft', form({ seats: [] }));
    expect(none.json).toMatchObject({
      ok: true,
      parts: [],
      notice: d.core.i18n.t('hi', 'web.err-no-audience'),
    });
    const refused = await d.postJson(cookie, `/desk/api/drafts/${none.json.draftId}/publish`, {});
    expect(refused.json.error).toBe(d.core.i18n.t('hi', 'web.err-no-audience'));
    const ok = await d.postJson(cookie, '/desk/api/draft', form());
    const past = await d.postJson(cookie, `/desk/api/drafts/${ok.json.draftId}/publish`, {
      at: '2020-01-01T10:00',
    });
    expect(past.status).toBe(400);
    expect(past.json.error).toBe(d.core.i18n.t('hi', 'web.err-field-when'));
    const bad = await d.postJson(cookie, '/desk/api/draft', form({ photoUrl: 'http://plain.example/x.jpg' }));
    expect(bad.status).toBe(400);
  });

  it('when an owner schedules for an IST time, then the delivery is scheduled at that instant', async () => {
    const cookie = await d.signIn(OWNER);
    const saved = await d.postJson(cookie, '/desk/api/draft', form({ scope: 'national' }));
    // 18:30 IST two days from now (a fixed date would pass and the test with it).
    const day = new Date(Date.now() + 2 * 86_400_000 + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const pub = await d.postJson(cookie, `/desk/api/drafts/${saved.json.draftId}/publish`, {
      at: `${day}T18:30`,
    });
    expect(pub.status).toBe(200);
    const delivery = await d.core.deliveries.get(pub.json.deliveryId as string);
    expect(delivery?.status).toBe('scheduled');
    expect(delivery?.scheduledAt).toBe(Date.parse(`${day}T13:00:00Z`));
    // Its page and the list both say it waits for its time.
    const page = await (
      await d.app.request(`/desk/briefings/${pub.json.briefingId}`, { headers: d.headers(cookie) })
    ).text();
    expect(page).toContain('तय समय पर जाएगी');
    const list = await (
      await d.app.request('/desk/briefings?status=scheduled', { headers: d.headers(cookie) })
    ).text();
    expect(list).toContain(`data-id="${pub.json.briefingId}"`);
  });

  it('when a published briefing is corrected and withdrawn from its page, then a new revision is kept and it is withdrawn', async () => {
    const cookie = await d.signIn(OWNER);
    const saved = await d.postJson(cookie, '/desk/api/draft', form());
    const pub = await d.postJson(cookie, `/desk/api/drafts/${saved.json.draftId}/publish`, {});
    const id = pub.json.briefingId as string;
    const formHeaders = d.headers(cookie, { 'content-type': 'application/x-www-form-urlencoded' });
    const edit = await d.app.request(`/desk/briefings/${id}/edit`, {
      method: 'POST',
      headers: formHeaders,
      body: new URLSearchParams({ summary: 'सुधरा हुआ सार (परीक्षण)' }).toString(),
    });
    expect(edit.status).toBe(303);
    expect((await d.core.briefings.get(id))?.revision).toBe(2);
    const w = await d.app.request(`/desk/briefings/${id}/withdraw`, { method: 'POST', headers: formHeaders });
    expect(w.status).toBe(303);
    expect(await d.core.briefings.get(id)).toBeUndefined();
    const list = await (
      await d.app.request('/desk/briefings?status=withdrawn', { headers: d.headers(cookie) })
    ).text();
    expect(list).toContain(`data-id="${id}"`);
  });
});

describe('web desk: bad input is answered in words, never a crash', () => {
  it('when a hand-built request sends wrong types, null or a numeric time, then each is a 400 with a reason and nothing is published', async () => {
    const cookie = await d.signIn(EDITOR);
    const invalid = d.core.i18n.t('hi', 'web.err-invalid');
    for (const bad of [
      form({ title: 5 }),
      form({ seats: 'UP-75' }),
      form({ scope: 'everyone' }),
      null,
      [1],
    ]) {
      const r = await d.postJson(cookie, '/desk/api/draft', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json.error).toBe(invalid);
    }
    const suggest = await d.postJson(cookie, '/desk/api/suggest', null);
    expect(suggest.status).toBe(200);
    expect(suggest.json.seats).toEqual([]);
    const ok = await d.postJson(cookie, '/desk/api/draft', form());
    const when = await d.postJson(cookie, `/desk/api/drafts/${ok.json.draftId}/publish`, {
      at: 1_900_000_000_000,
    });
    expect(when.status).toBe(400);
    expect(when.json.error).toBe(d.core.i18n.t('hi', 'web.err-field-when'));
    expect((await d.core.deliveries.recent(10)).length).toBe(0);
  });

  it('when the text has a table, then the page names the line in Hindi, with no English from the parser', async () => {
    const cookie = await d.signIn(EDITOR);
    const r = await d.postJson(
      cookie,
      '/desk/api/draft',
      form({ body: 'पहली पंक्ति (परीक्षण)\n\n| क | ख |\n|---|---|\n| 1 | 2 |' }),
    );
    expect(r.status).toBe(400);
    expect(r.json.error).toBe(d.core.i18n.t('hi', 'web.err-field-body-line', { line: 3 }));
    expect(String(r.json.error)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('when the text names a city of several seats, then the page suggests them as the Telegram desk does', async () => {
    const cookie = await d.signIn(EDITOR);
    const s = await d.postJson(cookie, '/desk/api/suggest', { text: 'मुंबई में परीक्षण हेतु काल्पनिक सभा।' });
    const pcs = (s.json.seats as Array<{ pc: string }>).map((x) => x.pc);
    expect(pcs).toContain('MH-31');
    expect(pcs.length).toBeGreaterThan(1);
  });

  it('when a page link carries an unknown ?m= note, then nothing of it is shown', async () => {
    const cookie = await d.signIn(OWNER);
    const saved = await d.postJson(cookie, '/desk/api/draft', form());
    const pub = await d.postJson(cookie, `/desk/api/drafts/${saved.json.draftId}/publish`, {});
    const page = async (m: string) => {
      const res = await d.app.request(`/desk/briefings/${pub.json.briefingId}?m=${encodeURIComponent(m)}`, {
        headers: d.headers(cookie),
      });
      return res.text();
    };
    expect(await page('withdrawn')).toContain('id="message"');
    const odd = await page('<script>x</script>');
    expect(odd).not.toContain('id="message"');
    expect(odd).not.toContain('msg-');
  });

  it('when something fails inside (Redis refuses a read), then the page says so in Hindi with no stack, and the script gets JSON', async () => {
    const cookie = await d.signIn(EDITOR);
    vi.spyOn(d.core.briefings, 'newest').mockRejectedValue(new Error('boom: a secret stack detail'));
    const page = await d.app.request('/desk/briefings', {
      headers: d.headers(cookie, { accept: 'text/html' }),
    });
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain(d.core.i18n.t('hi', 'web.err-generic'));
    expect(html).not.toContain('boom');
    expect(html).not.toMatch(/at \S+ \(/);
    const json = await d.app.request('/desk/briefings', { headers: d.headers(cookie) });
    expect(json.status).toBe(500);
    expect(await json.json()).toEqual({ ok: false, error: d.core.i18n.t('hi', 'web.err-generic') });
  });

  it('when an editor tries to resume or cancel a delivery to all readers, then it is refused and audited; an owner may', async () => {
    const editor = await d.signIn(EDITOR);
    const owner = await d.signIn(OWNER);
    await d.core.subscribers.ensureChat(11);
    const national = await d.core.deliveries.create({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक)' },
      target: { kind: 'all' },
      createdBy: String(OWNER),
      scheduledAt: d.clock.now + 3_600_000,
    });
    const act = (cookie: string, action: string) =>
      d.app.request(`/desk/deliveries/${national.id}/${action}`, {
        method: 'POST',
        headers: d.headers(cookie, { 'content-type': 'application/x-www-form-urlencoded' }),
      });
    for (const action of ['resume', 'cancel', 'pause']) {
      const res = await act(editor, action);
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain(d.core.i18n.t('hi', 'web.err-national-owners-only'));
    }
    expect((await d.core.deliveries.get(national.id))?.status).toBe('scheduled');
    const audit = (await d.core.audit.recent(10)).map((a) => `${a.who} ${a.action} ${a.outcome}`);
    expect(audit).toContain(`${EDITOR} web:cancel refused: national`);
    expect((await act(owner, 'cancel')).status).toBe(303);
    expect((await d.core.deliveries.get(national.id))?.status).toBe('cancelled');
  });

  it('when a draft with a photo sent in Telegram is opened on the page (no upload here), then the photo is kept in the form', async () => {
    const cookie = await d.signIn(EDITOR);
    const draft = await createDraft(
      deskDeps(d.core),
      { id: String(EDITOR), role: 'editor' },
      {
        title: 'फोटो वाली परीक्षण ब्रीफिंग',
        summary: 'परीक्षण हेतु काल्पनिक।',
        body: BODY,
        audience: { kind: 'pcs', pcs: ['UP-75'] },
        photo: { kind: 'telegram', fileId: 'AgACAgTelegramPhotoId' },
      },
      { kind: 'telegram' },
    );
    const html = await (
      await d.app.request(`/desk/write?draft=${draft.id}`, { headers: d.headers(cookie) })
    ).text();
    expect(html).toContain('id="photo-file-id" type="hidden" value="AgACAgTelegramPhotoId"');
    expect(html).not.toContain('id="photo-file"');
  });

  it('when a seat or an editor is asked for on a busy desk, then a briefing older than the newest 50 is found', async () => {
    const cookie = await d.signIn(OWNER);
    const make = (id: string, pc: string, ms: number) => ({
      id,
      title: `परीक्षण ब्रीफिंग ${id} (काल्पनिक)`,
      summary: 'परीक्षण हेतु काल्पनिक।',
      audience: { kind: 'pcs' as const, pcs: [pc] },
      publishedAt: new Date(ms + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30'),
      publishedMs: ms,
      alsoRead: [],
      tags: [],
      body: BODY,
      revision: 1,
      contentHash: createHash('sha256').update(id).digest('hex'),
    });
    const start = d.clock.now - 100 * 60_000;
    expect(
      await d.core.briefings.save(make('pariksha-purani-gazipur', 'UP-75', start), {
        by: '4242',
        expectRevision: 0,
      }),
    ).toBe('created');
    for (let i = 0; i < 55; i++)
      await d.core.briefings.save(make(`pariksha-hathras-${i}`, 'UP-16', start + (i + 1) * 60_000), {
        by: String(EDITOR),
        expectRevision: 0,
      });
    const list = async (query: string) =>
      (await d.app.request(`/desk/briefings?${query}`, { headers: d.headers(cookie) })).text();
    expect(await list('seat=Ghazipur')).toContain('data-id="pariksha-purani-gazipur"');
    const byEditor = await list('editor=4242');
    expect(byEditor).toContain('data-id="pariksha-purani-gazipur"');
    expect(byEditor).not.toContain('data-id="pariksha-hathras-0"');
    const all = await list('');
    expect(all).toContain('data-id="pariksha-hathras-54"');
    expect(all).toContain(` · ${EDITOR}</div>`);
  });
});
