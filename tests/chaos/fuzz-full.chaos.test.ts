import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/run-fuzz.js';
import {
  badLogLines,
  findSecrets,
  rejectedCalls,
  startWebhookEnv,
  type WebhookEnv,
} from '../fuzz/webhook-env.js';

/**
 * The webhook fuzz of tests/fuzz (20,000 updates there too) with another seed, while the Bot API double
 * answers some calls with 429, 5xx or a dropped connection: the bot must keep answering its webhook,
 * log no error, make no call Telegram would refuse, and leak no secret in what it logs about failures.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 7_654_321);

let env: WebhookEnv;
beforeAll(async () => {
  env = await startWebhookEnv({ seed: 21 });
});
afterAll(async () => {
  await env?.close();
});

describe('webhook fuzz under Bot API faults (built program, webhook mode)', () => {
  it(`when ${COUNT} random updates are posted while Telegram fails now and then, then the bot keeps answering and logs no error or secret`, async () => {
    env.double.configure({
      faults: {
        p429: 0.01,
        retryAfter: 1,
        p5xx: 0.02,
        pDropBeforeRecord: 0.01,
        pDropAfterRecord: 0.01,
        methods: ['sendMessage', 'editMessageText', 'answerCallbackQuery'],
      },
    });
    const result = await runFuzz(env, { count: COUNT, seed: SEED, concurrency: 16 });
    env.double.configure({ faults: null });
    await sleep(1000);
    const stats = env.double.stats();
    const { rejected, notModified } = rejectedCalls(env.double);
    // What the double refused on its own: anything but the injected 429s, 5xx and dropped connections.
    const refused = rejected.filter((c) => c.dropped === undefined && c.status !== 429 && c.status < 500);
    console.log(
      `fuzz under faults: ${result.sent} updates in ${result.ms} ms, replies ${stats.messages.sent}, ` +
        `statuses ${JSON.stringify(result.byStatus)}, injected 429 ${stats.injected429}, 5xx ${stats.serverErrors}, ` +
        `drops ${stats.drops.total}, refused ${refused.length}, not-modified ${notModified}`,
    );
    for (const f of result.failures.slice(0, 5)) console.log('non-200 answer:', JSON.stringify(f));
    for (const c of refused.slice(0, 5)) console.log('refused call:', JSON.stringify(c).slice(0, 600));

    expect(result.byStatus).toEqual({ 200: COUNT });
    expect(env.program.child.exitCode).toBeNull();
    expect(badLogLines(env.program.output)).toEqual([]);
    expect(refused).toEqual([]);

    const chat = 830_000_001;
    await env.push({ type: 'message', chat_id: chat, text: '/start' });
    expect(env.double.messages(chat)[0]?.text).toContain('स्वागत');

    const found = await findSecrets(env.program.output, env.redisEnv.redis, env.redisEnv.prefix);
    expect(found.logHits).toEqual([]);
    expect(found.redisHits).toEqual([]);
  });
});
