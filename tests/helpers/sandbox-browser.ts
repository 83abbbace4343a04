import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort, type Program, startProgram } from './program.js';
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from './redis.js';

/** Debian's Chromium, which the browser tests drive with playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
/** Browser tests run where Chromium is installed, and must run in CI (where its absence fails them). */
export const RUN_BROWSER_TESTS = existsSync(CHROMIUM) || process.env.CI === 'true';

if (!RUN_BROWSER_TESTS) {
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
}

/** The built program's first-run sandbox (no BOT_TOKEN) with a Chromium page on its web chat. */
export interface SandboxBrowser {
  env: TestRedis;
  program: Program;
  context: BrowserContext;
  /** The web chat page, opened as `reader` in Hindi. */
  chat: Page;
  /** The line the program printed when the web chat was up. */
  readyLine: string;
  sandboxPort: number;
  /** Errors thrown in the pages (and, with `consoleErrors`, logged to their consoles). */
  pageErrors: string[];
  /** Collects `page`'s errors into `pageErrors` and gives it the tests' default timeout. */
  watch(page: Page): void;
  /** The chat's bot messages whose text contains `text`. */
  botMessage(text: string | RegExp): Locator;
  /** Types `text` into the chat's composer and sends it. */
  say(text: string): Promise<void>;
  /** Switches the chat to the sandbox user `userId`. */
  chatAs(userId: number): Promise<void>;
  /** Closes the browser, stops the program (expecting exit code 0) and removes the test's keys. */
  close(): Promise<void>;
}

export async function startSandboxBrowser(opts: {
  name: string;
  reader: number;
  /** More settings for the program; `httpPort` is a free port chosen for HTTP_PORT. */
  env?: (ports: { httpPort: number }) => Record<string, string>;
  consoleErrors?: boolean;
}): Promise<SandboxBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`CI needs ${CHROMIUM}: install the Debian package "chromium"`);
  const env = await createTestRedis(opts.name);
  const sandboxPort = await freePort();
  const httpPort = await freePort();
  const program = startProgram('all', {
    // The shared test Redis holds other tests' keys: the sandbox leaves it alone and starts its own
    // redis-server in SANDBOX_DATA_DIR (stopped with the program).
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: env.prefix,
    SANDBOX_DATA_DIR: mkdtempSync(join(tmpdir(), `${opts.name}-data-`)),
    SANDBOX_PORT: String(sandboxPort),
    HTTP_PORT: String(httpPort),
    ...opts.env?.({ httpPort }),
  });
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  try {
    const readyLine = await program.waitFor(/Web chat\s+http:\/\/127\.0\.0\.1:\d+\//, 30_000);
    profileDir = mkdtempSync(join(tmpdir(), `${opts.name}-chromium-`));
    context = await launch(profileDir);
    return await openChat({ env, program, context, profileDir, readyLine, sandboxPort }, opts);
  } catch (err) {
    // Nothing left running when start-up fails.
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await program.stop();
    await env.cleanup();
    throw err;
  }
}

function launch(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
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
}

async function openChat(
  started: {
    env: TestRedis;
    program: Program;
    context: BrowserContext;
    profileDir: string;
    readyLine: string;
    sandboxPort: number;
  },
  opts: { reader: number; consoleErrors?: boolean },
): Promise<SandboxBrowser> {
  const { env, program, context, profileDir, readyLine, sandboxPort } = started;
  const pageErrors: string[] = [];
  const watch = (page: Page) => {
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    if (opts.consoleErrors) {
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });
    }
  };
  const chat = context.pages()[0] ?? (await context.newPage());
  watch(chat);
  await chat.goto(`http://127.0.0.1:${sandboxPort}/?user=${opts.reader}&lang=hi`);
  return {
    env,
    program,
    context,
    chat,
    readyLine,
    sandboxPort,
    pageErrors,
    watch,
    botMessage: (text) => chat.locator('.msg[data-from="bot"]', { hasText: text }),
    async say(text) {
      const input = chat.locator('#composer-input');
      await input.fill(text);
      await input.press('Enter');
    },
    async chatAs(userId) {
      await chat.locator(`.user[data-user-id="${userId}"]`).click();
      await expect
        .poll(() => chat.locator(`.user[data-user-id="${userId}"]`).getAttribute('aria-current'))
        .toBe('true');
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
      const code = await program.stop();
      expect(code).toBe(0);
      await env.cleanup();
    },
  };
}
