import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';

/**
 * The first-run sandbox in a real browser: the built program started with no BOT_TOKEN, Debian's
 * Chromium driven by playwright-core. A reader follows हाथरस with the keyboard, the admin publishes the
 * Hathras briefing, the reader gets it with its "ये भी पढ़ें" link, taps it and reads the Ghazipur one.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const SCREENSHOT = join('test-results', 'sandbox.png');
const SCREENSHOT_ADMIN = join('test-results', 'sandbox-admin.png');

const HATHRAS = '2024-hathras-amar-singh-yadav-bsp';
const GHAZIPUR = '2024-ghazipur-afzal-ansari-legacy';
const READER = 700_001;
const ADMIN = 700_900;

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(`sandbox browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
}

let env: TestRedis;
let program: Program;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const pageErrors: string[] = [];

/** The chat's bot messages whose text contains `text`. */
const botMessage = (text: string | RegExp) => page.locator('.msg[data-from="bot"]', { hasText: text });

async function say(text: string): Promise<void> {
  const input = page.locator('#composer-input');
  await input.fill(text);
  await input.press('Enter');
}

async function chatAs(userId: number): Promise<void> {
  await page.locator(`.user[data-user-id="${userId}"]`).click();
  await expect
    .poll(() => page.locator(`.user[data-user-id="${userId}"]`).getAttribute('aria-current'))
    .toBe('true');
}

describe.skipIf(!HAS_CHROMIUM && !IN_CI)(
  'sandbox in a browser (built program, no BOT_TOKEN, Chromium)',
  () => {
    beforeAll(async () => {
      if (!HAS_CHROMIUM) throw new Error(`CI needs ${CHROMIUM}: install the Debian package "chromium"`);
      env = await createTestRedis('sandbox-browser');
      const sandboxPort = await freePort();
      program = startProgram('all', {
        // The shared test Redis holds other tests' keys: the sandbox leaves it alone and starts its own
        // redis-server in SANDBOX_DATA_DIR (stopped with the program).
        REDIS_URL: TEST_REDIS_URL,
        KEY_PREFIX: env.prefix,
        SANDBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'sandbox-browser-data-')),
        SANDBOX_PORT: String(sandboxPort),
        HTTP_PORT: String(await freePort()),
      });
      const line = await program.waitFor(/Web chat\s+http:\/\/127\.0\.0\.1:\d+\//, 30_000);
      expect(line).toContain(String(sandboxPort));
      expect(program.output.join('\n')).toContain('SANDBOX');

      profileDir = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1100, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });
      await page.goto(`http://127.0.0.1:${sandboxPort}/?user=${READER}&lang=hi`);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
      const code = await program?.stop();
      if (program) expect(code).toBe(0);
      await env?.cleanup();
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
  },
);
