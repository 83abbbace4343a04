import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { createDraft, deskDeps, getDraft, listDrafts } from '../../src/usecases/desk.js';
import { ADMIN_ID, createDeskHarness, type Harness } from '../helpers/bot-harness.js';

/** The desk conversation on the offline bot (real Redis, every Bot API call recorded). */

let h: Harness;
beforeEach(async () => {
  h = await createDeskHarness(EDITOR);
});
afterEach(async () => {
  await h.close();
});

const EDITOR = 610001;
const READER = 610002;

const last = (chatId: number) => h.texts(chatId).at(-1) ?? '';
const openDrafts = async () =>
  (await listDrafts(deskDeps(h.deps), {})).items.filter((d) => d.status === 'open');

describe('/new on the offline bot', () => {
  it('when an editor sends formatted Hindi text, then the body keeps bold and links, the title is the first line and सिकंदराराऊ suggests हाथरस', async () => {
    await h.message(EDITOR, '/new');
    const text = 'परीक्षण: सिकंदराराऊ में सभा\nसिकंदराराऊ में आज 😀 सभा हुई। पूरी खबर यहां है।';
    const bold = text.indexOf('सभा हुई');
    const link = text.indexOf('यहां');
    h.clear();
    await h.message(EDITOR, text, {
      entities: [
        { type: 'bold', offset: bold, length: 'सभा हुई'.length },
        { type: 'text_link', offset: link, length: 'यहां'.length, url: 'https://example.com/report' },
      ],
    });
    const [draft] = await openDrafts();
    expect(draft).toMatchObject({
      title: 'परीक्षण: सिकंदराराऊ में सभा',
      summary: 'सिकंदराराऊ में आज 😀 सभा हुई। पूरी खबर यहां है।',
      body: 'सिकंदराराऊ में आज 😀 **सभा हुई**। पूरी खबर [यहां](<https://example.com/report>) है।',
      audience: { kind: 'pcs', pcs: ['UP-16'] },
      suggestedAudience: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: String(EDITOR),
    });
    const shown = h.texts(EDITOR).join('\n');
    expect(shown).toContain('<b>सभा हुई</b>');
    expect(shown).toContain('<a href="https://example.com/report">यहां</a>');
    expect(shown).toContain('पाने वाले: <b>हाथरस सीट के पाठक</b>');
    expect(h.buttons(EDITOR).map((b) => b.text)).toEqual(
      expect.arrayContaining(['✅ अभी भेजें', '🕒 समय तय करें', '📥 मसौदा रखें', '🗑 रद्द करें']),
    );
  });

  it('when a second message, a photo and then a 20,000-character text arrive, then all are added and the preview is split into parts, never cut', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: लंबी ब्रीफिंग\nहाथरस में पहला हिस्सा।');
    await h.message(EDITOR, 'दूसरा हिस्सा।');
    // A second /new, and going on with the open draft: what follows goes into it.
    await h.message(EDITOR, '/new');
    await h.callback(EDITOR, h.button(EDITOR, 'इसी मसौदे पर आगे लिखें'));
    await h.update({
      message: {
        message_id: 9001,
        date: 0,
        chat: { id: EDITOR, type: 'private', first_name: 'E' },
        from: { id: EDITOR, is_bot: false, first_name: 'E' },
        photo: [
          { file_id: 'AgACAgIAAxkBAAIBdGZ-photo-file-id', file_unique_id: 'u1', width: 800, height: 600 },
        ],
      },
    });
    let [draft] = await openDrafts();
    expect(draft?.body).toBe('हाथरस में पहला हिस्सा।\n\nदूसरा हिस्सा।');
    expect(draft?.photo).toEqual({ kind: 'telegram', fileId: 'AgACAgIAAxkBAAIBdGZ-photo-file-id' });
    const sentence = 'यह परीक्षण के लिए लिखा गया लंबा वाक्य है। ';
    const long = sentence
      .repeat(Math.ceil(20_000 / sentence.length))
      .slice(0, 20_000)
      .trim();
    h.clear();
    await h.message(EDITOR, long);
    [draft] = await openDrafts();
    expect(draft?.body.length).toBeGreaterThan(20_000);
    // Readers get the photo, then the text in parts of at most 4096; every word arrives.
    expect(h.sent('sendPhoto')).toHaveLength(1);
    const parts = h.sent('sendMessage').map((c) => String(c.payload.text));
    const body = parts.filter((p) => p.includes('लंबा वाक्य'));
    expect(body.length).toBeGreaterThanOrEqual(5);
    for (const p of body) expect(p.length).toBeLessThanOrEqual(4096);
    const words = body.join(' ').match(/लंबा वाक्य/g) ?? [];
    expect(words.length).toBe((long.match(/लंबा वाक्य/g) ?? []).length);
  });

  it('when an https image link comes alone before the text, then it waits for the text and becomes the photo, the briefing its caption', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'https://example.com/images/rally.jpg');
    expect(last(EDITOR)).toContain('फोटो जुड़ गई।');
    expect(await openDrafts()).toEqual([]);
    h.clear();
    await h.message(EDITOR, 'परीक्षण: सिकंदराराऊ में सभा\nआज सभा हुई।');
    const [draft] = await openDrafts();
    expect(draft?.photo).toEqual({ kind: 'url', url: 'https://example.com/images/rally.jpg' });
    expect(draft?.body).toBe('आज सभा हुई।');
    // Short enough for a caption: one photo message with the briefing under it.
    const photo = h.sent('sendPhoto').at(-1)?.payload;
    expect(photo?.photo).toBe('https://example.com/images/rally.jpg');
    expect(String(photo?.caption)).toContain('<b>परीक्षण: सिकंदराराऊ में सभा</b>');
  });

  it('when the title comes alone and the text after it, then the text is the body and gives the summary', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: सिकंदराराऊ में सभा');
    await h.message(EDITOR, 'आज सभा हुई। लोग आए। फिर लौट गए।');
    const [draft] = await openDrafts();
    expect(draft).toMatchObject({
      title: 'परीक्षण: सिकंदराराऊ में सभा',
      summary: 'आज सभा हुई। लोग आए।',
      body: 'आज सभा हुई। लोग आए। फिर लौट गए।',
      audience: { kind: 'pcs', pcs: ['UP-16'] },
    });
  });

  it('when the editor sends a sticker, a document, blank text or too much text, then each gets a clear answer and the draft is unchanged', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: हाथरस की खबर\nहाथरस में सभा हुई।');
    const [before] = await openDrafts();
    const from = { id: EDITOR, is_bot: false, first_name: 'E' };
    const chat = { id: EDITOR, type: 'private' as const, first_name: 'E' };
    h.clear();
    await h.update({
      message: {
        message_id: 9101,
        date: 0,
        chat,
        from,
        sticker: { file_id: 's', file_unique_id: 's' } as never,
      },
    });
    expect(last(EDITOR)).toContain('स्टिकर ब्रीफिंग में नहीं जा सकता');
    await h.update({
      message: { message_id: 9102, date: 0, chat, from, document: { file_id: 'd', file_unique_id: 'd' } },
    });
    expect(last(EDITOR)).toContain('फाइल ब्रीफिंग में नहीं जा सकती');
    await h.message(EDITOR, '   \n  ');
    expect(last(EDITOR)).toContain('कोई पाठ नहीं है');
    const huge = 'क'.repeat(45_000);
    await h.message(EDITOR, huge);
    expect(last(EDITOR)).toContain('सीमा 40,000');
    const [after] = await openDrafts();
    expect(after?.body).toBe(before?.body);
    expect(after?.updatedAt).toBe(before?.updatedAt);
  });

  it('when a second /new comes while a draft is open, then the draft is kept and the editor chooses to go on or start anew', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: पहला मसौदा\nहाथरस में सभा हुई।');
    h.clear();
    await h.message(EDITOR, '/new');
    expect(last(EDITOR)).toContain('आपका एक मसौदा अभी खुला है: <b>परीक्षण: पहला मसौदा</b>');
    await h.callback(EDITOR, h.button(EDITOR, 'नया शुरू करें'));
    await h.message(EDITOR, 'परीक्षण: दूसरा मसौदा\nगाजीपुर में सभा हुई।');
    const titles = (await openDrafts()).map((d) => d.title).sort();
    expect(titles).toEqual(['परीक्षण: दूसरा मसौदा', 'परीक्षण: पहला मसौदा']);
    h.clear();
    await h.message(EDITOR, '/drafts');
    expect(last(EDITOR)).toContain('खुले मसौदे (2)');
    expect(h.buttons(EDITOR).map((b) => b.text)).toEqual(
      expect.arrayContaining(['परीक्षण: पहला मसौदा', 'परीक्षण: दूसरा मसौदा']),
    );
  });

  it('when a text names no seat, then the editor is told to choose, sending is refused, and a seat added by search makes it sendable', async () => {
    await h.message(EDITOR, '/new');
    h.clear();
    await h.message(EDITOR, 'परीक्षण: बिना सीट की खबर\nआज कहीं कुछ हुआ।');
    expect(h.texts(EDITOR).join('\n')).toContain('पाठ में किसी सीट का नाम नहीं मिला');
    const [draft] = await openDrafts();
    expect(draft?.audience).toBeUndefined();
    await h.callback(EDITOR, h.button(EDITOR, 'अभी भेजें'));
    expect(h.texts(EDITOR).join('\n')).toContain('पहले तय कीजिए कि ब्रीफिंग किसे जाए');
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
    await h.callback(EDITOR, h.button(EDITOR, 'सीट जोड़ें'));
    await h.message(EDITOR, 'हाथरस');
    expect((await getDraft(deskDeps(h.deps), draft?.id as string))?.audience).toEqual({
      kind: 'pcs',
      pcs: ['UP-16'],
    });
    // State scope is offered; the whole country is not, to an editor.
    const labels = h.buttons(EDITOR).map((b) => b.text);
    expect(labels).toContain('🗺 उत्तर प्रदेश: पूरा राज्य');
    expect(labels).not.toContain('🇮🇳 पूरा देश');
    // Forged, the button is refused all the same; the audience stays.
    await h.callback(
      EDITOR,
      encodeCallback({ kind: 'draftScope', id: draft?.id as string, scope: 'national' }),
    );
    expect(last(EDITOR)).toContain('सभी पाठकों को भेजने का अधिकार सिर्फ संचालकों के पास है');
    expect((await getDraft(deskDeps(h.deps), draft?.id as string))?.audience).toEqual({
      kind: 'pcs',
      pcs: ['UP-16'],
    });
    // An owner is offered the whole country for the same draft.
    h.clear();
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'draftSeats', id: draft?.id as string }));
    expect(h.buttons(ADMIN_ID).map((b) => b.text)).toContain('🇮🇳 पूरा देश');
  });

  it('when a button of a discarded draft is pressed, then the editor is told it is old and nothing is sent', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: छोड़ा जाने वाला\nहाथरस में सभा हुई।');
    const send = h.button(EDITOR, 'अभी भेजें');
    await h.callback(EDITOR, h.button(EDITOR, 'रद्द करें'));
    expect(last(EDITOR)).toContain('मसौदा छोड़ दिया गया');
    h.clear();
    await h.callback(EDITOR, send);
    expect(last(EDITOR)).toContain('यह बटन पुराना हो चुका है');
    await h.callback(EDITOR, encodeCallback({ kind: 'draftSend', id: 'nosuchdraft1' }));
    expect(last(EDITOR)).toContain('यह बटन पुराना हो चुका है');
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
  });

  it('when the title is changed with a tap and an editor who chose English works, then the preview shows the new title in English', async () => {
    await h.message(EDITOR, '/start');
    await h.callback(EDITOR, encodeCallback({ kind: 'lang', lang: 'en' }));
    expect((await h.deps.subscribers.getChat(EDITOR))?.lang).toBe('en');
    h.clear();
    await h.message(EDITOR, '/new');
    expect(last(EDITOR)).toContain('The first line becomes the title');
    await h.message(EDITOR, 'Test: a rally in Sikandra Rao\nA rally was held in Sikandra Rao today.');
    expect(h.texts(EDITOR).join('\n')).toContain('Goes to: <b>readers of Hathras</b>');
    await h.callback(EDITOR, h.button(EDITOR, 'Title'));
    await h.message(EDITOR, 'Test: the rally in Sikandra Rao, retitled');
    expect(h.texts(EDITOR).join('\n')).toContain('<b>Test: the rally in Sikandra Rao, retitled</b>');
    const [draft] = await openDrafts();
    expect(draft?.title).toBe('Test: the rally in Sikandra Rao, retitled');
  });

  it('when the editor sets ये भी पढ़ें by hand and schedules with a time read back, then the briefing waits for that time with those links', async () => {
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, 'परीक्षण: हाथरस में सभा\nहाथरस में सभा हुई।');
    await h.callback(EDITOR, h.button(EDITOR, 'ये भी पढ़ें'));
    await h.message(EDITOR, 'पूरी खबर');
    expect(last(EDITOR)).toContain('यह पंक्ति समझ नहीं आई: “पूरी खबर”');
    h.clear();
    await h.message(EDITOR, 'पूरी खबर https://example.com/full\ntest-ghazipur-virasat');
    expect(h.texts(EDITOR).join('\n')).toContain('<a href="https://example.com/full">पूरी खबर</a>');
    let [draft] = await openDrafts();
    expect(draft?.alsoRead).toEqual([
      { kind: 'url', title: 'पूरी खबर', url: 'https://example.com/full' },
      { kind: 'briefing', id: 'test-ghazipur-virasat' },
    ]);
    await h.callback(EDITOR, h.button(EDITOR, 'सारांश'));
    await h.message(EDITOR, 'नया सारांश, एक वाक्य में।');
    [draft] = await openDrafts();
    expect(draft?.summary).toBe('नया सारांश, एक वाक्य में।');

    await h.callback(EDITOR, h.button(EDITOR, 'समय तय करें'));
    expect(last(EDITOR)).toContain('किस समय भेजना है?');
    await h.message(EDITOR, 'परसों 25 बजे');
    expect(last(EDITOR)).not.toContain('भेजने का समय');
    h.clear();
    await h.message(EDITOR, 'परसों सुबह 9 बजे');
    expect(last(EDITOR)).toContain('भेजने का समय: <b>परसों');
    expect(last(EDITOR)).toContain('पाने वाले: <b>हाथरस सीट के पाठक</b>');
    await h.callback(EDITOR, h.button(EDITOR, 'हां, इसी समय भेजें'));
    expect(last(EDITOR)).toContain('समय तय हो गया');
    const [d] = await h.deps.deliveries.scheduled();
    expect(d?.status).toBe('scheduled');
    expect(d?.scheduledAt).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(await openDrafts()).toEqual([]);
  });

  it('when a feed draft exists, then its card buttons work for an editor: seats, then send', async () => {
    const draft = await createDraft(
      deskDeps(h.deps),
      { id: 'feed:test', role: 'system' },
      {
        title: 'परीक्षण: फीड की खबर',
        summary: 'हाथरस में सभा हुई।',
        body: 'हाथरस में सभा हुई।',
        suggestedAudience: { kind: 'pcs', pcs: ['UP-16'] },
      },
      { kind: 'feed', feedId: 'site', itemKey: 'x1' },
    );
    await h.message(READER, '/start pc_UP-16');
    h.clear();
    await h.callback(EDITOR, encodeCallback({ kind: 'draftSend', id: draft.id }));
    expect(h.texts(EDITOR).join('\n')).toContain('पहले तय कीजिए');
    // The seats view offers the tagger's suggestion; then the card's own send button.
    await h.callback(EDITOR, encodeCallback({ kind: 'draftSeats', id: draft.id }));
    await h.callback(EDITOR, h.button(EDITOR, 'बॉट का सुझाव'));
    expect(last(EDITOR)).toContain('हाथरस सीट के पाठक');
    await h.callback(EDITOR, encodeCallback({ kind: 'draftSend', id: draft.id }));
    expect(h.texts(EDITOR).join('\n')).toContain('ब्रीफिंग भेजी जा रही है');
    const [d] = await h.deps.deliveries.recent(1);
    expect(d?.target).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect((await getDraft(deskDeps(h.deps), draft.id))?.status).toBe('published');
  });

  it('when an editor and a reader ask for /help, then only the editor is shown the desk commands', async () => {
    await h.message(EDITOR, '/help');
    const help = last(EDITOR);
    for (const cmd of ['/new', '/drafts', '/edit', '/withdraw', '/publish']) expect(help).toContain(cmd);
    expect(help).not.toContain('/editors');
    await h.message(READER, '/help');
    expect(last(READER)).not.toContain('/new');
  });

  it('when a reader sends /new and text, then it is an unknown command and a search, and no draft is made', async () => {
    await h.message(READER, '/new');
    await h.message(READER, 'परीक्षण: सिकंदराराऊ में सभा');
    await h.callback(READER, encodeCallback({ kind: 'draftSeatAdd', id: 'abc123' }));
    expect(await openDrafts()).toEqual([]);
    expect(h.texts(READER).join('\n')).not.toContain('पहली पंक्ति शीर्षक बनेगी');
  });

  it('when an editor asks to /edit or /withdraw a briefing that went to all readers, then it is refused at once; an owner is asked for the text', async () => {
    const hathras = await h.deps.briefings.get('test-hathras-sabha');
    if (!hathras) throw new Error('the test briefing is missing');
    const id = 'test-sabke-liye-pariksha';
    const national = {
      ...hathras,
      id,
      title: 'सबके लिए परीक्षण ब्रीफिंग (काल्पनिक)',
      audience: { kind: 'national' as const },
    };
    expect(await h.deps.briefings.save(national, { by: String(ADMIN_ID), expectRevision: 0 })).toBe(
      'created',
    );
    for (const cmd of ['/edit', '/withdraw']) {
      h.clear();
      await h.message(EDITOR, `${cmd} ${id}`);
      expect(last(EDITOR)).toBe(h.deps.i18n.t('hi', 'desk.national-owners-only'));
      expect(h.buttons(EDITOR)).toEqual([]);
    }
    expect(await h.deps.adminState.awaiting(EDITOR)).toBeUndefined();
    await h.message(ADMIN_ID, `/edit ${id}`);
    expect(last(ADMIN_ID)).toContain('पूरा नया पाठ भेजिए');
  });

  it('when an editor presses cancel or resume on a delivery to all readers, then it is refused and nothing changes', async () => {
    await h.message(READER, '/start');
    const national = await h.deps.deliveries.create({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक)' },
      target: { kind: 'all' },
      createdBy: String(ADMIN_ID),
      scheduledAt: Date.now() + 3_600_000,
    });
    for (const action of ['cancel', 'resume', 'pause'] as const) {
      h.clear();
      await h.callback(EDITOR, encodeCallback({ kind: 'delivery', action, id: national.id }));
      const answer = h.calls.find((c) => c.method === 'answerCallbackQuery');
      expect(answer?.payload.text, action).toBe(h.deps.i18n.t('hi', 'admin.national-owners-only'));
    }
    h.clear();
    await h.message(EDITOR, `/correct ${national.id}`);
    expect(last(EDITOR)).toBe(h.deps.i18n.t('hi', 'admin.national-owners-only'));
    expect((await h.deps.deliveries.get(national.id))?.status).toBe('scheduled');
  });
});
