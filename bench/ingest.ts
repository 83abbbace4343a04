/**
 * Feed ingest cost: `npm run -s bench:ingest`. Small on purpose (a few seconds).
 *
 * Builds a made-up Hindi RSS feed of 200 test items (each says it is a test; about 2,000 characters
 * of HTML apiece, ~1 MB in all), then measures parsing it (feedsmith), cleaning and tagging every item
 * (HTML to the body's Markdown, summary, seats), and the memory a poll of it adds. Prints a table and
 * writes `bench/results/ingest.json`. The target: a full feed of 200 items parsed and cleaned in well
 * under a second, so that one worker can poll hundreds of feeds every two minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/catalog.js';
import { createTagger } from '../src/catalog/tagger.js';
import { cleanStory } from '../src/ingest/draft-fields.js';
import { parseFeedDocument } from '../src/ingest/parse.js';
import { machine } from './machine.js';

const ITEMS = 200;
const RUNS = 10;
const TARGET_MS = 1000;
const SEATS = ['हाथरस', 'गाजीपुर', 'वाराणसी', 'मथुरा', 'अलीगढ़', 'सिकंदराराऊ', 'पटना साहिब', 'लखनऊ'];

function feed(): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const seat = SEATS[i % SEATS.length] ?? 'हाथरस';
    const para = `<p>यह परीक्षण की काल्पनिक खबर ${i} है: ${seat} में <b>मतदान</b> की तैयारी, <a href="https://news.example.test/${i}">पूरी खबर</a>।</p>`;
    items.push(`<item><title>परीक्षण ${i}: ${seat} की खबर</title>
<link>https://news.example.test/story/${i}</link><guid>test-${i}</guid>
<pubDate>${new Date().toUTCString()}</pubDate>
<description><![CDATA[<p>परीक्षण का सार ${i}: ${seat} में सभा।</p>]]></description>
<content:encoded><![CDATA[${para.repeat(8)}<script>x()</script>]]></content:encoded>
<media:content url="https://news.example.test/img/${i}.jpg" medium="image"/></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>परीक्षण</title><link>https://news.example.test/</link><description>परीक्षण</description>${items.join('\n')}</channel></rss>`;
}

function main(): void {
  const tag = createTagger(loadCatalog());
  const text = feed();
  const parseTimes: number[] = [];
  const cleanTimes: number[] = [];
  let drafted = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  for (let run = 0; run < RUNS + 2; run++) {
    const t0 = performance.now();
    const parsed = parseFeedDocument(text);
    const t1 = performance.now();
    if (!parsed.ok) throw new Error(`bench feed did not parse: ${parsed.problem}`);
    let ok = 0;
    for (const item of parsed.items) if (cleanStory(item, tag, { acceptSuggestion: true }).ok) ok++;
    const t2 = performance.now();
    // The first two runs warm the JIT and the tagger's caches.
    if (run >= 2) {
      parseTimes.push(t1 - t0);
      cleanTimes.push(t2 - t1);
      drafted = ok;
    }
  }
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const parseMs = Math.round(median(parseTimes));
  const cleanMs = Math.round(median(cleanTimes));
  const rows: Array<[string, string | number]> = [
    ['feed size (KB)', Math.round(Buffer.byteLength(text) / 1024)],
    ['items', ITEMS],
    ['parse, median (ms)', parseMs],
    ['clean + tag all items, median (ms)', cleanMs],
    ['per item (ms)', Math.round((cleanMs / ITEMS) * 100) / 100],
    ['items that became drafts', drafted],
    ['heap growth over the runs (MB)', Math.round(heapMb)],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(36)} ${value}`);
  const total = parseMs + cleanMs;
  console.log(
    `target: a ${ITEMS}-item feed in under ${TARGET_MS} ms ${total < TARGET_MS ? 'met' : 'MISSED'} (${total} ms)`,
  );

  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/ingest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ ...machine(), items: ITEMS, feed_bytes: Buffer.byteLength(text), runs: RUNS, parse_ms: parseMs, clean_ms: cleanMs, target_ms: TARGET_MS }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main();
