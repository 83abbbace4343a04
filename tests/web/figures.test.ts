import { InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statsDate } from '../../src/store/daily-stats.js';
import { deskFigures, FIGURE_DAYS } from '../../src/usecases/stats.js';
import { renderFiguresPng } from '../../src/web/chart-png.js';
import { webT } from '../../src/web/i18n.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { SEATS } from '../helpers/fixtures.js';
import { createDeskEnv, type DeskEnvT, OWNER } from './desk-env.js';

const DAY = 86_400_000;

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('the figures behind the charts', () => {
  let d: DeskEnvT;
  beforeEach(async () => {
    d = await createDeskEnv();
  });
  afterEach(async () => {
    await d.cleanup();
  });

  it('when readers arrive, leave and come back on different days, then each day counts them and readers over time follow', async () => {
    const { subscribers } = d.core;
    const today = d.clock.now;
    d.clock.now = today - 2 * DAY;
    await subscribers.ensureChat(1);
    await subscribers.ensureChat(2);
    await subscribers.ensureChat(2); // known already: not new again
    await subscribers.subscribe(1, 'UP-16', 20);
    await subscribers.subscribe(2, 'UP-16', 20);
    d.clock.now = today - DAY;
    await subscribers.ensureChat(3);
    await subscribers.setStatus(2, 'blocked');
    await subscribers.setStatus(2, 'not-found'); // already gone: not lost twice
    d.clock.now = today;
    await subscribers.setStatus(2, 'active');
    await subscribers.subscribe(3, 'UP-75', 20);

    const days = await d.core.daily.days([
      statsDate(today - 2 * DAY),
      statsDate(today - DAY),
      statsDate(today),
    ]);
    expect(days.map((x) => [x.new, x.lost, x.back])).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);

    const f = await deskFigures(
      { ...d.core, digestSlots: d.core.config.digestSlots, now: () => today },
      'hi',
      d.core.i18n.forLang('hi'),
    );
    expect(f.days).toHaveLength(FIGURE_DAYS);
    expect(f.days.at(-1)).toBe(statsDate(today));
    expect(f.readers.slice(-4)).toEqual([0, 2, 2, 3]);
    expect(f.newReaders.slice(-3)).toEqual([2, 1, 1]);
    expect(f.lostReaders.slice(-3)).toEqual([0, 1, 0]);
    expect(f.topSeats.map((s) => [s.name, s.count])).toEqual([
      [SEATS.hathras.nameHi, 2],
      [SEATS.ghazipur.nameHi, 1],
    ]);
    expect(f.byState).toEqual([{ state: 'UP', name: 'उत्तर प्रदेश', count: 3 }]);
    expect(f.digestSlots.map((s) => s.readers)).toEqual([3, 0, 0]);
    expect(f.dayLabels.at(-1)).toBe('30 नवंबर');
  });

  it('when a delivery starts, then today counts one more on the charts page and in the figures', async () => {
    const cookie = await d.signIn(OWNER);
    type Answer = { figures: { deliveries: number[] } };
    const figures = async () =>
      (await (await d.app.request('/desk/api/figures', { headers: d.headers(cookie) })).json()) as Answer;
    const before = await figures();
    await d.core.subscribers.ensureChat(11);
    await d.core.deliveries.create({
      content: { kind: 'text', text: 'परीक्षण संदेश' },
      target: { kind: 'all' },
      createdBy: String(OWNER),
    });
    const after = await figures();
    expect(after.figures.deliveries.at(-1)).toBe((before.figures.deliveries.at(-1) ?? 0) + 1);
    const page = await d.app.request('/desk/charts', { headers: d.headers(cookie) });
    const html = await page.text();
    expect(html).toContain('id="today-deliveries" data-count="1"');
    expect(html).toContain('<canvas id="chart-deliveries"');
    expect(html).toContain('/desk/assets/chart.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const chartJs = await d.app.request('/desk/assets/chart.js');
    expect(chartJs.status).toBe(200);
    expect((await chartJs.text()).length).toBeGreaterThan(100_000);
  });

  it('when the charts are drawn on the server, then the picture is a PNG with all six charts', async () => {
    const f = await deskFigures(
      { ...d.core, digestSlots: d.core.config.digestSlots, now: () => d.clock.now },
      'hi',
      d.core.i18n.forLang('hi'),
    );
    const png = await renderFiguresPng(f, webT(d.core.i18n, 'hi'));
    expect(pngSize(png)).toEqual({ width: 1280, height: 1080 });
    // Each of the six cells (two columns of 640 × 360) has something drawn in it, not a blank field.
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const image = await loadImage(Buffer.from(png));
    const canvas = createCanvas(1280, 1080);
    const ctx2d = canvas.getContext('2d');
    ctx2d.drawImage(image, 0, 0);
    for (let cell = 0; cell < 6; cell++) {
      const x = (cell % 2) * 640;
      const y = Math.floor(cell / 2) * 360;
      const { data } = ctx2d.getImageData(x, y, 640, 360);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4)
        if ((data[i] as number) < 200 || (data[i + 1] as number) < 200 || (data[i + 2] as number) < 200)
          inked++;
      expect(inked, `cell ${cell}`).toBeGreaterThan(500);
    }
    const cookie = await d.signIn(OWNER);
    const res = await d.app.request('/desk/charts.png', { headers: d.headers(cookie) });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1280, height: 1080 });
  });
});

describe('/stats in Telegram', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('when an admin asks for /stats, then the text is followed by the charts as a PNG photo', async () => {
    await h.message(1001, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/stats');
    const photo = h.sent('sendPhoto');
    expect(photo).toHaveLength(1);
    expect(photo[0]?.payload.chat_id).toBe(ADMIN_ID);
    expect(photo[0]?.payload.caption).toBe(h.deps.i18n.t('hi', 'admin.stats-chart'));
    const file = photo[0]?.payload.photo as InputFile;
    expect(file).toBeInstanceOf(InputFile);
    expect(file.filename).toBe('stats.png');
  });
});
