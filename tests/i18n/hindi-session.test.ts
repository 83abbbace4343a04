import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import type { Delivery } from '../../src/store/deliveries.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { progressView } from '../../src/telegram/progress-view.js';
import { fictional, ist } from '../digest/digest-env.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { testCatalog } from '../helpers/fixtures.js';
import { textProblems } from './hindi-text.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 7101;
/** The language chooser is bilingual on purpose, and offers each language by its own name. */
const CHOOSER = ['भाषा चुनिए / Choose your language', 'English', '(हिंदी / English)'];

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };

/** Every text a chat was shown: messages, edits, button labels and toasts. */
function shown(chatId: number): string[] {
  const out: string[] = [];
  for (const c of h.calls) {
    const p = c.payload;
    if (c.method === 'answerCallbackQuery') {
      if (p.text) out.push(String(p.text));
      continue;
    }
    if (p.chat_id !== chatId) continue;
    if (p.text !== undefined) out.push(String(p.text));
    for (const row of (p.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [])
      for (const b of row) out.push(b.text);
  }
  return out;
}

function lastKeyboard(): Keyboard {
  return h.sent('sendMessage').at(-1)?.payload.reply_markup as Keyboard;
}

function problemsIn(texts: string[]): string[] {
  // Seat codes (UP-16) are codes; the test catalogue names its filler seats "परीक्षण सीट UP-1".
  return texts.flatMap((t) =>
    textProblems(t.replace(/\b[A-Z]{2}-\d{1,3}\b/g, ' '), 'hi', CHOOSER).map((p) => `${p} in: ${t}`),
  );
}

describe('a Hindi reader and a Hindi editor meet no English (real code, offline bot)', () => {
  it('when a reader goes through every screen, then every message, button and toast reads as Hindi', async () => {
    await h.message(READER, '/start');
    await h.message(READER, '/help');
    await h.message(READER, 'हाथरस');
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-16' }));
    await h.message(READER, 'सिकंदराराऊ');
    await h.message(READER, 'कोईऐसीसीटनहीं');
    await h.message(READER, '/subscribe');
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 0 }));
    await h.callback(READER, encodeCallback({ kind: 'state', state: 'UP', page: 1 }));
    await h.callback(READER, encodeCallback({ kind: 'sub', pc: 'UP-75' }));
    await h.message(READER, '/mysubs');
    await h.message(READER, '/latest');
    await h.message(READER, '/digest');
    await h.callback(READER, encodeCallback({ kind: 'quiet', on: false }));
    await h.callback(READER, encodeCallback({ kind: 'quiet', on: true }));
    await h.callback(READER, encodeCallback({ kind: 'digest', slot: 'off' }));
    await h.message(READER, '/unsubscribe गाजीपुर');
    await h.message(READER, '/unsubscribe रामपुरा');
    await h.message(READER, '/language');
    await h.message(READER, '/nosuchcommand');
    await h.message(READER, '/start pc_ZZ-99');
    await h.callback(READER, 'b:stale');
    const texts = shown(READER);
    expect(texts.length).toBeGreaterThan(60);
    expect(problemsIn(texts)).toEqual([]);
  });

  it('when an editor publishes, broadcasts, schedules, lists and reads figures, then every text reads as Hindi', async () => {
    await h.message(READER, '/start pc_UP-16');
    await h.message(ADMIN_ID, '/help');
    await h.message(ADMIN_ID, '/publish');
    await h.message(ADMIN_ID, '/publish कोईब्रीफिंगनहीं');
    await h.message(ADMIN_ID, '/publish हाथरस');
    await h.callback(ADMIN_ID, lastKeyboard().inline_keyboard[0]?.[0]?.callback_data as string);
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'states', code: '-' }));
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'state', code: 'UP' }));
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक)');
    await h.callback(ADMIN_ID, lastKeyboard().inline_keyboard[0]?.[1]?.callback_data as string);
    await h.message(ADMIN_ID, 'जल्दी भेजो');
    await h.message(ADMIN_ID, 'सुबह 18:30');
    await h.message(ADMIN_ID, '31/11 18:30');
    await h.message(ADMIN_ID, '2020-01-01 10:00');
    await h.message(ADMIN_ID, 'परसों शाम 6 बजे');
    await h.callback(ADMIN_ID, lastKeyboard().inline_keyboard[0]?.[0]?.callback_data as string);
    await h.message(ADMIN_ID, '/scheduled');
    const texts = shown(ADMIN_ID);
    expect(texts.length).toBeGreaterThan(30);
    // The screens this walked through really were shown (a flood-limit answer would not be them).
    expect(texts.some((t) => t.startsWith('भेजने का समय: <b>परसों, '))).toBe(true);
    expect(texts.some((t) => t.startsWith('समय तय हो गया।'))).toBe(true);
    expect(texts.some((t) => t.startsWith('डिलीवरी: <code>'))).toBe(true);
    expect(problemsIn(texts)).toEqual([]);
  });

  // A second test, not more of the first: the per-user flood limit (20 updates in 10 s) would answer instead.
  it('when an editor broadcasts to a seat, drops a draft, tries /correct and reads /stats, then every text reads as Hindi', async () => {
    await h.message(READER, '/start pc_UP-75');
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'pc', code: '-' }));
    await h.message(ADMIN_ID, 'गाजीपुर');
    await h.message(ADMIN_ID, 'दूसरा परीक्षण संदेश (काल्पनिक)');
    await h.callback(ADMIN_ID, lastKeyboard().inline_keyboard[1]?.[0]?.callback_data as string);
    await h.message(ADMIN_ID, '/correct');
    await h.message(ADMIN_ID, '/correct d0000000000');
    await h.message(ADMIN_ID, '/stats');
    await h.message(ADMIN_ID, '/cancel');
    const texts = shown(ADMIN_ID);
    expect(texts.length).toBeGreaterThan(15);
    expect(texts.some((t) => t.startsWith('<b>आंकड़े</b>'))).toBe(true);
    expect(texts).toContain('मसौदा छोड़ दिया गया। कुछ नहीं भेजा गया।');
    expect(problemsIn(texts)).toEqual([]);
  });

  it('when a digest and every progress state are rendered in Hindi, then they read as Hindi', () => {
    const catalog = testCatalog();
    const digest = composeDigest({
      briefings: [
        fictional('t-h1', { kind: 'pcs', pcs: ['UP-16'] }, ist('2024-05-20', '05:00'), 'एक'),
        fictional('t-s1', { kind: 'state', state: 'UP' }, ist('2024-05-20', '04:00'), 'दो'),
        fictional('t-n1', { kind: 'national' }, ist('2024-05-20', '03:00'), 'तीन'),
      ],
      reader: { lang: 'hi', pcs: ['UP-16'] },
      i18n: h.deps.i18n,
      catalog,
      botUsername: 'chunav_test_bot',
      slot: '07:00',
      at: ist('2024-05-20', '07:00'),
      more: true,
    });
    const base: Delivery = {
      id: 'd1a2b3c4d5',
      content: { kind: 'text', text: 'x' },
      target: { kind: 'all' },
      createdBy: '1',
      createdAt: 0,
      startedAt: 1_000,
      finishedAt: 61_000,
      status: 'running',
      total: 1234,
      sent: 1000,
      blocked: 10,
      failed: 2,
      skipped: 3,
      fanoutDone: false,
    };
    const views = (['scheduled', 'running', 'paused', 'cancelled', 'done'] as const).flatMap((status) =>
      [true, false].map((fanoutDone) => progressView({ ...base, status, fanoutDone }, 'hi', h.deps.i18n, 30)),
    );
    const texts = [
      digest as string,
      ...views.flatMap((v) => [v.text, ...(v.keyboard?.inline_keyboard.flat().map((b) => b.text) ?? [])]),
    ];
    expect(digest).toMatch(/^<b>🗞 सुबह का सार · 20 मई<\/b>/);
    expect(problemsIn(texts)).toEqual([]);
  });
});
