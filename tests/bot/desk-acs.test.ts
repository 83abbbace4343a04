import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CALLBACK_BYTES } from '../../src/telegram/callback-codec.js';
import { deskDeps, listDrafts } from '../../src/usecases/desk.js';
import { createDeskHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * Assembly seats in the Telegram desk, on the offline bot (real Redis, every Bot API call recorded):
 * what /new suggests under the election switch, and the seats view adding and removing an AC.
 */

let h: Harness;
beforeEach(async () => {
  h = await createDeskHarness(EDITOR);
});
afterEach(async () => {
  await h.close();
});

const EDITOR = 620001;
const TEXT = 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा\nसिकंदराराऊ में आज एक सभा हुई, जो असल में नहीं हुई।';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };

/** The buttons of the newest message (sent or edited) to `chatId` that has any. */
function lastButtons(chatId: number) {
  const withKb = h.calls.filter(
    (c) =>
      ['sendMessage', 'editMessageText'].includes(c.method) &&
      c.payload.chat_id === chatId &&
      c.payload.reply_markup !== undefined,
  );
  return (withKb.at(-1)?.payload.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? [];
}

/** The callback data of the newest message's button labelled exactly `label`. */
function button(chatId: number, label: string): string {
  const b = lastButtons(chatId).find((x) => x.text === label);
  if (!b?.callback_data)
    throw new Error(`no button "${label}" among ${lastButtons(chatId).map((x) => x.text)}`);
  return b.callback_data;
}

const openDraft = async () => (await listDrafts(deskDeps(h.deps), {})).items.find((d) => d.status === 'open');

/** /new with the test text: the draft it makes. */
async function newDraft() {
  await h.message(EDITOR, '/new');
  await h.message(EDITOR, TEXT);
  h.clear();
}

const lastButtonsData = () => lastButtons(EDITOR).map((b) => b.callback_data ?? '');

describe('/new and assembly seats', () => {
  it('when UP is in a Vidhan Sabha election and the text names सिकंदराराऊ, then the suggestion is the AC and हाथरस; the seats view removes and adds the AC', async () => {
    await h.deps.elections.set('UP', 'vs');
    await h.message(EDITOR, '/new');
    await h.message(EDITOR, TEXT);
    let draft = await openDraft();
    expect(draft?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });
    expect(draft?.suggestedAudience).toEqual(draft?.audience);
    expect(h.texts(EDITOR).join('\n')).toContain(
      'पाने वाले: <b>हाथरस लोकसभा और सिकंदराराऊ विधानसभा सीटों के पाठक</b>',
    );

    await h.callback(EDITOR, button(EDITOR, '📍 सीटें'));
    const labels = lastButtons(EDITOR).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(['✖ हाथरस', '✖ सिकंदराराऊ (विधानसभा)', '➕ सीट जोड़ें']));
    // Already in the audience: not offered again.
    expect(labels).not.toContain('➕ सिकंदराराऊ (विधानसभा)');
    for (const d of lastButtonsData()) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);

    await h.callback(EDITOR, button(EDITOR, '✖ सिकंदराराऊ (विधानसभा)'));
    draft = await openDraft();
    expect(draft?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(h.sent('editMessageText').at(-1)?.payload.text).toContain('हाथरस सीट के पाठक');
    // Removed, it is offered as a one-tap addition; tapped, it is back.
    await h.callback(EDITOR, button(EDITOR, '➕ सिकंदराराऊ (विधानसभा)'));
    draft = await openDraft();
    expect(draft?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });

    // Removing the PC leaves the AC alone: a briefing for the assembly seat only.
    await h.callback(EDITOR, button(EDITOR, '✖ हाथरस'));
    draft = await openDraft();
    expect(draft?.audience).toEqual({ kind: 'pcs', pcs: [], acs: ['UP-A80'] });
    await h.callback(EDITOR, button(EDITOR, '✖ सिकंदराराऊ (विधानसभा)'));
    expect((await openDraft())?.audience).toBeUndefined();
  });

  it('when UP is in the Lok Sabha election (the default), then हाथरस alone is suggested and सिकंदराराऊ is one tap away', async () => {
    await newDraft();
    const draft = await openDraft();
    expect(draft?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    await h.callback(EDITOR, `kz:${draft?.id}`);
    expect(lastButtons(EDITOR).map((b) => b.text)).toEqual(
      expect.arrayContaining(['✖ हाथरस', '➕ सिकंदराराऊ (विधानसभा)']),
    );
    await h.callback(EDITOR, button(EDITOR, '➕ सिकंदराराऊ (विधानसभा)'));
    expect((await openDraft())?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });
    // The suggestion itself is unchanged: "the bot's suggestion" goes back to हाथरस alone.
    expect((await openDraft())?.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
  });

  it('when an editor adds a seat by typing सादाबाद, then the assembly seat or its whole PC is offered, the election first', async () => {
    await newDraft();
    const draft = await openDraft();
    await h.callback(EDITOR, `kz:${draft?.id}`);
    await h.callback(EDITOR, button(EDITOR, '➕ सीट जोड़ें'));
    h.clear();
    await h.message(EDITOR, 'सादाबाद');
    expect(lastButtons(EDITOR).map((b) => b.text)).toEqual([
      'हाथरस: पूरी लोकसभा सीट',
      'सादाबाद: विधानसभा सीट',
    ]);
    await h.callback(EDITOR, button(EDITOR, 'सादाबाद: विधानसभा सीट'));
    expect((await openDraft())?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A79'] });

    // In a Vidhan Sabha election the assembly seat comes first.
    await h.deps.elections.set('UP', 'vs');
    await h.callback(EDITOR, button(EDITOR, '➕ सीट जोड़ें'));
    h.clear();
    await h.message(EDITOR, 'सादाबाद');
    expect(lastButtons(EDITOR).map((b) => b.text)).toEqual([
      'सादाबाद: विधानसभा सीट',
      'हाथरस: पूरी लोकसभा सीट',
    ]);
  });

  it('when a forged button names an assembly seat the catalogue lacks, then the draft is not touched', async () => {
    await newDraft();
    const draft = await openDraft();
    await h.callback(EDITOR, `kj:${draft?.id}:UP-A999`);
    expect((await openDraft())?.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
  });
});
