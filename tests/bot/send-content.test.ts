import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendOutgoing } from '../../src/delivery/outgoing.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { TEST_BRIEFINGS } from '../helpers/fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 6101;
const HATHRAS = TEST_BRIEFINGS.hathras;

/** The sendMessage payloads to `chatId`, as Telegram receives them (after htmlByDefault). */
const payloads = (chatId: number) =>
  h
    .sent('sendMessage')
    .filter((c) => c.payload.chat_id === chatId)
    .map((c) => c.payload);

describe('content shown in the bot is what the workers send', () => {
  it('when a message goes out through sendOutgoing, then HTML only when the kind said so and an admin text as written', async () => {
    const api = h.bot.api;
    await sendOutgoing(api, READER, {
      method: 'text',
      text: '<b>x</b>',
      parseMode: 'HTML',
      linkPreview: { is_disabled: true },
    });
    await sendOutgoing(api, READER, { method: 'text', text: 'a < b', linkPreview: { is_disabled: true } });
    await sendOutgoing(api, READER, { method: 'copy', fromChatId: ADMIN_ID, messageId: 7 }, { silent: true });
    const [html, plain] = payloads(READER);
    expect(html?.parse_mode).toBe('HTML');
    expect(plain?.parse_mode).toBeUndefined();
    expect(plain?.text).toBe('a < b');
    expect(h.sent('copyMessage')[0]?.payload).toMatchObject({
      chat_id: READER,
      from_chat_id: ADMIN_ID,
      message_id: 7,
      disable_notification: true,
    });
  });

  it('when a reader opens a briefing by its link, then they get the briefing kind’s own rendering, part by part', async () => {
    await h.message(READER, '/start');
    h.clear();
    await h.message(READER, `/start b_${HATHRAS.id}`);
    const chat = {
      id: READER,
      lang: 'hi' as const,
      status: 'active' as const,
      createdAt: 0,
      digest: 'off',
      quiet: false,
    };
    const d = { content: { kind: 'briefing', briefingId: HATHRAS.id } };
    const { messages } = await h.deps.kinds.of(d).render(d as never, { chatId: READER, lang: 'hi', chat });
    const sent = payloads(READER);
    expect(sent).toHaveLength(messages.length);
    for (const [i, o] of messages.entries()) {
      if (o.method !== 'text') throw new Error('a briefing is text');
      expect(sent[i]?.text).toBe(o.text);
      expect(sent[i]?.parse_mode).toBe('HTML');
      expect(sent[i]?.link_preview_options).toEqual(o.linkPreview);
    }
  });

  it('when the admin lists scheduled deliveries, then each names what it sends: a briefing’s title, a text’s first line', async () => {
    const at = Date.now() + 3600_000;
    await h.deps.delivery.start({
      content: { kind: 'briefing', briefingId: HATHRAS.id },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: String(ADMIN_ID),
      scheduledAt: at,
    });
    await h.deps.delivery.start({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक) <मतदान> & कल\nदूसरी पंक्ति' },
      target: { kind: 'all' },
      createdBy: String(ADMIN_ID),
      scheduledAt: at + 60_000,
    });
    h.clear();
    await h.message(ADMIN_ID, '/scheduled');
    const contents = h.texts(ADMIN_ID).map((t) => t.split('\n')[1]);
    expect(contents).toEqual([
      `सामग्री: ${HATHRAS.title}`,
      'सामग्री: परीक्षण संदेश (काल्पनिक) &lt;मतदान&gt; &amp; कल',
    ]);
  });
});
