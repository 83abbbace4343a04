import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from '../helpers/redis.js';

/**
 * The web desk in a real browser, on the first-run sandbox (built program, no BOT_TOKEN, Debian's
 * Chromium): the admin sends /desk in the sandbox chat, opens the link, writes a Hindi briefing naming
 * गाजीपुर, takes the suggested seat, publishes; the sandbox reader following Ghazipur gets it, the
 * delivery reaches 100% on the live page, and the charts count one more delivery today.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const SHOTS = 'test-results';
const READER = 700_003;
const ADMIN = 700_900;
const TITLE = 'गाजीपुर में मतदान केंद्रों की तैयारी (परीक्षण)';

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(`desk browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
}

let env: TestRedis;
let program: Program;
let context: BrowserContext;
let chat: Page;
let desk: Page;
let profileDir: string;
let deskUrl: string;
const pageErrors: string[] = [];

const botMessage = (text: string | RegExp) => chat.locator('.msg[data-from="bot"]', { hasText: text });

async function say(text: string): Promise<void> {
  const input = chat.locator('#composer-input');
  await input.fill(text);
  await input.press('Enter');
}

async function chatAs(userId: number): Promise<void> {
  await chat.locator(`.user[data-user-id="${userId}"]`).click();
  await expect
    .poll(() => chat.locator(`.user[data-user-id="${userId}"]`).getAttribute('aria-current'))
    .toBe('true');
}

async function todayDeliveries(): Promise<number> {
  await desk.goto(`${deskUrl}/desk/charts`);
  await desk.locator('body[data-charts-ready="true"]').waitFor();
  return Number(await desk.locator('#today-deliveries').getAttribute('data-count'));
}

describe.skipIf(!HAS_CHROMIUM && !IN_CI)('web desk in a browser (sandbox, Chromium)', () => {
  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(`CI needs ${CHROMIUM}: install the Debian package "chromium"`);
    env = await createTestRedis('sandbox-desk');
    const sandboxPort = await freePort();
    const httpPort = await freePort();
    deskUrl = `http://127.0.0.1:${httpPort}`;
    program = startProgram('all', {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: env.prefix,
      SANDBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'desk-browser-data-')),
      SANDBOX_PORT: String(sandboxPort),
      HTTP_PORT: String(httpPort),
      DESK_URL: deskUrl,
    });
    await program.waitFor(/Web chat\s+http:\/\/127\.0\.0\.1:\d+\//, 30_000);
    profileDir = mkdtempSync(join(tmpdir(), 'desk-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
      viewport: { width: 1100, height: 900 },
    });
    chat = context.pages()[0] ?? (await context.newPage());
    for (const p of [chat]) {
      p.setDefaultTimeout(20_000);
      p.on('pageerror', (err) => pageErrors.push(err.message));
    }
    await chat.goto(`http://127.0.0.1:${sandboxPort}/?user=${READER}&lang=hi`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    const code = await program?.stop();
    if (program) expect(code).toBe(0);
    await env?.cleanup();
  });

  it('when the admin signs in with /desk and publishes a Hindi briefing on Ghazipur, then the Ghazipur reader has it, the delivery shows 100% and the charts count it', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The reader follows गाजीपुर.
    await say('/start');
    await botMessage('स्वागत है').first().waitFor();
    await say('गाजीपुर');
    const offer = botMessage('गाजीपुर')
      .filter({ has: chat.locator('.keyboard button') })
      .last();
    await offer.locator('.keyboard button', { hasText: 'गाजीपुर' }).click();
    await botMessage('अब आपको').filter({ hasText: 'गाजीपुर' }).waitFor();

    // The admin asks for a link.
    await chatAs(ADMIN);
    await say('/desk');
    const linkMessage = botMessage('वेब डेस्क का लिंक').last();
    await linkMessage.waitFor();
    const href = (await linkMessage.locator('a').first().getAttribute('href')) as string;
    expect(href.startsWith(`${deskUrl}/desk/login?t=`)).toBe(true);

    // The desk, on a phone-sized page.
    desk = await context.newPage();
    desk.setDefaultTimeout(20_000);
    desk.on('pageerror', (err) => pageErrors.push(err.message));
    await desk.setViewportSize({ width: 360, height: 800 });
    await desk.goto(href);
    await desk.locator('#login').click();
    await desk.waitForURL(`${deskUrl}/desk`);
    await expect.poll(() => desk.locator('h1').textContent()).toBe('डेस्क');
    // The link is used up.
    const again = await context.request.post(`${deskUrl}/desk/login`, {
      form: { t: new URL(href).searchParams.get('t') as string },
      headers: { origin: deskUrl },
    });
    expect(again.status()).toBe(401);

    const before = await todayDeliveries();

    await desk.goto(`${deskUrl}/desk/write`);
    await desk.locator('#title').fill(TITLE);
    await desk
      .locator('#summary')
      .fill('जिला प्रशासन ने मतदान की तैयारी पूरी होने की बात कही। (परीक्षण हेतु काल्पनिक)');
    await desk
      .locator('#body')
      .fill('गाजीपुर में **सभी मतदान केंद्रों** पर तैयारी पूरी है।\n\nयह परीक्षण हेतु काल्पनिक खबर है।');
    const suggested = desk.locator('#suggested .chip[data-pc="UP-75"]');
    await suggested.waitFor();
    expect(await suggested.textContent()).toBe('गाजीपुर');
    expect(await desk.locator('#suggested .chip').count()).toBe(1);
    await desk.screenshot({ path: join(SHOTS, 'desk-write.png'), fullPage: true });
    await suggested.click();
    await desk.locator('#seats .chip[data-pc="UP-75"]').waitFor();
    const bubble = desk.locator('#preview .bubble').first();
    await bubble.waitFor();
    await expect.poll(() => bubble.locator('b').first().textContent()).toBe(TITLE);
    await expect.poll(() => bubble.textContent()).toContain('लोकसभा सीट: गाजीपुर');
    await desk.locator('#preview').screenshot({ path: join(SHOTS, 'desk-preview.png') });

    await desk.locator('#publish').click();
    await desk.waitForURL(/\/desk\/deliveries\?d=/);
    const id = new URL(desk.url()).searchParams.get('d') as string;
    const card = desk.locator(`.delivery[data-id="${id}"]`);
    await expect.poll(() => card.locator('.percent').textContent(), { timeout: 30_000 }).toBe('100%');
    expect(await card.locator('.sent').textContent()).toBe('1');

    // The reader has it.
    await chatAs(READER);
    await botMessage(TITLE).last().waitFor({ timeout: 30_000 });

    expect(await todayDeliveries()).toBe(before + 1);
    await desk.setViewportSize({ width: 1100, height: 900 });
    await desk.locator('body[data-charts-ready="true"]').waitFor();
    await desk.screenshot({ path: join(SHOTS, 'desk-charts.png'), fullPage: true });
    for (const f of ['desk-write.png', 'desk-preview.png', 'desk-charts.png'])
      expect(existsSync(join(SHOTS, f))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
