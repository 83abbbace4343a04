/**
 * Briefing render benchmark: `npm run bench:render`.
 *
 * Builds 10,000 synthetic briefings with a seeded PRNG (same set every run; fictional filler text),
 * from a few paragraphs to well over Telegram's 4096 characters, with bold, italic, links, lists and
 * quotes; parses them through the real validator (timed separately), warms up, then renders each once,
 * alternating Hindi and English, with 20 "also read" candidates. Prints mean/p50/p99/max per briefing
 * and writes `bench/results/render.json` (node version, CPU model, date).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBriefing } from '../src/briefings/parse.js';
import { renderBriefing } from '../src/briefings/render.js';
import { TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from '../src/briefings/split.js';
import type { Briefing } from '../src/briefings/types.js';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createI18n, type Lang } from '../src/i18n/index.js';
import { createRandom } from '../src/util/random.js';
import { machine } from './machine.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const WARMUP = 1_000;
const SEED = 0xb41e_f1;

const random = createRandom(SEED);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

const WORDS = (
  'लोकसभा चुनाव प्रत्याशी मतदान क्षेत्र विधायक जनसभा कार्यकर्ता पार्टी समर्थन प्रचार सीट ' +
  'मतदाता गठबंधन नामांकन रैली बयान आरोप नतीजे ज़िला प्रशासन 2024 BSP SP BJP 🗳️ 📢'
).split(' ');
const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

function sentence(): string {
  const r = random();
  const w = words(4 + int(14));
  if (r < 0.1) return `**${w}**।`;
  if (r < 0.16) return `*${w}*।`;
  if (r < 0.22) return `${words(3)} [${words(3)}](https://example.com/n/${int(9999)}) ${words(2)}।`;
  return `${w}${pick(['।', '।', '।', '?', '!'])}`;
}

function paragraph(): string {
  const r = random();
  if (r < 0.08) return Array.from({ length: 2 + int(5) }, () => `- ${words(3 + int(8))}`).join('\n');
  if (r < 0.12) return `> ${Array.from({ length: 1 + int(3) }, sentence).join(' ')}`;
  return Array.from({ length: 1 + int(6) }, sentence).join(' ');
}

/** Body size: mostly short, one in eight long (several thousand characters, over the limit). */
function body(): string {
  const long = random() < 0.125;
  const n = long ? 30 + int(40) : 2 + int(9);
  return Array.from({ length: n }, paragraph).join('\n\n');
}

const PCS = ['UP-16', 'UP-75', 'UP-17', 'UP-18', 'BR-1', 'MH-1', 'DL-1'];

function file(i: number): string {
  const pcs = [...new Set([pick(PCS), ...(random() < 0.2 ? [pick(PCS)] : [])])];
  const day = 1 + (i % 28);
  const lines = [
    '---',
    `id: bench-${i}`,
    `title: "${words(6 + int(8))} (परीक्षण हेतु काल्पनिक)"`,
    `summary: "${words(12)}।"`,
    `pcs: [${pcs.join(', ')}]`,
    `published_at: 2024-04-${String(day).padStart(2, '0')}T${String(int(24)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:00+05:30`,
    ...(random() < 0.5 ? ['source_url: https://example.com/report'] : []),
    ...(random() < 0.3 ? [`also_read: [{ title: "${words(5)}", url: "https://example.com/a" }]`] : []),
    `tags: ${JSON.stringify([...new Set(words(3).split(' '))])}`,
    '---',
    '',
    body(),
  ];
  return `${lines.join('\n')}\n`;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p50: q(50), p99: q(99), max: s[s.length - 1] ?? 0 };
}

const catalog = loadCatalog();
const i18n = createI18n(fileURLToPath(new URL('../locales', import.meta.url)));

const texts = Array.from({ length: COUNT }, (_, i) => file(i));
const parseUs: number[] = [];
const briefings: Briefing[] = texts.map((text, i) => {
  const t0 = process.hrtime.bigint();
  const r = parseBriefing(text, { file: `bench-${i}.md`, catalog, expectedId: `bench-${i}` });
  parseUs.push(Number(process.hrtime.bigint() - t0) / 1000);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('\n'));
  return r.briefing;
});
const related = briefings.slice(0, 20);
const long = briefings.filter((b) => b.body.length > TELEGRAM_MESSAGE_LIMIT).length;
const bodyChars = stats(briefings.map((b) => b.body.length));

