import { setTimeout as sleep } from 'node:timers/promises';
import { parseTelegramHtml, type RecordedMessage } from '@chunav/bot-api-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BRIEFINGS, type TestContent, writeContent } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/wait.js';
import {
  badLogLines,
  FUZZ_ADMIN_ID,
  findSecrets,
  rejectedCalls,
  startWebhookEnv,
  type WebhookEnv,
} from './webhook-env.js';

const FIXTURE_ID = '2024-fixture-escaping-test';
const SCRIPT = '<script>alert(1)</script>';
const JS_LINK = '<a href="javascript:alert(1)">x</a>';

/** A made-up briefing whose title, summary and body carry markup that must reach readers as text. */
const FIXTURE = `---
id: ${FIXTURE_ID}
title: "Made-up test fixture ${SCRIPT} & ${JS_LINK.replaceAll('"', '\\"')}"
summary: "This is a made-up test fixture, not news: ${SCRIPT}, ${JS_LINK.replaceAll('"', '\\"')} & a stray & ampersand."
pcs: [UP-16]
published_at: 2024-05-05T10:00:00+05:30
tags: [test fixture]
---

This is a made-up test fixture, not a real briefing. Script tag as text: \\<script>alert(1)\\</script>.

A link as text: \\<a href="javascript:alert(1)">x\\</a> and a stray & ampersand, AT&T, 1 < 2 > 0.
`;

const READER = 820_000_001;
const ADMIN = FUZZ_ADMIN_ID;

let env: WebhookEnv;
let content: TestContent;

beforeAll(async () => {
  // The tests' own slice and briefings, plus the fixture.
  content = writeContent({
    briefings: [...Object.values(TEST_BRIEFINGS), { id: FIXTURE_ID, text: FIXTURE }],
  });
  env = await startWebhookEnv({ role: 'all', seed: 13, env: { CONTENT_DIR: content.dir } });
}, 60_000);

afterAll(async () => {
  await env?.close();
  content?.remove();
});

/** Sends a private message and returns the messages the bot sent to that chat because of it. */
async function say(chat: number, text: string): Promise<RecordedMessage[]> {
  const before = env.double.messages(chat).length;
  const { status } = await env.push({ type: 'message', chat_id: chat, text });
  expect(status).toBe(200);
  return env.double.messages(chat).slice(before);
}

/** Presses the button whose callback data matches `re` on the chat's newest message that has it. */
async function press(chat: number, re: RegExp): Promise<string> {
  const msg = env.double
    .messages(chat)
    .filter((m) => buttons(m).some((d) => re.test(d)))
    .at(-1);
  const data = msg ? buttons(msg).find((d) => re.test(d)) : undefined;
  if (!msg || !data) throw new Error(`no button matching ${re} in chat ${chat}`);
  const { status } = await env.push({ type: 'callback', chat_id: chat, message_id: msg.message_id, data });
  expect(status).toBe(200);
  return data;
}

