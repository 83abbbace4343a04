/**
 * The broadcast bots `bench/compare.ts` sets against this project: one grammY process that answers
 * /start by long polling and broadcasts from the same process, the way tutorials and plugin docs show.
 *
 *   node --import tsx bench/lib/tutorial-bot.ts <a|b> <apiRoot> <token> <first id> <count> <rate> <paid>
 *
 * a: `bot.start()` and a plain sequential loop of `bot.api.sendMessage` (errors are logged and skipped);
 * b: `@grammyjs/transformer-throttler` and `@grammyjs/auto-retry` on `bot.api`, `@grammyjs/runner`, and
 *    every recipient sent to at once (`Promise.allSettled`); the throttler's global reservoir is set to
 *    `rate` per second (its default is Telegram's 30; a paid broadcaster raises it).
 * With paid = true every broadcast message carries `allow_paid_broadcast`.
 *
 * Reads `go` (start the broadcast) and `stop` (way a: send no more) on stdin; prints `ready`,
 * `started <ms>` and `done <ms> ok=<n> failed=<n>` on stdout. Keeps answering /start until SIGTERM.
 */
import { createInterface } from 'node:readline';
import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot } from 'grammy';

const [way, apiRoot, token, firstRaw, countRaw, rateRaw, paidRaw] = process.argv.slice(2);
if (!(way === 'a' || way === 'b') || !apiRoot || !token) {
  console.error('usage: tutorial-bot.ts <a|b> <apiRoot> <token> <first id> <count> <rate> <paid>');
  process.exit(2);
}
const first = Number(firstRaw);
const count = Number(countRaw);
const rate = Number(rateRaw);
const paid = paidRaw === 'true';
const BROADCAST_TEXT = 'बेंचमार्क संदेश (काल्पनिक): डिलीवरी की रफ्तार की जांच';

const bot = new Bot(token, { client: { apiRoot } });
if (way === 'b') {
  bot.api.config.use(
    apiThrottler({
      global: { reservoir: rate, reservoirRefreshAmount: rate, reservoirRefreshInterval: 1000 },
    }),
  );
  bot.api.config.use(autoRetry());
}
bot.command('start', (ctx) => ctx.reply('नमस्ते! अपनी लोकसभा सीट का नाम लिखें।'));
bot.catch((err) => console.error(`handler error: ${err.message}`));

let stopped = false;
const options = paid ? { allow_paid_broadcast: true } : {};

async function broadcast(): Promise<void> {
  console.log(`started ${Date.now()}`);
  let ok = 0;
  let failed = 0;
  if (way === 'a') {
    for (let i = 0; i < count && !stopped; i++) {
      try {
        await bot.api.sendMessage(first + i, BROADCAST_TEXT, options);
        ok++;
      } catch (err) {
        failed++;
        console.error(`send to ${first + i} failed: ${(err as Error).message}`);
      }
    }
  } else {
    const ids = Array.from({ length: count }, (_, i) => first + i);
    const results = await Promise.allSettled(
      ids.map((id) => bot.api.sendMessage(id, BROADCAST_TEXT, options)),
    );
    for (const r of results) if (r.status === 'fulfilled') ok++;
    failed = results.length - ok;
  }
  console.log(`done ${Date.now()} ok=${ok} failed=${failed}`);
}

const stdin = createInterface({ input: process.stdin });
// The benchmark stops this process when it has its figures; sends still in flight are abandoned.
process.once('SIGTERM', () => process.exit(0));
stdin.on('line', (line) => {
  if (line === 'go') void broadcast();
  if (line === 'stop') stopped = true;
});

if (way === 'a') {
  void bot.start({ onStart: () => console.log('ready') });
} else {
  await bot.init();
  run(bot);
  console.log('ready');
}
