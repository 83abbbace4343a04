import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COMMANDS } from '../../src/bot/features/admin/common.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { SEATS, STATES, TEST_BRIEFINGS } from '../helpers/fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const STRANGER = 4242;
/** The harness's test briefing for हाथरस (the standard test content). */
const HATHRAS = TEST_BRIEFINGS.hathras.id;

async function queued(): Promise<number> {
  const [f, s] = await Promise.all([h.queues.fanout.getJobCounts(), h.queues.send.getJobCounts()]);
  return Object.values(f).reduce((a, b) => a + b, 0) + Object.values(s).reduce((a, b) => a + b, 0);
}

/**
 * Every key under the test prefix with its type and value, leaving out what is expected to change when
 * anyone writes to the bot: the audit (refused attempts are counted) and flood-limit counters.
 */
async function snapshot(): Promise<Record<string, unknown>> {
  const { redis, prefix } = h.env;
  const out: Record<string, unknown> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if (key.startsWith(`${prefix}:audit`) || key.includes(':flood') || key.includes(':upd:')) continue;
      const type = await redis.type(key);
      if (type === 'string') out[key] = await redis.get(key);
      else if (type === 'hash') out[key] = await redis.hgetall(key);
      else if (type === 'list') out[key] = await redis.lrange(key, 0, -1);
      else if (type === 'set') out[key] = (await redis.smembers(key)).sort();
      else if (type === 'zset') out[key] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') out[key] = await redis.xrange(key, '-', '+');
      else out[key] = type;
    }
  } while (cursor !== '0');
  return out;
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
    // Another stranger taps the buttons: one user's commands above already come near the flood limit.
    for (const data of [
      sendNow,
      sendNow.replace('send', 'schedule'),
      encodeCallback({ kind: 'delivery', action: 'cancel', id: 'd0000000000' }),
      encodeCallback({ kind: 'target', scope: 'all', code: '-' }),
    ]) {
      await h.callback(STRANGER + 1, data);
    }
    expect(h.sent('sendMessage')).toHaveLength(0);
    expect(h.sent('editMessageText')).toHaveLength(0);
    expect(h.sent('answerCallbackQuery').every((c) => String(c.payload.text).includes('बटन'))).toBe(true);
    expect(await queued()).toBe(0);
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
    // Counted per user, never listed: the audit list keeps only what admins did.
    expect((await h.deps.audit.denied())[String(STRANGER)]).toBe(ADMIN_COMMANDS.length * 2);
    expect((await h.deps.audit.denied())[String(STRANGER + 1)]).toBe(4);
    expect((await h.deps.audit.recent(50)).filter((a) => a.outcome === 'denied')).toEqual([]);
    // The admin's draft is still there for the admin.
    await h.callback(ADMIN_ID, sendNow);
    expect(await h.deps.deliveries.recent(5)).toHaveLength(1);
  });

  it('when non-admins send every admin command with arguments and press every admin button with real ids, then no delivery, draft, reader or queue in Redis changes', async () => {
    await h.message(1001, '/start pc_UP-16');
    // The admin leaves a pending draft, a running delivery and a scheduled one.
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const draftKb = (h.sent('sendMessage').at(-1)?.payload.reply_markup ?? {}) as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    const running = draftKb.inline_keyboard[0]?.[0]?.callback_data as string;
    await h.callback(ADMIN_ID, running);
    const [started] = await h.deps.deliveries.recent(1);
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = (h.sent('sendMessage').at(-1)?.payload.reply_markup ?? {}) as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    const draftId = String(kb.inline_keyboard[0]?.[0]?.callback_data ?? '').split(':')[2] as string;
    expect(started?.id).toBeDefined();
    const deliveryId = started?.id as string;

    const before = await snapshot();
    const reference = await (async () => {
      h.clear();
      await h.message(5000, '/nosuchcommand');
      return h.texts(5000);
    })();
    const attempts = [
      ...ADMIN_COMMANDS.flatMap((cmd) => [
        `/${cmd}`,
        `/${cmd} ${HATHRAS}`,
        `/${cmd} हाथरस`,
        `/${cmd} ${deliveryId}`,
        `/${cmd}@chunav_test_bot ${draftId}`,
        `/${cmd.toUpperCase()} all`,
      ]),
      '/correct d0000000000',
      '/broadcast <script>alert(1)</script> & UP',
    ];
    // Each from a different non-admin, so the per-user flood limit never answers instead.
    let stranger = 5001;
    for (const text of attempts) {
      h.clear();
      await h.message(stranger, text);
      expect(h.texts(stranger), text).toEqual(reference);
      stranger++;
    }
    const buttons = [
      ...(['send', 'schedule', 'discard'] as const).map((action) =>
        encodeCallback({ kind: 'delivery', action, id: draftId }),
      ),
      ...(['pause', 'resume', 'cancel'] as const).map((action) =>
        encodeCallback({ kind: 'delivery', action, id: deliveryId }),
      ),
      ...['pc', 'states', 'all'].map((scope) => encodeCallback({ kind: 'target', scope, code: '-' })),
      encodeCallback({ kind: 'target', scope: 'state', code: 'UP' }),
      encodeCallback({ kind: 'target', scope: 'pcx', code: 'UP-16' }),
    ];
    for (const data of buttons) {
      h.clear();
      await h.callback(stranger, data);
      expect(h.sent('sendMessage'), data).toHaveLength(0);
      expect(h.sent('editMessageText'), data).toHaveLength(0);
      expect(
        h.sent('answerCallbackQuery').map((c) => String(c.payload.text)),
        data,
      ).toEqual([expect.stringContaining('बटन')]);
      stranger++;
    }
    // Plain text after all that is still a search for them, never an admin's awaited input.
    h.clear();
    await h.message(stranger, 'हाथरस');
    expect(h.texts(stranger).join('\n')).toContain('हाथरस');

    expect(await snapshot()).toEqual(before);
    const denied = Object.values(await h.deps.audit.denied()).reduce((a, b) => a + b, 0);
    expect(denied).toBe(attempts.length + buttons.length);
  });

  it('when the admin publishes a briefing, then a preview, the count and the buttons come, and "send now" starts one delivery', async () => {
    await h.message(1001, '/start pc_UP-16');
    await h.message(1002, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/publish हाथरस');
    const texts = h.texts(ADMIN_ID);
    expect(texts).toHaveLength(2);
    expect(texts[0]?.startsWith(`<b>${TEST_BRIEFINGS.hathras.title}</b>\n`)).toBe(true);
    // Label: value lines, never a label pasted into a sentence ("हाथरस के करीब 2 पाठकों").
    expect(texts[1]).toBe(
      `पाने वाले: <b>${SEATS.hathras.nameHi} सीट के पाठक</b>\nपाठक: लगभग <b>2</b>\nजिन पाठकों को पहले से मिल चुकी: <b>0</b> (उन्हें दोबारा नहीं जाएगी)\n\nअभी भेजें या समय तय करें?`,
    );
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
    // Preview, count, "started" and the progress message: all Telegram HTML, as before htmlByDefault.
    const shown = h.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const c of shown) expect(c.payload.parse_mode, String(c.payload.text)).toBe('HTML');
    expect(await h.queues.fanout.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const audit = await h.deps.audit.recent(10);
    // Through the publish use case, audited as a publication of this briefing.
    expect(audit.filter((a) => a.outcome === 'started').map((a) => [a.action, a.target])).toEqual([
      ['publish', `${list[0]?.id} ${HATHRAS}`],
    ]);
  });

  it('when some readers already have the briefing, then the confirmation says how many', async () => {
    await h.message(1001, '/start pc_UP-16');
    await h.message(1002, '/start pc_UP-16');
    const { deliveries, kinds } = h.deps;
    const earlier = await deliveries.create({
      content: { kind: 'briefing', briefingId: HATHRAS },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'cli',
    });
    await deliveries.writeRecord(kinds.contentKey(earlier), 1001, {
      deliveryId: earlier.id,
      messageIds: [11],
      parts: 1,
    });
    h.clear();
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    expect(h.texts(ADMIN_ID).at(-1)?.split('\n')[2]).toBe(
      'जिन पाठकों को पहले से मिल चुकी: <b>1</b> (उन्हें दोबारा नहीं जाएगी)',
    );
  });

  it('when the admin schedules a briefing, then it is published at that time through the publish use case', async () => {
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
    await h.message(ADMIN_ID, 'कल सुबह 7 बजे');
    const confirm = h.sent('sendMessage').at(-1)?.payload.reply_markup as typeof kb;
    await h.callback(ADMIN_ID, confirm.inline_keyboard[0]?.[0]?.callback_data as string);
    const [d] = await h.deps.deliveries.scheduled();
    expect(d?.content).toEqual({ kind: 'briefing', briefingId: HATHRAS });
    const audit = await h.deps.audit.recent(10);
    expect(audit.filter((a) => a.outcome === 'started').map((a) => [a.action, a.target])).toEqual([
      ['schedule', `${d?.id} ${HATHRAS}`],
    ]);
  });

  it('when the briefing is withdrawn before the admin presses send, then they are told so and nothing starts', async () => {
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.deps.briefings.withdraw(HATHRAS, Date.now());
    h.clear();
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[0]?.callback_data as string);
    expect(h.sent('answerCallbackQuery').at(-1)?.payload.text).toBe(
      h.deps.i18n.t('hi', 'admin.error-briefing-not-found'),
    );
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
  });

  it('when the admin broadcasts to a state and schedules it, then a scheduled delivery is listed and can be cancelled', async () => {
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'state', code: 'UP' }));
    expect(h.texts(ADMIN_ID).at(-1)).toContain(STATES.up.nameHi);
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): <b>मतदान</b> & कल');
    const preview = h.sent('sendMessage').find((c) => String(c.payload.text).startsWith('परीक्षण'));
    expect(preview?.payload.parse_mode).toBeUndefined();
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
    await h.message(ADMIN_ID, 'कल सुबह 7 बजे');
    // Read back in words first; nothing is scheduled until the button is pressed.
    const readBack = h.texts(ADMIN_ID).at(-1) as string;
    expect(readBack).toMatch(
      /^भेजने का समय: <b>कल, \d{1,2} [^\s]+ \d{4}, सुबह 7 बजे<\/b>\nपाने वाले: <b>उत्तर प्रदेश के सभी पाठक<\/b>/,
    );
    expect(await h.deps.deliveries.scheduled()).toEqual([]);
    const confirm = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    expect(confirm.inline_keyboard[0]?.[0]?.text).toBe(h.deps.i18n.t('hi', 'admin.button-schedule-confirm'));
    // Another time typed instead replaces the one read back.
    await h.message(ADMIN_ID, 'कल 07:00');
    const again = h.sent('sendMessage').at(-1)?.payload.reply_markup as typeof confirm;
    await h.callback(ADMIN_ID, again.inline_keyboard[0]?.[0]?.callback_data as string);
    await h.callback(ADMIN_ID, again.inline_keyboard[0]?.[0]?.callback_data as string);
    expect(h.texts(ADMIN_ID).at(-1)).toMatch(
      /^समय तय हो गया।\nपाने वाले: <b>उत्तर प्रदेश के सभी पाठक<\/b>\nसमय: <b>कल, /,
    );
    expect(await h.deps.deliveries.scheduled()).toHaveLength(1);
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

  it('when the admin is asked for a time, then every example shown can be typed as it is and is read as a future time', async () => {
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
    const ask = h.texts(ADMIN_ID).at(-1) as string;
    const examples = [...ask.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1] as string);
    expect(examples.length).toBe(4);
    for (const example of examples) {
      h.clear();
      await h.message(ADMIN_ID, example);
      expect(h.texts(ADMIN_ID).at(-1), example).toMatch(/^भेजने का समय: /);
    }
  });

  it('when DIGEST_TZ is not India time, then a time typed is read back as typed, in that zone', async () => {
    const other = await createHarness({ DIGEST_TZ: 'America/New_York' });
    try {
      await other.message(ADMIN_ID, `/publish ${HATHRAS}`);
      const kb = other.sent('sendMessage').at(-1)?.payload.reply_markup as {
        inline_keyboard: Array<Array<{ callback_data: string }>>;
      };
      await other.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
      await other.message(ADMIN_ID, 'कल सुबह 7 बजे');
      expect(other.texts(ADMIN_ID).at(-1)).toMatch(/^भेजने का समय: <b>कल, \d{1,2} [^\s]+ \d{4}, सुबह 7 बजे<\/b>/);
    } finally {
      await other.close();
    }
  });

  it('when the admin types a past, impossible or unreadable time, then the answer says what was wrong and nothing is scheduled', async () => {
    await h.message(ADMIN_ID, `/publish ${HATHRAS}`);
    const kb = h.sent('sendMessage').at(-1)?.payload.reply_markup as {
      inline_keyboard: Array<Array<{ callback_data: string }>>;
    };
    await h.callback(ADMIN_ID, kb.inline_keyboard[0]?.[1]?.callback_data as string);
    const answer = async (text: string) => {
      h.clear();
      await h.message(ADMIN_ID, text);
      return h.texts(ADMIN_ID).at(-1) as string;
    };
    expect(await answer('2020-05-04 18:35')).toBe(
      '4 मई 2020, शाम 6:35 बजे का समय बीत चुका है। आगे का कोई समय लिखिए।',
    );
    expect(await answer('31/11 18:30')).toContain('“31/11 18:30” में दी गई तारीख कैलेंडर में है ही नहीं');
    const hour = await answer('सुबह 18:30');
    expect(hour).toBe(
      '“सुबह 18:30” में समय और दिन का हिस्सा मेल नहीं खाते। ऐसे लिखिए: <code>सुबह 7 बजे</code>, <code>शाम 6:30</code>, या 24 घंटे की घड़ी से <code>18:30</code>।',
    );
    // Every example in the answer can be typed as it is.
    for (const [, example] of hour.matchAll(/<code>([^<]+)<\/code>/g)) {
      expect(await answer(example as string), example).toMatch(/^भेजने का समय: /);
      await answer('सुबह 18:30');
    }
    expect(await answer('जल्दी भेजो')).toMatch(/^“जल्दी भेजो” को समय की तरह नहीं पढ़ पाया।/);
    expect(await h.deps.deliveries.scheduled()).toEqual([]);
  });

  it('when an admin sends /start, then their desk menu is set in their chat, in the language they chose; a reader gets none', async () => {
    type Menu = Array<{ command: string; description: string }>;
    const menuFor = (chatId: number) =>
      h
        .sent('setMyCommands')
        .filter((c) => (c.payload.scope as { chat_id?: number } | undefined)?.chat_id === chatId)
        .map((c) => c.payload.commands as Menu);
    await h.message(ADMIN_ID, '/start');
    expect(menuFor(ADMIN_ID)).toHaveLength(1);
    expect(menuFor(ADMIN_ID)[0]?.map((c) => c.command)).toContain('publish');
    expect(menuFor(ADMIN_ID)[0]?.[0]?.description).toBe(h.deps.i18n.t('hi', 'commands.subscribe'));
    await h.deps.subscribers.setLanguage(ADMIN_ID, 'en');
    h.clear();
    await h.message(ADMIN_ID, '/start');
    expect(menuFor(ADMIN_ID)[0]?.[0]?.description).toBe(h.deps.i18n.t('en', 'commands.subscribe'));
    await h.message(STRANGER, '/start');
    expect(h.sent('setMyCommands').filter((c) => c.payload.scope !== undefined)).toHaveLength(1);
  });

  it('when the admin asks for /help, then the desk commands follow the reader help, in Hindi; a reader gets no desk', async () => {
    await h.message(ADMIN_ID, '/help');
    const text = h.texts(ADMIN_ID).at(-1) as string;
    expect(text).toContain(h.deps.i18n.t('hi', 'help.admin'));
    expect(text).toContain('/publish');
    await h.message(STRANGER, '/help');
    expect(h.texts(STRANGER).at(-1)).not.toContain('/publish');
  });

  it('when the admin asks for /stats, then readers, top seats and deliveries are shown', async () => {
    await h.message(1001, '/start pc_UP-16');
    await h.message(1002, '/start pc_UP-75');
    await h.message(1003, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/stats');
    const lines = (h.texts(ADMIN_ID).at(-1) as string).split('\n');
    const t = (key: string, params?: Record<string, string>) => h.deps.i18n.t('hi', key, params);
    expect(lines.slice(0, 6)).toEqual([
      `<b>${t('admin.stats-title')}</b>`,
      t('admin.stats-readers', { total: '3', active: '3', inactive: '0' }),
      '',
      `<b>${t('admin.stats-top')}</b>`,
      `1. ${SEATS.hathras.nameHi}: 2`,
      `2. ${SEATS.ghazipur.nameHi}: 1`,
    ]);
    expect(lines[6]).toBe('');
  });
});
