import type { ChartConfiguration, Plugin } from 'chart.js';
import type { DeskFigures } from '../usecases/stats.js';
import { CHART_FONT, CHART_NAMES, chartConfig, fontFiles } from './charts.js';
import type { WebT } from './i18n.js';

/** Size of one chart in the /stats picture, and the grid they are laid out in. */
const CELL = { width: 640, height: 360 };
const COLUMNS = 2;

type Modules = {
  canvas: typeof import('@napi-rs/canvas');
  Chart: typeof import('chart.js').Chart;
};
let loaded: Promise<Modules> | undefined;

/**
 * Chart.js and the Skia canvas, loaded on the first picture: a worker process never pays for them.
 * The bundled Devanagari font is registered once, so the picture reads the same on any machine.
 */
function load(): Promise<Modules> {
  loaded ??= (async () => {
    const [canvas, chart] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
    chart.Chart.register(...chart.registerables);
    const files = fontFiles();
    canvas.GlobalFonts.registerFromPath(files.devanagari, CHART_FONT);
    canvas.GlobalFonts.registerFromPath(files.latin, CHART_FONT);
    chart.Chart.defaults.font.family = CHART_FONT;
    return { canvas, Chart: chart.Chart };
  })();
  return loaded;
}

/** Paints the chart area white first: a PNG is transparent otherwise, and Telegram shows it on black. */
const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * The six charts of the desk in one PNG (two columns), drawn on the server with the same Chart.js
 * configurations the charts page uses: the picture /stats sends to Telegram.
 */
export async function renderFiguresPng(figures: DeskFigures, t: WebT): Promise<Buffer> {
  const { canvas, Chart } = await load();
  const rows = Math.ceil(CHART_NAMES.length / COLUMNS);
  const sheet = canvas.createCanvas(CELL.width * COLUMNS, CELL.height * rows);
  const out = sheet.getContext('2d');
  out.fillStyle = '#ffffff';
  out.fillRect(0, 0, sheet.width, sheet.height);
  for (const [i, name] of CHART_NAMES.entries()) {
    const cell = canvas.createCanvas(CELL.width, CELL.height);
    const config = chartConfig(name, figures, t) as ChartConfiguration;
    config.options = { ...config.options, responsive: false, animation: false };
    config.plugins = [whiteBackground];
    // Chart.js takes any object with getContext('2d'); Skia's canvas is one.
    const chart = new Chart(cell as unknown as ConstructorParameters<typeof Chart>[0], config);
    out.drawImage(cell, (i % COLUMNS) * CELL.width, Math.floor(i / COLUMNS) * CELL.height);
    chart.destroy();
  }
  return sheet.encode('png');
}
