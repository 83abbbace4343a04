import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_BROWSER_TESTS, type SandboxBrowser, startSandboxBrowser } from '../helpers/sandbox-browser.js';

/**
 * The web desk in a real browser, on the first-run sandbox (built program, no BOT_TOKEN, Debian's
 * Chromium): the admin sends /desk in the sandbox chat, opens the link, writes a Hindi briefing naming
 * गाजीपुर, takes the suggested seat, publishes; the sandbox reader following Ghazipur gets it, the
 * delivery reaches 100% on the live page, and the charts count one more delivery today.
 */

const SHOTS = 'test-results';
const READER = 700_003;
const ADMIN = 700_900;
const TITLE = 'गाजीपुर में मतदान केंद्रों की तैयारी (परीक्षण)';

let sb: SandboxBrowser | undefined;
let chat: Page;
let desk: Page;
let deskUrl: string;
let pageErrors: string[];
let botMessage: SandboxBrowser['botMessage'];
let say: SandboxBrowser['say'];
let chatAs: SandboxBrowser['chatAs'];
let context: BrowserContext;
let watch: SandboxBrowser['watch'];

async function todayDeliveries(): Promise<number> {
  await desk.goto(`${deskUrl}/desk/charts`);
  await desk.locator('body[data-charts-ready="true"]').waitFor();
  return Number(await desk.locator('#today-deliveries').getAttribute('data-count'));
}

describe.skipIf(!RUN_BROWSER_TESTS)('web desk in a browser (sandbox, Chromium)', () => {
  beforeAll(async () => {
    sb = await startSandboxBrowser({
      name: 'sandbox-desk',
      reader: READER,
      env: ({ httpPort }) => {
        deskUrl = `http://127.0.0.1:${httpPort}`;
        return { DESK_URL: deskUrl };
      },
    });
    ({ chat, pageErrors, botMessage, say, chatAs, context, watch } = sb);
  }, 60_000);

  afterAll(async () => {
    await sb?.close();
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
    watch(desk);
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
