import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryEnv, type DeliveryEnv } from '../helpers/delivery-env.js';
import { startDeskBot } from '../helpers/desk-bot.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue #18 item 3 against the Bot API double over HTTP with real delivery workers: UP in a Vidhan
 * Sabha election, an editor's /new naming सिकंदराराऊ is suggested for the AC and हाथरस; published, a
 * reader of the AC alone (narrow) gets it once, a reader of Hathras once, a reader of सादाबाद not at all.
 */

const OWNER = 710001;
const EDITOR = 710002;
const AC_READER = 710003;
const PC_READER = 710004;
const SADABAD_READER = 710005;
/** Follows the AC with its PC's briefings too (the default): matched twice, sent once. */
const WIDE_AC_READER = 710006;

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

describe('an assembly seat from /new to its readers (double over HTTP, delivery workers, real Redis)', () => {
  it('when UP is in a Vidhan Sabha election and the editor sends a text naming सिकंदराराऊ, then the AC reader (narrow) and the Hathras reader get it once, the सादाबाद reader not', async () => {
    e = await createDeliveryEnv();
    const env = e;
    const { send, press } = await startDeskBot(env, { owner: OWNER, editor: EDITOR });

    // Readers follow by deep link, as they would; the AC reader turns off its PC's and state's briefings.
    await send(AC_READER, '/start ac_UP-A80');
    await env.subscribers.setPref(AC_READER, 'wide', false);
    await send(PC_READER, '/start pc_UP-16');
    await send(WIDE_AC_READER, '/start ac_UP-A80');
    await send(SADABAD_READER, '/start ac_UP-A79');
    await env.subscribers.setPref(SADABAD_READER, 'wide', false);
    await env.core.elections.set('UP', 'vs');

    const title = 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा';
    await send(EDITOR, '/new');
    await send(EDITOR, `${title}\nयह एक परीक्षण ब्रीफिंग है। सिकंदराराऊ में आज एक सभा हुई, जो असल में नहीं हुई।`);
    const shown = env.double
      .messages(EDITOR)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(shown).toContain('पाने वाले: <b>हाथरस लोकसभा और सिकंदराराऊ विधानसभा सीटों के पाठक</b>');

    await press(EDITOR, 'अभी भेजें');
    const [delivery] = await env.deliveries.recent(1);
    expect(delivery?.target).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });
    await env.waitForDone(delivery?.id as string);
    const got = (chatId: number) => env.double.messages(chatId).filter((m) => (m.text ?? '').includes(title));
    await waitFor(() => got(AC_READER).length > 0 && got(PC_READER).length > 0, {
      timeoutMs: 15_000,
      what: 'the briefing at both readers',
    });
    expect(got(AC_READER)).toHaveLength(1);
    expect(got(PC_READER)).toHaveLength(1);
    expect(got(WIDE_AC_READER)).toHaveLength(1);
    expect(got(SADABAD_READER)).toHaveLength(0);
    expect(delivery && (await env.deliveries.get(delivery.id))?.sent).toBe(3);
  });
});