function buttons(m: RecordedMessage): string[] {
  const kb = (m.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)
    ?.inline_keyboard;
  return (kb ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}

/** What the reader sees (entities parsed as Telegram would), plus the links in it. */
function shown(m: RecordedMessage): { text: string; urls: string[] } {
  if (m.parse_mode?.toLowerCase() !== 'html') return { text: m.text ?? '', urls: [] };
  const parsed = parseTelegramHtml(m.text ?? '');
  return {
    text: parsed.text,
    urls: parsed.entities.flatMap((e) => ('url' in e && e.url ? [e.url] : [])),
  };
}

function expectShownAsText(m: RecordedMessage | undefined, pieces: string[]): void {
  expect(m).toBeDefined();
  const view = shown(m as RecordedMessage);
  for (const p of pieces) expect(view.text).toContain(p);
  expect(view.urls.filter((u) => !/^(https:|tg:|https?:\/\/t\.me\/)/.test(u))).toEqual([]);
  // In HTML mode the markup must arrive as entities (&lt;); without a parse mode the text is plain.
  if (m?.parse_mode?.toLowerCase() === 'html') {
    expect(m.text).not.toContain('<script');
    expect(m.text).not.toMatch(/href="javascript:/i);
  }
}

describe('markup in briefings and admin text reaches readers escaped (built program, all roles, webhook)', () => {
  it('when a briefing with <script>, a javascript: link and stray & in title, summary and body is published, then the reader gets them as text', async () => {
    expect((await say(READER, '/start pc_UP-16')).at(-1)?.text).toContain('हाथरस');
    const preview = await say(ADMIN, `/publish ${FIXTURE_ID}`);
    expectShownAsText(
      preview.find((m) => m.text?.includes('Made-up test fixture')),
      [SCRIPT, JS_LINK, ' & ', 'AT&T'],
    );
    const before = env.double.messages(READER).length;
    await press(ADMIN, /^dv:send:/);
    const got = (await env.double.waitForMessages(READER, before + 1, 20_000)).slice(before);
    const briefing = got.find((m) => m.text?.includes('Made-up test fixture'));
    expectShownAsText(briefing, [SCRIPT, JS_LINK, 'a stray & ampersand', 'AT&T', '1 < 2 > 0']);
    expect(briefing?.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // The list of newest briefings shows the title (a link to the bot) escaped as well.
    const latest = (await say(READER, '/latest')).at(-1);
    expectShownAsText(latest, [
      `Made-up test fixture ${SCRIPT} & ${JS_LINK}`,
      `not news: ${SCRIPT}, ${JS_LINK} & a stray & ampersand.`,
    ]);
  });

  it('when an admin broadcasts a text with the same markup, then readers get it as text, also after a network failure', async () => {
    await say(ADMIN, '/broadcast');
    await press(ADMIN, /^tg:all:/);
    const text = `Made-up test broadcast: ${SCRIPT} ${JS_LINK} & stray & AT&T`;
    const preview = await say(ADMIN, text);
    expectShownAsText(
      preview.find((m) => m.text?.startsWith('Made-up test broadcast')),
      [SCRIPT, JS_LINK],
    );
    // Telegram unreachable for a moment while the delivery starts: the bot's and the worker's requests
    // fail with network errors (whose messages carry the request URL, token included), then recover.
    env.double.configure({ faults: { pDropBeforeRecord: 1, methods: ['sendMessage'] } });
    const before = env.double.messages(READER).length;
    const dropsBefore = env.double.stats().drops.beforeRecord;
    await press(ADMIN, /^dv:send:/);
    // The outage lasts until the delivery's own send to the reader has been dropped at least once.
    await waitFor(
      () =>
        env.double
          .calls('sendMessage')
          .some((c) => c.dropped === 'before-record' && Number(c.params.chat_id) === READER),
      { timeoutMs: 20_000, what: 'a dropped send to the reader during the outage' },
    );
    expect(env.double.stats().drops.beforeRecord).toBeGreaterThan(dropsBefore);
    env.double.configure({ faults: null });
    const got = (await env.double.waitForMessages(READER, before + 1, 30_000)).slice(before);
    const message = got.find((m) => m.text?.startsWith('Made-up test broadcast'));
    expectShownAsText(message, [text]);
  }, 60_000);

  it('when all that ran at LOG_LEVEL=debug, then every Bot API call was valid, no error was logged and no secret is in logs, Redis or job data', async () => {
    await sleep(500);
    const { rejected } = rejectedCalls(env.double);
    // Only the dropped connections of the fault window, which are not answers from Telegram.
    expect(rejected.filter((c) => c.dropped === undefined)).toEqual([]);
    expect(rejected.length).toBeGreaterThan(0);
    expect(badLogLines(env.program.output)).toEqual([]);
    expect(env.program.output.some((l) => l.includes('Network request'))).toBe(true);
    const found = await findSecrets(env.program.output, env.redisEnv.redis, env.redisEnv.prefix);
    console.log(
      `secrets scan (publish + broadcast + network failure): ${env.program.output.length} log lines, ` +
        `${found.keysScanned} Redis keys, hits ${found.logHits.length + found.redisHits.length}`,
    );
    expect(found.keysScanned).toBeGreaterThan(10);
    expect(found.logHits).toEqual([]);
    expect(found.redisHits).toEqual([]);
  });
});
