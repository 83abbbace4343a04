import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUN_BROWSER_TESTS, type SandboxBrowser, startSandboxBrowser } from '../helpers/sandbox-browser.js';

/**
 * The first-run sandbox in a real browser: the built program started with no BOT_TOKEN, Debian's
 * Chromium driven by playwright-core. A reader follows हाथरस with the keyboard, the admin publishes the
 * Hathras briefing, the reader gets it with its "ये भी पढ़ें" link, taps it and reads the Ghazipur one.
 * Then the desk as a new editor meets it: the owner makes राहुल an editor, he writes a briefing naming
 * सिकंदराराऊ with /new, the bot suggests हाथरस, [अभी भेजें] sends it to the reader, /edit changes her
 * copy, /withdraw deletes it; फ़रहा, a reader, can do none of it.
 */

const SCREENSHOT = join('test-results', 'sandbox.png');
const SCREENSHOT_ADMIN = join('test-results', 'sandbox-admin.png');

const HATHRAS = '2024-hathras-amar-singh-yadav-bsp';
const GHAZIPUR = '2024-ghazipur-afzal-ansari-legacy';
const READER = 700_001;
const ADMIN = 700_900;
/** राहुल, a reader until the owner makes him an editor. */
const NEW_EDITOR = 700_002;
/** फ़रहा, a reader who stays one. */
const OTHER_READER = 700_003;

let sb: SandboxBrowser | undefined;
let page: Page;
let pageErrors: string[];
let botMessage: SandboxBrowser['botMessage'];
let say: SandboxBrowser['say'];
let chatAs: SandboxBrowser['chatAs'];
let context: BrowserContext;

