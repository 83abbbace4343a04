import type { RecordedMessage } from '@chunav/bot-api-double';
import { afterEach, describe, expect, it } from 'vitest';
import {
  copiesLeft,
  createDraft,
  DeskError,
  type DraftFields,
  deleteBriefingCopies,
  deskDeps,
  editBriefing,
  publishDraft,
  withdrawFromDesk,
} from '../../src/usecases/desk.js';
import { createDeliveryEnv, type DeliveryEnv } from '../helpers/delivery-env.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const editor = { id: '900002', role: 'editor' as const };
const PHOTO_URL = 'https://example.com/test-photo.jpg';
const FILE_ID = 'AgACAgIAAxkBAAIBdGZ0TESTphotoID';

const fields = (over: Partial<DraftFields> = {}): DraftFields => ({
  title: 'परीक्षण: हाथरस की काल्पनिक खबर',
  summary: 'यह परीक्षण हेतु काल्पनिक सार है।',
  body: 'यह **परीक्षण** हेतु काल्पनिक खबर है। इसमें लिखी कोई बात असली नहीं है।',
  audience: { kind: 'pcs', pcs: ['UP-16'] },
  ...over,
});

/** A long made-up body (over one message) whose last sentence is marked, to find it whole. */
const longBody = (paragraphs: number) =>
  [
    ...Array.from(
      { length: paragraphs },
      (_, i) => `अनुच्छेद ${i + 1}: ${'यह परीक्षण हेतु काल्पनिक वाक्य है। '.repeat(12).trim()}`,
    ),
    'अंतिम वाक्य: यह परीक्षण यहीं पूरा होता है।',
  ].join('\n\n');

/** Each reader's messages, in order. */
function byReader(messages: readonly RecordedMessage[]): Map<number, RecordedMessage[]> {
  const out = new Map<number, RecordedMessage[]>();
  for (const m of messages) out.set(m.chat_id, [...(out.get(m.chat_id) ?? []), m]);
  return out;
}

async function start() {
  e = await createDeliveryEnv();
  await e.startWorkers(1, { sendRate: 1000, paid: true });
  return { env: e, deps: deskDeps(e.core) };
}

