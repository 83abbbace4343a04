import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartConfiguration } from 'chart.js';
import type { DeskFigures } from '../usecases/stats.js';
import type { WebT } from './i18n.js';

/** The font of every chart, in the browser (served from /desk/assets) and in the PNG. */
export const CHART_FONT = 'Noto Sans Devanagari';

const require = createRequire(import.meta.url);

/** Chart.js's browser build, served to the charts page as it ships (no bundler, no CDN). */
export function chartJsFile(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** The bundled Noto Sans Devanagari files (Devanagari and Latin subsets, regular weight). */
export function fontFiles(): { devanagari: string; latin: string } {
  const dir = join(dirname(require.resolve('@fontsource/noto-sans-devanagari/package.json')), 'files');
  return {
    devanagari: join(dir, 'noto-sans-devanagari-devanagari-400-normal.woff2'),
    latin: join(dir, 'noto-sans-devanagari-latin-400-normal.woff2'),
  };
}

/** The names of the charts, in the order the page shows them. */
export const CHART_NAMES = ['readers', 'joined', 'states', 'seats', 'deliveries', 'slots'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

const BLUE = '#2f80c9';
const GREEN = '#2e9d5b';
const RED = '#c94a3a';
const AMBER = '#d08a1f';

/**
 * One chart's Chart.js configuration: the page draws it in the browser, the /stats picture on the
 * server, from the same object (plain JSON, no functions).
 */
export function chartConfig(name: ChartName, f: DeskFigures, t: WebT): ChartConfiguration {
  const days = f.dayLabels;
  const title = (text: string) => ({ display: true, text, font: { size: 16 } });
  const common = { responsive: true, maintainAspectRatio: false, animation: false as const };
  const ints = { beginAtZero: true, ticks: { precision: 0 } };
  switch (name) {
    case 'readers':
      return {
        type: 'line',
        data: { labels: days, datasets: [{ label: t('chart-readers'), data: f.readers, borderColor: BLUE }] },
        options: { ...common, plugins: { title: title(t('chart-readers-title')) }, scales: { y: ints } },
      };
    case 'joined':
      return {
        type: 'bar',
        data: {
          labels: days,
          datasets: [
            { label: t('chart-new'), data: f.newReaders, backgroundColor: GREEN },
            { label: t('chart-lost'), data: f.lostReaders, backgroundColor: RED },
          ],
        },
        options: { ...common, plugins: { title: title(t('chart-joined-title')) }, scales: { y: ints } },
      };
    case 'states':
      return {
        type: 'bar',
        data: {
          labels: f.byState.map((s) => s.name),
          datasets: [
            { label: t('chart-follows'), data: f.byState.map((s) => s.count), backgroundColor: BLUE },
          ],
        },
        options: {
          ...common,
          indexAxis: 'y',
          plugins: { title: title(t('chart-states-title')) },
          scales: { x: ints },
        },
      };
    case 'seats':
      return {
        type: 'bar',
        data: {
          labels: f.topSeats.map((s) => s.name),
          datasets: [
            { label: t('chart-readers'), data: f.topSeats.map((s) => s.count), backgroundColor: AMBER },
          ],
        },
        options: {
          ...common,
          indexAxis: 'y',
          plugins: { title: title(t('chart-seats-title')) },
          scales: { x: ints },
        },
      };
    case 'deliveries':
      return {
        type: 'bar',
        data: {
          labels: days,
          datasets: [{ label: t('chart-deliveries'), data: f.deliveries, backgroundColor: BLUE }],
        },
        options: { ...common, plugins: { title: title(t('chart-deliveries-title')) }, scales: { y: ints } },
      };
    case 'slots':
      return {
        type: 'bar',
        data: {
          labels: f.digestSlots.map((s) => s.label),
          datasets: [
            { label: t('chart-readers'), data: f.digestSlots.map((s) => s.readers), backgroundColor: GREEN },
          ],
        },
        options: { ...common, plugins: { title: title(t('chart-slots-title')) }, scales: { y: ints } },
      };
  }
}