const render = (b: Briefing, lang: Lang) =>
  renderBriefing(b, { lang, i18n, catalog, botUsername: 'ChunavBenchBot', related });
for (let i = 0; i < WARMUP; i++) render(briefings[i % COUNT] as Briefing, i % 2 ? 'en' : 'hi');

const renderUs: number[] = [];
let parts = 0;
let multipart = 0;
let textUnits = 0;
const started = process.hrtime.bigint();
for (let i = 0; i < COUNT; i++) {
  const b = briefings[i] as Briefing;
  const t0 = process.hrtime.bigint();
  const out = render(b, i % 2 ? 'en' : 'hi');
  renderUs.push(Number(process.hrtime.bigint() - t0) / 1000);
  parts += out.parts.length;
  if (out.parts.length > 1) multipart++;
  textUnits += telegramTextLength(out.parts[0] as string);
}
const totalMs = Number(process.hrtime.bigint() - started) / 1e6;

// The same briefings again in the other language: what a fan-out or a repeated /start costs once the
// body's Markdown has been converted (bounded cache of recent bodies).
const repeatUs: number[] = [];
for (let i = COUNT - 200; i < COUNT; i++) render(briefings[i] as Briefing, i % 2 ? 'en' : 'hi');
for (let i = COUNT - 200; i < COUNT; i++) {
  const t0 = process.hrtime.bigint();
  render(briefings[i] as Briefing, i % 2 ? 'hi' : 'en');
  repeatUs.push(Number(process.hrtime.bigint() - t0) / 1000);
}

const r = stats(renderUs);
const rr = stats(repeatUs);
const p = stats(parseUs);
const fmt = (n: number) => n.toFixed(1).padStart(9);
console.log(
  `render benchmark: ${COUNT} briefings, body ${bodyChars.p50} chars median, ${bodyChars.max} max, ` +
    `${long} over ${TELEGRAM_MESSAGE_LIMIT}; hi/en alternating`,
);
console.log('step        mean µs   p50 µs   p99 µs   max µs');
console.log(`render   ${fmt(r.mean)}${fmt(r.p50)}${fmt(r.p99)}${fmt(r.max)}`);
console.log(
  `re-render${fmt(rr.mean)}${fmt(rr.p50)}${fmt(rr.p99)}${fmt(rr.max)}   (same briefing, other language)`,
);
console.log(`parse    ${fmt(p.mean)}${fmt(p.p50)}${fmt(p.p99)}${fmt(p.max)}`);
console.log(
  `rendered ${COUNT} in ${totalMs.toFixed(0)} ms (${Math.round((COUNT / totalMs) * 1000)}/s); ${parts} messages, ${multipart} briefings split`,
);

const out = {
  benchmark: 'render',
  ...machine(),
  briefings: COUNT,
  longBodies: long,
  bodyChars: { mean: Math.round(bodyChars.mean), p50: bodyChars.p50, p99: bodyChars.p99, max: bodyChars.max },
  messages: parts,
  splitBriefings: multipart,
  avgFirstPartChars: Math.round(textUnits / COUNT),
  renderUs: {
    mean: +r.mean.toFixed(2),
    p50: +r.p50.toFixed(2),
    p99: +r.p99.toFixed(2),
    max: +r.max.toFixed(2),
  },
  reRenderUs: {
    mean: +rr.mean.toFixed(2),
    p50: +rr.p50.toFixed(2),
    p99: +rr.p99.toFixed(2),
    max: +rr.max.toFixed(2),
  },
  parseUs: {
    mean: +p.mean.toFixed(2),
    p50: +p.p50.toFixed(2),
    p99: +p.p99.toFixed(2),
    max: +p.max.toFixed(2),
  },
  totalRenderMs: +totalMs.toFixed(1),
};
const dir = fileURLToPath(new URL('./results', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'render.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), path.join(dir, 'render.json'))}`);
