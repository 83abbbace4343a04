import { Api } from 'grammy';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startProgressReporter } from '../../src/delivery/progress.js';
import { createDeliveryEnv, type DeliveryEnv, TOKEN } from '../helpers/delivery-env.js';
import { startDeskBot } from '../helpers/desk-bot.js';
import { TEST_BRIEFINGS } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The "done when", against the Bot API double over HTTP with real delivery workers: a new
 * editor writes a Hindi briefing naming सिकंदराराऊ, the bot suggests हाथरस, [अभी भेजें] sends it,
 * Hathras readers get it with "ये भी पढ़ें"; /edit changes every copy; /withdraw takes it back and
 * deletes the copies; a reader can do none of it.
 */

const OWNER = 700001;
const EDITOR = 700002;
const STRANGER = 700003;

let e: DeliveryEnv | undefined;
let reporter: { stop(): Promise<void> } | undefined;
afterEach(async () => {
  await reporter?.stop();
  reporter = undefined;
  await e?.close();
  e = undefined;
});

async function setUp() {
  e = await createDeliveryEnv();
  const env = e;
  const { bot, send, press, texts } = await startDeskBot(env, { owner: OWNER, editor: EDITOR });
  // As the worker role runs it: the editor's progress messages edited as deliveries go.
  reporter = startProgressReporter({
    api: new Api(TOKEN, { apiRoot: env.apiRoot }),
    deliveries: env.deliveries,
    i18n: env.core.i18n,
    langOf: async () => 'hi',
    logger: pino({ level: 'silent' }),
    rate: 25,
    intervalMs: 300,
  });
  return { env, bot, send, press, texts };
}

describe('the desk in Telegram, end to end (bot over HTTP to the double, delivery workers, real Redis)', () => {
  it('when a new editor writes a Hindi briefing naming सिकंदराराऊ and taps अभी भेजें, then Hathras readers get it with ये भी पढ़ें; /edit changes every copy; /withdraw deletes them', async () => {
    const { env, send, press, texts } = await setUp();
    // Seeded readers alternate languages: 81001 and 81003 read Hindi, 81002 English.
    const readers = await env.seedReaders('UP-16', 3, 81_001);
    const elsewhere = await env.seedReaders('UP-75', 1, 82_000);

    await send(EDITOR, '/new');
    expect(texts(EDITOR).at(-1)).toContain('पहली पंक्ति शीर्षक बनेगी');
    await send(
      EDITOR,
      'परीक्षण: सिकंदराराऊ में काल्पनिक सभा\nयह एक परीक्षण ब्रीफिंग है। सिकंदराराऊ में आज एक सभा हुई, जो असल में नहीं हुई।',
    );
    const afterText = texts(EDITOR).join('\n');
    // The preview as readers get it, then the suggested seat.
    expect(afterText).toContain('<b>परीक्षण: सिकंदराराऊ में काल्पनिक सभा</b>');
    expect(afterText).toContain('📍 लोकसभा सीट: हाथरस');
    expect(afterText).toContain('पाने वाले: <b>हाथरस सीट के पाठक</b>');
    expect(afterText).toContain('ये भी पढ़ें');

    await press(EDITOR, 'अभी भेजें');
    const got = await env.double.waitForMessages(readers[0] as number, 1, 15_000);
    for (const r of readers) await env.double.waitForMessages(r, 1, 15_000);
    expect(got[0]?.text).toContain('परीक्षण: सिकंदराराऊ में काल्पनिक सभा');
    expect(got[0]?.text).toContain('ये भी पढ़ें');
    expect(got[0]?.text).toContain(TEST_BRIEFINGS.hathras.title);
    expect(env.double.messages(readers[1] as number)[0]?.text).toContain('Also read');
    expect(env.double.messages(elsewhere[0] as number)).toHaveLength(0);

    // /edit as a reply to the briefing as the editor saw it: the new text, previewed, then applied.
    const preview = env.double
      .messages(EDITOR)
      .find((m) => m.text?.startsWith('<b>परीक्षण: सिकंदराराऊ में काल्पनिक सभा</b>'));
    expect(preview).toBeDefined();
    await send(EDITOR, '/edit', { reply_to_message_id: preview?.message_id as number });
    expect(texts(EDITOR).at(-1)).toContain('पूरा नया पाठ भेजिए');
    await send(
      EDITOR,
      'परीक्षण: सिकंदराराऊ में काल्पनिक सभा टली\nयह एक परीक्षण ब्रीफिंग है। सभा अब कल होगी, यह भी काल्पनिक है।',
    );
    expect(texts(EDITOR).at(-1)).toContain('प्रतियां (3)');
    await press(EDITOR, 'हां, बदलें');
    for (const r of readers)
      await waitFor(() => env.double.messages(r)[0]?.text?.includes('सभा टली'), {
        timeoutMs: 15_000,
        what: `copy of ${r} edited`,
      });
    expect(env.double.messages(readers[0] as number)[0]?.text).toContain('संशोधित');

    // /withdraw by title words; then the copies are deleted on a second yes.
    await send(EDITOR, '/withdraw सभा टली');
    await press(EDITOR, 'हां, वापस लें');
    expect(texts(EDITOR).at(-1)).toContain('प्रतियां: 3');
    await press(EDITOR, 'प्रतियां भी मिटाएं');
    for (const r of readers)
      await waitFor(() => env.double.messages(r)[0]?.deleted_time !== undefined, {
        timeoutMs: 15_000,
        what: `copy of ${r} deleted`,
      });
    // The editor's progress message ends with how many copies could not be deleted.
    await waitFor(
      () => texts(EDITOR).some((t) => t.includes('प्रतियां मिटाई गईं: 3 · जो नहीं मिटाई जा सकीं: 0')),
      {
        timeoutMs: 15_000,
        what: 'the deletion report',
      },
    );
  });

  it('when a reader sends the desk commands and presses a draft button, then nothing is made or sent', async () => {
    const { env, send, texts, bot } = await setUp();
    const before = (await env.deliveries.recent(50)).length;
    for (const cmd of ['/new', '/drafts', '/edit हाथरस', '/withdraw हाथरस']) await send(STRANGER, cmd);
    await send(STRANGER, 'परीक्षण: सिकंदराराऊ में सभा\nकोई पाठ।');
    await bot.handleUpdate(
      env.double.pushUpdate({ type: 'callback', chat_id: STRANGER, message_id: 1, data: 'ks:abc123' }),
    );
    expect(texts(STRANGER).join('\n')).not.toContain('पहली पंक्ति शीर्षक बनेगी');
    expect(texts(STRANGER).join('\n')).not.toContain('पाने वाले');
    expect((await env.deliveries.recent(50)).length).toBe(before);
    expect(await env.core.briefings.get(TEST_BRIEFINGS.hathras.id)).toBeDefined();
  });
});
