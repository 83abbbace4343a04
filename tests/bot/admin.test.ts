import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallback } from '../../src/bot/callback-codec.js';
import { ADMIN_COMMANDS } from '../../src/bot/features/admin/common.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const STRANGER = 4242;
const HATHRAS = '2024-hathras-amar-singh-yadav-bsp';

async function queued(): Promise<number> {
  const [f, s] = await Promise.all([h.queues.fanout.getJobCounts(), h.queues.send.getJobCounts()]);
  return Object.values(f).reduce((a, b) => a + b, 0) + Object.values(s).reduce((a, b) => a + b, 0);
}

describe('admin features (offline bot, real Redis)', () => {
  it('when a non-admin tries every admin command and button, then they get what an unknown command gets and nothing is enqueued', async () => {
    await h.message(STRANGER, '/start pc_UP-16');
    h.clear();
    const unknown = async (text: string) => {
      h.clear();
      await h.message(STRANGER, text);
      return h.texts(STRANGER);
    };
    const reference = await unknown('/nosuchcommand');
    for (const cmd of ADMIN_COMMANDS) {
      expect(await unknown(`/${cmd} ${HATHRAS}`), cmd).toEqual(reference);
      expect(await unknown(`/${cmd}`), cmd).toEqual(reference);
    }
    // A draft made by the admin cannot be sent by anyone else, even with its exact callback data.
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    const sendNow = kb.inline_keyboard[0]?.[0]?.callback_data as string;
    expect(sendNow).toMatch(/^dv:send:/);
    h.clear();
    for (const data of [
      sendNow,
      sendNow.replace('send', 'schedule'),
      encodeCallback({ kind: 'delivery', action: 'cancel', id: 'd0000000000' }),
      encodeCallback({ kind: 'target', scope: 'all', code: '-' }),
    ]) {
      await h.callback(STRANGER, data);
    }
    expect(h.sent('sendMessage')).toHaveLength(0);
    expect(h.sent('editMessageText')).toHaveLength(0);
    expect(h.sent('answerCallbackQuery').every((c) => String(c.payload.text).includes('बटन'))).toBe(true);
    expect(await queued()).toBe(0);
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
    const audit = await h.deps.audit.recent(50);
    expect(audit.filter((a) => a.outcome === 'denied' && a.who === String(STRANGER)).length).toBe(
      ADMIN_COMMANDS.length * 2 + 4,
    );
    // The admin's draft is still there for the admin.
    await h.callback(ADMIN_ID, sendNow);
    expect(await h.deps.deliveries.recent(5)).toHaveLength(1);
  });

  it('when the admin publishes a briefing, then a preview, the count and the buttons come, and "send now" starts one delivery', async () => {
    await h.message(1001, '/start pc_UP-16');
    await h.message(1002, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/publish हाथरस');
    const texts = h.texts(ADMIN_ID);
    expect(texts[0]).toContain('अमर सिंह यादव');
    expect(texts.at(-1)).toContain('<b>2</b>');
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    const sendNow = kb.inline_keyboard[0]?.[0]?.callback_data as string;
    await h.callback(ADMIN_ID, sendNow);
    await h.callback(ADMIN_ID, sendNow);
    const list = await h.deps.deliveries.recent(5);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      status: 'running',
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: String(ADMIN_ID),
    });
    expect(list[0]?.progress?.chatId).toBe(ADMIN_ID);
    expect(await h.queues.fanout.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const audit = await h.deps.audit.recent(10);
    expect(audit.some((a) => a.action === 'deliver' && a.outcome === 'started')).toBe(true);
  });

  it('when the admin broadcasts to a state and schedules it, then a scheduled delivery is listed and can be cancelled', async () => {
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'state', code: 'UP' }));
    expect(h.texts(ADMIN_ID).at(-1)).toContain('उत्तर प्रदेश');
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): <b>मतदान</b> & कल');
    const preview = h.sent('sendMessage').find((c) => String(c.payload.text).startsWith('परीक्षण'));
    expect(preview?.payload.parse_mode).toBeUndefined();
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
    await h.message(ADMIN_ID, 'कल 07:00');
    expect(h.texts(ADMIN_ID).at(-1)).toContain('तय हो गया');
    const [d] = await h.deps.deliveries.scheduled();
    expect(d?.content).toEqual({ kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): <b>मतदान</b> & कल' });
    expect(d?.target).toEqual({ kind: 'state', state: 'UP' });
    await h.message(ADMIN_ID, '/scheduled');
    const listed = h.sent('sendMessage').at(-1)?.payload.reply_markup as
      | { inline_keyboard: Array<Array<{ callback_data: string }>> }
      | undefined;
    const cancel = listed?.inline_keyboard[0]?.[0]?.callback_data as string;
    await h.callback(ADMIN_ID, cancel);
    expect((await h.deps.deliveries.get(d?.id as string))?.status).toBe('cancelled');
  });

  it('when the admin asks for /stats, then readers, top seats and deliveries are shown', async () => {
    await h.message(1001, '/start pc_UP-16');
    await h.message(1002, '/start pc_UP-75');
    await h.message(1003, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/stats');
    const text = h.texts(ADMIN_ID).at(-1) as string;
    expect(text).toContain('हाथरस: 2');
    expect(text).toContain('गाजीपुर: 1');
    expect(text).toMatch(/पाठक: 3/);
  });
});