describe.skipIf(!RUN_BROWSER_TESTS)('sandbox in a browser (built program, no BOT_TOKEN, Chromium)', () => {
  beforeAll(async () => {
    sb = await startSandboxBrowser({ name: 'sandbox-browser', reader: READER, consoleErrors: true });
    expect(sb.readyLine).toContain(String(sb.sandboxPort));
    expect(sb.program.output.join('\n')).toContain('SANDBOX');
    ({ chat: page, pageErrors, botMessage, say, chatAs, context } = sb);
  }, 60_000);

  afterAll(async () => {
    await sb?.close();
  });

  it('when the content is read, then the Hathras briefing points at the Ghazipur one under also_read', () => {
    const text = readFileSync(join('content', 'briefings', `${HATHRAS}.md`), 'utf8');
    const front = parse(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '') as {
      also_read?: Array<{ briefing?: string }>;
    };
    expect(front.also_read?.map((r) => r.briefing)).toContain(GHAZIPUR);
  });

  it('when a reader follows हाथरस with the keyboard and the admin publishes the Hathras briefing, then the reader gets it and its "ये भी पढ़ें" link opens the Ghazipur briefing', async () => {
    // The page says plainly that this is not Telegram.
    await expect.poll(() => page.locator('#banner').textContent()).toContain('यह असली टेलीग्राम नहीं है');

    // Reader: /start (the page asks for it first, as Telegram does), the seat's name, then the follow
    // button under the bot's answer.
    await say('/start');
    await botMessage('स्वागत है').first().waitFor();
    await say('हाथरस');
    const offer = botMessage('हाथरस')
      .filter({ has: page.locator('.keyboard button') })
      .last();
    await offer.locator('.keyboard button', { hasText: 'हाथरस' }).click();
    await botMessage('अब आपको').filter({ hasText: 'हाथरस' }).waitFor();

    // Admin: /publish, the preview, then [अभी भेजें]; the confirmation is edited in place.
    await chatAs(ADMIN);
    await say('/publish हाथरस');
    const confirm = botMessage('अभी भेजें या समय तय करें?').last();
    await confirm.waitFor();
    await confirm.locator('.keyboard button', { hasText: 'अभी भेजें' }).click();
    await botMessage('भेजना शुरू हो गया').waitFor();

    // Reader: the briefing arrives with "ये भी पढ़ें" and a link into the bot.
    await chatAs(READER);
    const briefing = botMessage('ये भी पढ़ें').filter({ hasText: 'अमर सिंह यादव' }).last();
    await briefing.waitFor({ timeout: 30_000 });
    await expect.poll(() => briefing.locator('b').count()).toBeGreaterThan(0);
    const link = briefing.locator(`a[href*="start=b_${GHAZIPUR}"]`);
    expect(await link.getAttribute('href')).toBe(`https://t.me/chunav_sandbox_bot?start=b_${GHAZIPUR}`);
    expect(await link.getAttribute('rel')).toContain('noopener');

    // Tapping it opens the bot at /start b_<id>, as Telegram would: the Ghazipur briefing follows.
    await link.click();
    await page.locator('.msg[data-from="user"]', { hasText: `/start b_${GHAZIPUR}` }).waitFor();
    await botMessage('अफजाल अंसारी').last().waitFor({ timeout: 30_000 });
    expect(context.pages()).toHaveLength(1);

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Admin: the progress message was edited in place until the delivery finished.
    await chatAs(ADMIN);
    const progress = botMessage('स्थिति: पूरी');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.count()).toBe(1);
    expect(await progress.locator('.meta').textContent()).toContain('संपादित');
    expect(await progress.textContent()).toContain('भेजे गए: 1');
    await page.screenshot({ path: SCREENSHOT_ADMIN, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('when the owner makes a reader an editor and he writes a briefing naming सिकंदराराऊ with /new, then हाथरस is suggested, अभी भेजें reaches the Hathras reader with ये भी पढ़ें, /edit changes her copy and /withdraw deletes it', async () => {
    // Owner: /editors, add by id, confirm.
    await chatAs(ADMIN);
    await say('/editors');
    await botMessage('संपादक (').last().locator('.keyboard button', { hasText: 'संपादक जोड़ें' }).click();
    await botMessage('फॉरवर्ड कीजिए').last().waitFor();
    await say(String(NEW_EDITOR));
    await botMessage('को संपादक बनाएं')
      .last()
      .locator('.keyboard button', { hasText: 'हां, संपादक बनाएं' })
      .click();
    await botMessage('अब संपादक हैं').last().waitFor();

    // The new editor: /new, the title, then the text; the preview and the suggested seat.
    await chatAs(NEW_EDITOR);
    await say('/new');
    await botMessage('पहली पंक्ति शीर्षक बनेगी').last().waitFor();
    await say('परीक्षण: सिकंदराराऊ में काल्पनिक सभा');
    await say('यह एक परीक्षण ब्रीफिंग है। सिकंदराराऊ में आज एक सभा हुई, जो असल में नहीं हुई।');
    const offer = botMessage('पाने वाले: हाथरस सीट के पाठक').filter({ hasText: 'जो असल में नहीं हुई' }).last();
    await offer.waitFor();
    await botMessage('📍 लोकसभा सीट: हाथरस')
      .filter({ hasText: 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा' })
      .last()
      .waitFor();
    await offer.locator('.keyboard button', { hasText: 'अभी भेजें' }).click();
    await botMessage('ब्रीफिंग भेजी जा रही है').last().waitFor();

    // The reader of हाथरस gets it, with "ये भी पढ़ें".
    await chatAs(READER);
    const got = botMessage('परीक्षण: सिकंदराराऊ में काल्पनिक सभा').filter({ hasText: 'ये भी पढ़ें' }).last();
    await got.waitFor({ timeout: 30_000 });

    // /edit by title words, the new text, its preview and the count of copies, then yes.
    await chatAs(NEW_EDITOR);
    await say('/edit काल्पनिक सभा');
    await botMessage('पूरा नया पाठ भेजिए').last().waitFor();
    await say('परीक्षण: सिकंदराराऊ में काल्पनिक सभा टली');
    const confirm = botMessage('इसी से बदल जाएंगी').last();
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('प्रतियां (1)');
    await confirm.locator('.keyboard button', { hasText: 'हां, बदलें' }).click();
    await botMessage('संशोधन 2').last().waitFor();
    await chatAs(READER);
    await botMessage('सभा टली').filter({ hasText: 'संशोधित' }).last().waitFor({ timeout: 30_000 });

    // /withdraw, yes, then delete the copies too: the reader's copy is gone.
    await chatAs(NEW_EDITOR);
    await say('/withdraw सभा टली');
    await botMessage('वापस लें?').last().locator('.keyboard button', { hasText: 'हां, वापस लें' }).click();
    const withdrawn = botMessage('ब्रीफिंग वापस ले ली गई').last();
    await withdrawn.waitFor();
    await withdrawn.locator('.keyboard button', { hasText: 'प्रतियां भी मिटाएं' }).click();
    await botMessage('प्रतियां मिटाई जा रही हैं').last().waitFor();
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: join('test-results', 'sandbox-desk.png'), fullPage: true });
    await chatAs(READER);
    await expect.poll(() => botMessage('सभा टली').count(), { timeout: 30_000 }).toBe(0);

    // A reader who is no editor: /new is an unknown command, and plain text is a search.
    await chatAs(OTHER_READER);
    await say('/start');
    await botMessage('स्वागत है').first().waitFor();
    await say('/new');
    await botMessage('यह कमांड मुझे समझ नहीं आई').last().waitFor();
    expect(await botMessage('पहली पंक्ति शीर्षक बनेगी').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
