/**
 * One fuzz run: `count` generated updates POSTed to the program's webhook with bounded concurrency.
 * Shared by the normal suite (a smaller count) and the chaos run (20,000).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogIn } from '../helpers/fixtures.js';
import { createFuzzer } from './generator.js';
import { FUZZ_ADMIN_ID, pool, type WebhookEnv } from './webhook-env.js';

export interface FuzzResult {
  sent: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  /** The slowest update of each category: its time and the start of its text or data. */
  slowest: Record<string, { ms: number; sample: string }>;
  /** The first updates that got an answer other than 200. */
  failures: Array<{ status: number; update: string }>;
  ms: number;
}

export async function runFuzz(
  env: WebhookEnv,
  opts: { count: number; seed: number; concurrency?: number },
): Promise<FuzzResult> {
  // The seats and briefings the program under test has: its own CONTENT_DIR.
  const catalog = catalogIn(env.contentDir);
  const briefingIds = readdirSync(join(env.contentDir, 'briefings'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -3));
  const fuzzer = createFuzzer(opts.seed, {
    adminId: FUZZ_ADMIN_ID,
    botUsername: 'chunav_test_bot',
    pcCodes: catalog.pcs.map((p) => p.code),
    stateCodes: catalog.states.map((s) => s.code),
    briefingIds,
    // Only messages with an inline keyboard can be pressed, as in Telegram.
    botMessages: (chatId) =>
      env.double
        .messages(chatId)
        .filter((m) => m.deleted_time === undefined && hasInlineKeyboard(m.reply_markup))
        .map((m) => m.message_id),
  });
  const byCategory: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const slowest: Record<string, { ms: number; sample: string }> = {};
  const failures: FuzzResult['failures'] = [];
  const t0 = performance.now();
  let sent = 0;
  await pool(range(opts.count), opts.concurrency ?? 16, async () => {
    const c = fuzzer.next();
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
    let status: number;
    const started = performance.now();
    try {
      status = (await env.push(c.input)).status;
    } catch (err) {
      status = 0;
      byStatus[`error ${(err as Error).message}`] = (byStatus[`error ${(err as Error).message}`] ?? 0) + 1;
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status !== 200 && failures.length < 20)
      failures.push({ status, update: JSON.stringify(c.input).slice(0, 800) });
    const took = performance.now() - started;
    const slow = slowest[c.category];
    if (!slow || slow.ms < took) slowest[c.category] = { ms: Math.round(took), sample: describe(c.input) };
    sent++;
  });
  return { sent, byCategory, byStatus, slowest, failures, ms: Math.round(performance.now() - t0) };
}

function describe(input: unknown): string {
  const i = input as { text?: string; data?: string };
  const s = i.text ?? i.data ?? JSON.stringify(input);
  return `${s.length} units: ${JSON.stringify(s.slice(0, 40))}`;
}

function hasInlineKeyboard(markup: unknown): boolean {
  const kb = (markup as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard;
  return Array.isArray(kb) && kb.length > 0;
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
