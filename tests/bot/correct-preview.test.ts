import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** A text broadcast already sent to two readers. */
async function sentBroadcast() {
  const { deliveries, kinds } = h.deps;
  const d = await deliveries.create({
    content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): पुराना पाठ' },
    target: { kind: 'all' },
    createdBy: String(ADMIN_ID),
  });
  for (const [chat, mid] of [
    [5101, 11],
    [5102, 12],
  ] as const)
    await deliveries.writeRecord(kinds.contentKey(d), chat, {
      deliveryId: d.id,
      messageIds: [mid],
      parts: 1,
    });
  return d;
}

/** The buttons of the last message the bot sent. */
function buttons(): Array<{ callback_data: string }> {
  const markup = h.sent('sendMessage').at(-1)?.payload.reply_markup as
    | { inline_keyboard: Array<Array<{ callback_data: string }>> }
    | undefined;
  return markup?.inline_keyboard.flat() ?? [];
}

/** The delivery ids the store lists, newest first. */
const listed = async () => (await h.deps.deliveries.recent(10)).map((d) => d.id);

describe('/correct of a text broadcast', () => {
  it('when the admin sends the new text, then they see it as readers will with the number of copies, and nothing changes until they confirm', async () => {
    const d = await sentBroadcast();
    await h.message(ADMIN_ID, `/correct ${d.id}`);
    h.clear();
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): सही पाठ');
    // No correction started: the only delivery is the original.
    expect(await listed()).toEqual([d.id]);
    const texts = h.texts(ADMIN_ID);
    expect(texts[0]).toBe('परीक्षण संदेश (काल्पनिक): सही पाठ');
    expect(texts[1]).toContain('2');
    expect(texts[1]).toContain(d.id);
    const kb = buttons();
    const apply = kb.find((b) => b.callback_data.startsWith('dv:fix:'))?.callback_data as string;
    expect(apply).toBeDefined();

    await h.callback(ADMIN_ID, apply);
    const after = await listed();
    expect(after).toHaveLength(2);
    // A second tap does nothing more.
    await h.callback(ADMIN_ID, apply);
    expect(await listed()).toHaveLength(2);
  });

  it('when the admin discards the preview, then no copy is corrected', async () => {
    const d = await sentBroadcast();
    await h.message(ADMIN_ID, `/correct ${d.id}`);
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): सही पाठ');
    const kb = buttons();
    const discard = kb.find((b) => b.callback_data.startsWith('dv:discard:'))?.callback_data as string;
    await h.callback(ADMIN_ID, discard);
    const id = discard.split(':')[2] as string;
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'delivery', action: 'fix', id }));
    expect(await listed()).toEqual([d.id]);
  });
});

describe('/correct that cannot be done', () => {
  it('when the admin corrects a correction, then they are told it is one and pointed to the original', async () => {
    const d = await sentBroadcast();
    await h.message(ADMIN_ID, `/correct ${d.id}`);
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): सही पाठ');
    const apply = buttons().find((b) => b.callback_data.startsWith('dv:fix:'))?.callback_data as string;
    await h.callback(ADMIN_ID, apply);
    const [correction] = await h.deps.deliveries.recent(1);
    expect(correction?.content).toEqual({ kind: 'correction', of: d.id });
    h.clear();
    await h.message(ADMIN_ID, `/correct ${correction?.id}`);
    expect(h.texts(ADMIN_ID)).toEqual([
      h.deps.i18n.t('hi', 'admin.error-correct-correction', { id: correction?.id as string, of: d.id }),
    ]);
    // Nothing waits for a text: the admin's next message is not taken as one.
    expect(await h.deps.adminState.awaiting(ADMIN_ID)).toBeUndefined();
  });

  it('when the admin sends a photo as the corrected text, then they are told only text can be used', async () => {
    const d = await sentBroadcast();
    await h.message(ADMIN_ID, `/correct ${d.id}`);
    h.clear();
    await h.update({
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ADMIN_ID, type: 'private', first_name: 'Admin' },
        from: { id: ADMIN_ID, is_bot: false, first_name: 'Admin' },
        photo: [{ file_id: 'p', file_unique_id: 'p', width: 10, height: 10 }],
      },
    });
    expect(h.texts(ADMIN_ID)).toEqual([h.deps.i18n.t('hi', 'admin.correct-text-only')]);
  });
});

describe('/correct of a briefing', () => {
  /** The Hathras briefing's delivery, already sent to one reader. */
  async function sentBriefing() {
    const { deliveries, kinds } = h.deps;
    const d = await deliveries.create({
      content: { kind: 'briefing', briefingId: 'test-hathras-sabha' },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: String(ADMIN_ID),
    });
    await deliveries.writeRecord(kinds.contentKey(d), 5201, { deliveryId: d.id, messageIds: [21], parts: 1 });
    return d;
  }

  it('when the admin sends /correct with its id, then the briefing is previewed as it is now with the copies it changes, and nothing is edited before the tap', async () => {
    const d = await sentBriefing();
    const before = await listed();
    h.clear();
    await h.message(ADMIN_ID, `/correct ${d.id}`);
    const texts = h.texts(ADMIN_ID);
    expect(texts.some((t) => t.includes('हाथरस: सिकंदराराऊ की काल्पनिक सभा'))).toBe(true);
    expect(texts.at(-1)).toContain('पहुंची प्रतियां (1) इसी से बदल जाएंगी');
    expect(buttons().map((b) => b.callback_data)).toEqual([
      encodeCallback({ kind: 'delivery', action: 'fixstored', id: d.id }),
      encodeCallback({ kind: 'briefingEdit', id: 'test-hathras-sabha' }),
    ]);
    expect(await listed()).toEqual(before);
    // Without an id: the deliveries to choose from, by headline and audience.
    h.clear();
    await h.message(ADMIN_ID, '/correct');
    const pick = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    expect(pick.inline_keyboard[0]?.[0]).toEqual({
      text: expect.stringContaining('हाथरस: सिकंदराराऊ'),
      callback_data: encodeCallback({ kind: 'correctPick', id: d.id }),
    });
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'delivery', action: 'fixstored', id: d.id }));
    expect((await listed()).length).toBe(before.length + 1);
  });
});
