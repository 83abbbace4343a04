import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BOT_INFO } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupeKey } from '../../src/bot/dedupe.js';
import { holdsFor, waitFor } from '../helpers/wait.js';
import { runFuzz } from './run-fuzz.js';
import { badLogLines, findSecrets, rejectedCalls, startWebhookEnv, type WebhookEnv } from './webhook-env.js';

/**
 * 20,000 updates take about 40 s here (about 550 updates/s), so the normal suite runs them all;
 * FUZZ_COUNT lowers it for a quick run. `npm run test:chaos` repeats the fuzz under Bot API faults
 * (tests/chaos/fuzz-full.chaos.test.ts).
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240604);

let env: WebhookEnv;
beforeAll(async () => {
  env = await startWebhookEnv({ seed: 9 });
}, 60_000);
afterAll(async () => {
  await env?.close();
});

const BOT_ID = DEFAULT_BOT_INFO.id;

describe('webhook auth and repeated updates (built program, webhook mode, HTTP double)', () => {
  it('when a POST has no secret header or a wrong one, then it gets 401 and the update is not processed', async () => {
    const chat = 810_000_001;
    const update = env.double.pushUpdate({ type: 'message', chat_id: chat, text: '/start' });
    expect(await env.post(update, { secret: null })).toBe(401);
    expect(await env.post(update, { secret: 'wrong-secret' })).toBe(401);
    expect(await env.post(update, { secret: '' })).toBe(401);
    // Nothing was taken: no dedupe claim for the update. Not a sleep: with no claim the update was never
    // handled, and this bounded watch only looks for a reply that should not exist.
    const key = dedupeKey(env.redisEnv.prefix, BOT_ID, update.update_id);
    expect(await env.redisEnv.redis.exists(key)).toBe(0);
    await holdsFor(() => env.double.messages(chat).length === 0, { forMs: 300, what: 'no reply to a 401' });
    // The same update with the right secret is processed: the checks above can fail.
    expect(await env.post(update)).toBe(200);
    expect(env.double.messages(chat)).toHaveLength(1);
    expect(await env.redisEnv.redis.exists(key)).toBe(1);
  });

  it('when the same update_id is posted twice, and another five times at once, then each gets exactly one reply', async () => {
    const a = 810_000_002;
    const first = env.double.pushUpdate({ type: 'message', chat_id: a, text: '/start' });
    expect(await env.post(first)).toBe(200);
    expect(await env.post(first)).toBe(200);
    const b = 810_000_003;
    const second = env.double.pushUpdate({ type: 'message', chat_id: b, text: '/help' });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => env.post(second)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // Every POST has been answered, and the webhook answers after handling: the replies are in, and each
    // repeat was logged as dropped.
    await waitFor(() => env.program.output.filter((l) => l.includes('repeated update dropped')).length >= 5, {
      timeoutMs: 5000,
      what: 'five repeats logged as dropped',
    });
    expect(env.program.output.filter((l) => l.includes('repeated update dropped'))).toHaveLength(5);
    // Not a sleep: the five drops above account for every repeat; this bounded watch only looks for a
    // second reply that should not exist.
    await holdsFor(() => env.double.messages(a).length === 1 && env.double.messages(b).length === 1, {
      forMs: 300,
      what: 'exactly one reply to each update',
    });
  });
});

describe('webhook fuzz (built program, webhook mode, HTTP double)', () => {
  it(`when ${COUNT} random updates are posted to the webhook, then nothing crashes, every call to Telegram is valid and /start still works`, async () => {
    const before = env.double.stats().messages.sent;
    const result = await runFuzz(env, { count: COUNT, seed: SEED, concurrency: 16 });
    await sleep(500);
    const stats = env.double.stats();
    const { rejected, notModified } = rejectedCalls(env.double);
    const warnings = env.program.output.filter((l) => l.includes('"update failed"'));
    console.log(
      `fuzz: ${result.sent} updates in ${result.ms} ms (${Math.round((result.sent * 1000) / result.ms)}/s), ` +
        `replies ${stats.messages.sent - before}, edits ${stats.messages.edits}, calls ${JSON.stringify(stats.calls.byMethod)}, ` +
        `statuses ${JSON.stringify(result.byStatus)}, categories ${JSON.stringify(result.byCategory)}, ` +
        `rejected ${rejected.length}, not-modified ${notModified}, update-failed warnings ${warnings.length}`,
    );
    console.log('slowest per category:', JSON.stringify(result.slowest));
    for (const f of result.failures) console.log('non-200 answer:', JSON.stringify(f));
    for (const l of badLogLines(env.program.output).slice(0, 5))
      console.log('bad log line:', l.slice(0, 1500));
    for (const c of rejected.slice(0, 5)) console.log('rejected call:', JSON.stringify(c).slice(0, 600));
    for (const w of warnings.slice(0, 5)) console.log('warning:', w.slice(0, 600));

    expect(result.byStatus).toEqual({ 200: COUNT });
    expect(env.program.child.exitCode).toBeNull();
    expect(badLogLines(env.program.output)).toEqual([]);
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(stats.messages.sent - before).toBeGreaterThan(COUNT / 4);

    // Still answering normally.
    const chat = 810_000_099;
    await env.push({ type: 'message', chat_id: chat, text: '/start' });
    expect(env.double.messages(chat)[0]?.text).toContain('स्वागत');
  }, 600_000);

  it('when everything above ran at LOG_LEVEL=debug, and a reply failed on the network, then no token or secret is in the logs or in Redis', async () => {
    // A dropped connection: the HTTP client's error message carries the request URL, token included.
    // auto-retry tries again for a while, so the webhook answer times out first (Telegram would resend).
    env.double.configure({ faults: { pDropBeforeRecord: 1, methods: ['sendMessage'] } });
    const failed = env.program.waitFor(/Network request.*"update failed"/, 45_000);
    await env.push({ type: 'message', chat_id: 810_000_098, text: '/help' });
    console.log('network failure logged as:', (await failed).slice(0, 300));
    env.double.configure({ faults: null });
    const found = await findSecrets(env.program.output, env.redisEnv.redis, env.redisEnv.prefix);
    console.log(
      `secrets scan: ${env.program.output.length} log lines, ${found.keysScanned} Redis keys, ` +
        `hits ${found.logHits.length + found.redisHits.length}`,
    );
    expect(found.keysScanned).toBeGreaterThan(0);
    expect(found.logHits).toEqual([]);
    expect(found.redisHits).toEqual([]);
  }, 90_000);
});
