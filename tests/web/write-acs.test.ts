import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskEnv, type DeskEnvT, EDITOR } from './desk-env.js';

/** Assembly seats on the web desk's write page: the suggestion, the seat search, a draft sent with ACs. */

let d: DeskEnvT;
beforeEach(async () => {
  d = await createDeskEnv();
});
afterEach(async () => {
  await d.cleanup();
});

const BODY = 'सिकंदराराऊ में आज एक सभा हुई, जो असल में नहीं हुई। (परीक्षण हेतु काल्पनिक खबर)';

describe('web desk: assembly seats', () => {
  it('when the text names सिकंदराराऊ, then हाथरस is suggested, with the AC in the audience only while UP is in a Vidhan Sabha election', async () => {
    const cookie = await d.signIn(EDITOR);
    const ls = await d.postJson(cookie, '/desk/api/suggest', { text: BODY });
    expect(ls.json.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    // Offered all the same, after its PC.
    expect(ls.json.seats).toEqual([
      { pc: 'UP-16', name: 'हाथरस' },
      { ac: 'UP-A80', name: 'सिकंदराराऊ (विधानसभा)' },
    ]);

    await d.core.elections.set('UP', 'vs');
    const vs = await d.postJson(cookie, '/desk/api/suggest', { text: BODY });
    expect(vs.json.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });
    expect(vs.json.seats).toEqual([
      { ac: 'UP-A80', name: 'सिकंदराराऊ (विधानसभा)' },
      { pc: 'UP-16', name: 'हाथरस' },
    ]);
  });

  it('when an editor searches Sadabad, then the assembly seat is found before its PC', async () => {
    const cookie = await d.signIn(EDITOR);
    const found = (await (
      await d.app.request('/desk/api/seats?q=Sadabad', { headers: d.headers(cookie) })
    ).json()) as { seats: Array<Record<string, string>> };
    expect(found.seats.slice(0, 2)).toEqual([
      { ac: 'UP-A79', name: 'सादाबाद (विधानसभा)' },
      { pc: 'UP-16', name: 'हाथरस' },
    ]);
  });

  it('when a draft is saved with an AC and published, then the briefing has it; an unknown AC is refused in words', async () => {
    const cookie = await d.signIn(EDITOR);
    const form = {
      title: 'सिकंदराराऊ में परीक्षण ब्रीफिंग',
      summary: 'परीक्षण हेतु काल्पनिक सार।',
      body: BODY,
      scope: 'seats',
      seats: [],
      acs: ['UP-A80'],
    };
    const saved = await d.postJson(cookie, '/desk/api/draft', form);
    expect(saved.status).toBe(200);
    const page = await (
      await d.app.request(`/desk/write?draft=${saved.json.draftId}`, { headers: d.headers(cookie) })
    ).text();
    expect(page).toContain('data-ac="UP-A80"');
    expect(page).toContain('सिकंदराराऊ (विधानसभा)');
    const pub = await d.postJson(cookie, `/desk/api/drafts/${saved.json.draftId}/publish`, {});
    expect(pub.status).toBe(200);
    const b = await d.core.briefings.get(pub.json.briefingId as string);
    expect(b?.audience).toEqual({ kind: 'pcs', pcs: [], acs: ['UP-A80'] });

    const bad = await d.postJson(cookie, '/desk/api/draft', { ...form, acs: ['UP-A999'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe(d.core.i18n.t('hi', 'web.err-field-audience'));
  });
});
