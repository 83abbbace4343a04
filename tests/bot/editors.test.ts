import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { TEST_BRIEFINGS } from '../helpers/fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const EDITOR = 555001;
const FORWARDED = 555002;
const STRANGER = 4242;
const HATHRAS = TEST_BRIEFINGS.hathras.id;

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

/** Callback data of every button in the last message (sent or edited) to `chatId`. */
function lastButtons(chatId: number): string[] {
  const last = h.calls
    .filter(
      (c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && c.payload.chat_id === chatId,
    )
    .at(-1);
  const kb = last?.payload.reply_markup as Keyboard | undefined;
  return kb?.inline_keyboard.flat().map((b) => b.callback_data) ?? [];
}

/** What an unknown command gets: what a non-editor must get for every desk command. */
async function unknownReference(userId: number): Promise<string[]> {
  h.clear();
  await h.message(userId, '/nosuchcommand');
  return h.texts(userId);
}

async function addById(id: number): Promise<void> {
  await h.message(ADMIN_ID, '/editors');
  const add = lastButtons(ADMIN_ID).find((d) => d.startsWith('ed:add:'));
  expect(add).toBeDefined();
  await h.callback(ADMIN_ID, add as string);
  await h.message(ADMIN_ID, String(id));
  const ok = lastButtons(ADMIN_ID).find((d) => d.startsWith('ed:ok:'));
  expect(ok).toBe(encodeCallback({ kind: 'editor', action: 'ok', id: String(id) }));
  await h.callback(ADMIN_ID, ok as string);
}

describe('editors and owners (offline bot, real Redis)', () => {
  it('when an owner adds an editor by id, then the editor can publish to a seat, is not offered everyone and is refused it, and it is audited', async () => {
    await addById(EDITOR);
    expect(await h.deps.editors.has(EDITOR)).toBe(true);
    expect(h.texts(ADMIN_ID).at(-1)).toContain('अब संपादक हैं');
    // The new editor's menu: the desk without /editors.
    const menu = h
      .sent('setMyCommands')
      .find((c) => (c.payload.scope as { chat_id?: number } | undefined)?.chat_id === EDITOR);
    const names = ((menu?.payload.commands ?? []) as Array<{ command: string }>).map((c) => c.command);
    expect(names).toContain('publish');
    expect(names).not.toContain('editors');

    // /publish to a seat: preview, then send now starts a delivery.
    h.clear();
    await h.message(EDITOR, `/publish ${HATHRAS}`);
    const send = lastButtons(EDITOR).find((d) => d.startsWith('dv:send:'));
    expect(send).toBeDefined();
    await h.callback(EDITOR, send as string);
    const [started] = await h.deps.deliveries.recent(1);
    expect(started?.target).toEqual({ kind: 'pcs', pcs: [TEST_BRIEFINGS.hathras.pcs[0]] });

    // /broadcast: a seat or a state, never everyone; a forged "everyone" button gets a clear refusal.
    h.clear();
    await h.message(EDITOR, '/broadcast');
    const targets = lastButtons(EDITOR);
    expect(targets).toContain(encodeCallback({ kind: 'target', scope: 'states', code: '-' }));
    expect(targets).not.toContain(encodeCallback({ kind: 'target', scope: 'all', code: '-' }));
    await h.callback(EDITOR, encodeCallback({ kind: 'target', scope: 'all', code: '-' }));
    expect(h.texts(EDITOR).at(-1)).toBe(h.deps.i18n.t('hi', 'editors.refuse-everyone'));
    expect(await h.deps.adminState.awaiting(EDITOR)).toBeUndefined();

    // An owner's draft for everyone, its button in an editor's hands: refused, nothing sent.
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'all', code: '-' }));
    await h.message(ADMIN_ID, 'परीक्षण हेतु काल्पनिक संदेश');
    const ownerSend = lastButtons(ADMIN_ID).find((d) => d.startsWith('dv:send:'));
    expect(ownerSend).toBeDefined();
    h.clear();
    await h.callback(EDITOR, ownerSend as string);
    expect(h.sent('answerCallbackQuery').at(-1)?.payload.text).toBe(
      h.deps.i18n.t('hi', 'editors.refuse-everyone'),
    );
    expect(await h.deps.deliveries.recent(5)).toHaveLength(1);

    // /editors stays with owners: the editor gets what an unknown command gets.
    const reference = await unknownReference(EDITOR);
    h.clear();
    await h.message(EDITOR, '/editors');
    expect(h.texts(EDITOR)).toEqual(reference);
    h.clear();
    await h.message(EDITOR, `/editors ${STRANGER}`);
    expect(h.texts(EDITOR)).toEqual(reference);
    expect(await h.deps.editors.has(STRANGER)).toBe(false);

    const audit = await h.deps.audit.recent(50);
    expect(audit).toContainEqual(
      expect.objectContaining({
        who: String(ADMIN_ID),
        action: 'editor-add',
        outcome: 'ok',
        target: String(EDITOR),
      }),
    );
    expect(audit.filter((a) => a.who === String(EDITOR) && a.action === 'publish-everyone')).toHaveLength(2);
    expect((await h.deps.audit.denied())[String(EDITOR)]).toBe(2);
  });

  it('when an owner forwards a message from a person, then that person becomes an editor under the name Telegram gave', async () => {
    await h.message(ADMIN_ID, '/editors');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'editor', action: 'add', id: '-' }));
    await h.message(ADMIN_ID, 'आज की खबर', {
      forward_origin: {
        type: 'user',
        date: 1_700_000_000,
        sender_user: { id: FORWARDED, is_bot: false, first_name: 'अनीता', last_name: 'शर्मा' },
      },
    });
    expect(h.texts(ADMIN_ID).at(-1)).toContain('अनीता शर्मा');
    expect(await h.deps.editors.has(FORWARDED)).toBe(false);
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'editor', action: 'ok', id: String(FORWARDED) }));
    expect(await h.deps.editors.get(FORWARDED)).toMatchObject({
      id: FORWARDED,
      name: 'अनीता शर्मा',
      addedBy: ADMIN_ID,
    });
    // A forward whose sender hides themselves, and a text that names nobody, are answered, not added.
    h.clear();
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'editor', action: 'add', id: '-' }));
    await h.message(ADMIN_ID, 'x', {
      forward_origin: { type: 'hidden_user', date: 1_700_000_000, sender_user_name: 'छिपा नाम' },
    });
    expect(h.texts(ADMIN_ID).at(-1)).toBe(h.deps.i18n.t('hi', 'editors.add-hidden'));
    await h.message(ADMIN_ID, 'कोई भी');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(h.deps.i18n.t('hi', 'editors.add-bad-input'));
    // An owner cannot be added as an editor.
    await h.message(ADMIN_ID, String(ADMIN_ID));
    expect(h.texts(ADMIN_ID).at(-1)).toContain('संचालक हैं');
    expect(await h.deps.editors.list()).toHaveLength(1);
  });

  it('when a non-editor tries the desk and the editors buttons, then they get what an unknown command gets, nothing changes, and it is counted', async () => {
    await addById(EDITOR);
    const reference = await unknownReference(STRANGER);
    for (const text of ['/editors', `/editors ${STRANGER}`, `/publish ${HATHRAS}`, '/broadcast']) {
      h.clear();
      await h.message(STRANGER, text);
      expect(h.texts(STRANGER), text).toEqual(reference);
    }
    h.clear();
    for (const action of ['add', 'ok', 'del', 'rm'])
      await h.callback(STRANGER, encodeCallback({ kind: 'editor', action, id: String(EDITOR) }));
    expect(h.sent('sendMessage')).toHaveLength(0);
    expect(h.sent('editMessageText')).toHaveLength(0);
    expect(await h.deps.editors.list()).toHaveLength(1);
    expect(await h.deps.editors.has(STRANGER)).toBe(false);
    expect(await h.deps.deliveries.recent(5)).toEqual([]);
    expect((await h.deps.audit.denied())[String(STRANGER)]).toBe(8);
  });

  it('when an owner removes an editor, then after confirming they lose the desk at once, and it is audited', async () => {
    await addById(EDITOR);
    h.clear();
    await h.message(ADMIN_ID, '/editors');
    expect(h.texts(ADMIN_ID).at(-1)).toContain(`<code>${EDITOR}</code>`);
    const del = lastButtons(ADMIN_ID).find((d) => d.startsWith('ed:del:'));
    expect(del).toBe(encodeCallback({ kind: 'editor', action: 'del', id: String(EDITOR) }));
    await h.callback(ADMIN_ID, del as string);
    // Asking is not removing.
    expect(await h.deps.editors.has(EDITOR)).toBe(true);
    const rm = lastButtons(ADMIN_ID).find((d) => d.startsWith('ed:rm:'));
    await h.callback(ADMIN_ID, rm as string);
    expect(await h.deps.editors.has(EDITOR)).toBe(false);
    expect(h.texts(ADMIN_ID).at(-1)).toContain(h.deps.i18n.t('hi', 'editors.none'));
    // A second tap on the same button finds nobody.
    h.clear();
    await h.callback(ADMIN_ID, rm as string);
    expect(h.sent('answerCallbackQuery').at(-1)?.payload.text).toBe(h.deps.i18n.t('hi', 'editors.stale'));

    const reference = await unknownReference(EDITOR);
    h.clear();
    await h.message(EDITOR, `/publish ${HATHRAS}`);
    expect(h.texts(EDITOR)).toEqual(reference);
    expect(await h.deps.audit.recent(50)).toContainEqual(
      expect.objectContaining({
        who: String(ADMIN_ID),
        action: 'editor-remove',
        outcome: 'ok',
        target: String(EDITOR),
      }),
    );
  });
});