describe('desk delivery: photos, edits and withdrawals (real Redis, HTTP Bot API double)', () => {
  it('when a short briefing has a photo, then each reader gets one photo with the briefing as caption, and an edit changes every caption in place', async () => {
    const { env, deps } = await start();
    const readers = await env.seedReaders('UP-16', 4, 610_000);
    const draft = await createDraft(deps, editor, fields({ photo: { kind: 'url', url: PHOTO_URL } }), {
      kind: 'telegram',
    });
    const { briefing, plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    await env.waitForDone(plan.delivery?.id as string);
    const sent = byReader(env.double.messages());
    expect([...sent.keys()].sort()).toEqual(readers);
    for (const msgs of sent.values()) {
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({ method: 'sendPhoto', photo: PHOTO_URL, parse_mode: 'HTML' });
      expect(msgs[0]?.text).toContain('परीक्षण: हाथरस की काल्पनिक खबर');
      // Readers alternate Hindi and English (tests/helpers/seed.ts).
      expect(msgs[0]?.text).toMatch(/ये भी पढ़ें|Also read/);
      expect(msgs[0]?.text).not.toMatch(/संशोधित|Updated/);
    }
    expect(
      env.double.calls('sendPhoto').filter((c) => /ये भी पढ़ें/.test(String(c.params.caption))),
    ).toHaveLength(readers.length / 2);

    const newTitle = 'परीक्षण: हाथरस की काल्पनिक खबर, संशोधित शीर्षक';
    const { corrected } = await editBriefing(deps, editor, briefing.id, { title: newTitle });
    if (!corrected) throw new Error('expected a correction of the sent copies');
    await env.waitForDone(corrected.id);
    expect(env.double.calls('editMessageCaption').filter((c) => c.status === 200)).toHaveLength(
      readers.length,
    );
    expect(env.double.calls('editMessageText')).toHaveLength(0);
    for (const m of env.double.messages()) {
      expect(m.text).toContain(newTitle);
      expect(m.text).toMatch(
        m.chat_id % 2
          ? /✏️ संशोधित: \d{1,2} \S+ \d{4}, \S+ [\d:]+ बजे/
          : /✏️ Updated: \d{1,2} [A-Z][a-z]+ \d{4}, [\d:]+ [ap]m/,
      );
      expect(m.photo).toBe(PHOTO_URL);
    }
    // /latest and deep links read the new revision.
    expect((await env.core.briefings.listNewestForPcs(['UP-16'])).items[0]?.title).toBe(newTitle);
    expect((await env.core.briefings.getForReading(briefing.id))?.briefing.revision).toBe(2);

    // A text that no longer fits the caption cannot become the copies readers hold: refused, nothing changed.
    const err = await editBriefing(deps, editor, briefing.id, { body: longBody(8) }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DeskError);
    expect((err as DeskError).field).toBe('layout');
    expect((await env.core.briefings.get(briefing.id))?.revision).toBe(2);
  });

  it('when a briefing is edited while its publication is still sending, then every copy ends with the new revision', async () => {
    // Each call takes 40 ms at the double and sends are paced: the edit lands mid-publication.
    e = await createDeliveryEnv({ latencyMs: 40 });
    const env = e;
    await env.startWorkers(1, { sendRate: 20, paid: true });
    const deps = deskDeps(env.core);
    const readers = await env.seedReaders('UP-16', 30, 660_000);
    const draft = await createDraft(deps, editor, fields(), { kind: 'telegram' });
    const { briefing, plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    await env.double.waitForMessages(undefined, 3, 10_000);
    const newTitle = 'परीक्षण: भेजते समय बदला गया काल्पनिक शीर्षक';
    const { corrected } = await editBriefing(deps, editor, briefing.id, { title: newTitle });
    if (!corrected) throw new Error('expected a correction');
    expect(corrected.after).toEqual([plan.delivery?.id]);
    await env.waitForDone(plan.delivery?.id as string, 30_000);
    await env.waitForDone(corrected.id, 30_000);
    const messages = env.double.messages();
    expect(messages).toHaveLength(readers.length);
    expect(messages.filter((m) => !m.text?.includes(newTitle)).map((m) => m.chat_id)).toEqual([]);
  });

  it('when a long briefing has a photo at an https address, then it is one text with the photo as a large preview above it, never cut', async () => {
    const { env, deps } = await start();
    await env.seedReaders('UP-16', 2, 620_000);
    const body = longBody(3);
    const draft = await createDraft(deps, editor, fields({ body, photo: { kind: 'url', url: PHOTO_URL } }), {
      kind: 'telegram',
    });
    const { plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    await env.waitForDone(plan.delivery?.id as string);
    expect(env.double.calls('sendPhoto')).toHaveLength(0);
    for (const msgs of byReader(env.double.messages()).values()) {
      expect(msgs).toHaveLength(1);
      expect(msgs[0]?.link_preview_options).toEqual({
        url: PHOTO_URL,
        prefer_large_media: true,
        show_above_text: true,
      });
      expect(msgs[0]?.text).toContain('अंतिम वाक्य: यह परीक्षण यहीं पूरा होता है।');
    }
  });

  it('when a long briefing has a photo Telegram holds by file id, then the photo comes first and the whole text after it', async () => {
    const { env, deps } = await start();
    await env.seedReaders('UP-16', 2, 630_000);
    const body = longBody(12);
    const draft = await createDraft(
      deps,
      editor,
      fields({ body, photo: { kind: 'telegram', fileId: FILE_ID } }),
      { kind: 'telegram' },
    );
    const { plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    await env.waitForDone(plan.delivery?.id as string);
    for (const msgs of byReader(env.double.messages()).values()) {
      expect(msgs.length).toBeGreaterThanOrEqual(3); // the photo, then a text longer than one message
      expect(msgs[0]).toMatchObject({ method: 'sendPhoto', photo: FILE_ID });
      expect(msgs[0]?.text).toBeUndefined();
      const text = msgs
        .slice(1)
        .map((m) => m.text)
        .join('\n');
      expect(msgs.slice(1).every((m) => m.method === 'sendMessage')).toBe(true);
      expect(text).toContain('अनुच्छेद 1:');
      expect(text).toContain('अनुच्छेद 12:');
      expect(text).toContain('अंतिम वाक्य: यह परीक्षण यहीं पूरा होता है।');
    }
  });

  it('when a sent briefing is withdrawn and then its copies deleted, then it is gone at once and the deletion reports the copies Telegram kept', async () => {
    const { env, deps } = await start();
    const early = await env.seedReaders('UP-16', 3, 640_000);
    const draft = await createDraft(deps, editor, fields(), { kind: 'telegram' });
    const { briefing, plan } = await publishDraft(deps, editor, draft.id, { kind: 'now' });
    await env.waitForDone(plan.delivery?.id as string);
    const firstSent = Math.max(...env.double.messages().map((m) => m.time));

    // Later readers get it from a second publication, at least GAP after the first copies.
    const GAP = 4000;
    await new Promise((r) => setTimeout(r, GAP));
    const late = await env.seedReaders('UP-16', 2, 650_000);
    const { publishBriefing } = await import('../../src/usecases/deliveries.js');
    const again = await publishBriefing(env.core, { briefingId: briefing.id, by: editor });
    expect(again.alreadyHave).toBe(early.length);
    await env.waitForDone(again.delivery?.id as string);
    expect(env.double.messages()).toHaveLength(early.length + late.length);

    const w = await withdrawFromDesk(deps, editor, briefing.id);
    expect(w.copies).toBe(early.length + late.length);
    expect(w.deletion).toBeUndefined(); // the copies stay until the second step
    expect(await env.core.briefings.get(briefing.id)).toBeUndefined();
    expect((await env.core.briefings.listNewestForPcs(['UP-16'])).items.map((b) => b.id)).not.toContain(
      briefing.id,
    );
    expect(env.double.calls('deleteMessage')).toHaveLength(0);

    // Telegram's 48 hours, scaled down: the first copies are now too old to delete, the later ones not.
    const lateSent = Math.min(
      ...env.double
        .messages()
        .filter((m) => late.includes(m.chat_id))
        .map((m) => m.time),
    );
    expect(lateSent - firstSent).toBeGreaterThanOrEqual(GAP);
    env.double.configure({ deleteWindowMs: Date.now() - lateSent + GAP * 0.75 });
    const { copies, deletion } = await deleteBriefingCopies(deps, editor, briefing.id);
    expect(copies).toBe(early.length + late.length);
    if (!deletion) throw new Error('expected a deletion');
    await env.waitForDone(deletion.id);
    expect(await copiesLeft(deps, deletion.id)).toEqual({
      done: true,
      deleted: late.length,
      left: early.length,
      total: early.length + late.length,
    });
    const kept = env.double
      .messages()
      .filter((m) => m.deleted_time === undefined)
      .map((m) => m.chat_id);
    expect(kept.sort()).toEqual(early);
    const audit = await env.core.audit.recent(5);
    expect(audit.map((a) => a.action)).toContain('delete-copies');
  });
});
