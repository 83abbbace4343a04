import { createBotApiDouble } from '@chunav/bot-api-double';
import { createConversations } from './conversations.js';
import { ensureRedis, freePortPreferring, maskCredentials, type SandboxRedis } from './redis.js';
import {
  parseSandboxSettings,
  SANDBOX_ADMIN_ID,
  SANDBOX_BOT,
  SANDBOX_BOT_TOKEN,
  SANDBOX_USERS,
  type SandboxSettings,
} from './settings.js';
import type { SandboxLogger } from './types.js';
import { createWebChat } from './web-chat.js';

/** KEY_PREFIX of the sandbox unless KEY_PREFIX is set: its readers never mix with a real bot's. */
export const SANDBOX_KEY_PREFIX = 'sandbox';

/**
 * The program's settings the sandbox reads or replaces. The program passes its whole parsed configuration
 * (a type with more fields); the sandbox starts the program with a copy pointed at the double.
 */
export interface SandboxAppConfig {
  botToken: string | undefined;
  telegramApiRoot: string;
  redisUrl: string;
  keyPrefix: string;
  adminIds: readonly number[];
  botMode: 'polling' | 'webhook';
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  httpPort: number;
  httpHost: string;
  logLevel: string;
  /** Where locales/hi.yaml and en.yaml are: the web chat's strings are their `sandbox:` section. */
  localesDir: string;
  /** The web desk's public URL; the sandbox points it at the program's own HTTP port unless it is set. */
  deskUrl: string | undefined;
}

/** What the sandbox needs of the running program: its HTTP port (for the banner) and a way to stop it. */
export interface SandboxedApp {
  httpPort: number;
  stop(): Promise<void>;
}

/**
 * What the program hands the sandbox. The sandbox knows nothing of the program's modules: it gets the
 * configuration and the function that starts the whole program (bot and workers) from the caller.
 */
export interface SandboxDeps<C extends SandboxAppConfig> {
  /** The program's parsed configuration (without a BOT_TOKEN). */
  config: C;
  /** Starts the whole program (role `all`) with the configuration the sandbox made from `config`. */
  startApp(config: C): Promise<SandboxedApp>;
  /** Supplies the sandbox's own variables (SANDBOX_PORT, SANDBOX_HOST, SANDBOX_DATA_DIR). */
  env: NodeJS.ProcessEnv;
  logger: SandboxLogger;
  /** Where the banner goes; default stdout. */
  out?: (text: string) => void;
}

export interface Sandbox {
  /** The web chat, e.g. http://127.0.0.1:8080/ */
  url: string;
  redis: SandboxRedis;
  /** Stops the web chat, the bot and workers, the double and a private Redis, in that order. */
  stop(): Promise<void>;
}

function banner(lines: Array<[string, string]>): string {
  const rule = '═'.repeat(78);
  const width = Math.max(...lines.map(([k]) => k.length));
  const body = lines.map(([k, v]) => (k ? `  ${k.padEnd(width)}  ${v}` : `  ${v}`));
  return `\n${rule}\n${body.join('\n')}\n${rule}\n\n`;
}

function redisLine(redis: SandboxRedis, keyPrefix: string): string {
  const keys = `keys under "${keyPrefix}:"`;
  const why = redis.refusedExternal
    ? ` (REDIS_URL holds other data, e.g. "${redis.refusedExternal}", so it is left alone)`
    : '';
  switch (redis.kind) {
    case 'external':
      return `${maskCredentials(redis.url)} (REDIS_URL), ${keys}`;
    case 'private':
      return `private redis-server at ${redis.url}, data in ${redis.dir} (stopped on exit), ${keys}${why}`;
    case 'reused':
      return `private redis-server at ${redis.url} left from an earlier run, data in ${redis.dir} (stopped on exit), ${keys}${why}`;
  }
}

/**
 * The first-run sandbox (`npm start` without BOT_TOKEN): Redis (REDIS_URL, or a private redis-server),
 * the Bot API double in-process as "Telegram", the whole program (bot and workers) against it, and a web
 * chat where a person talks to the bot as one of three readers or as the admin.
 */
export async function startSandbox<C extends SandboxAppConfig>(deps: SandboxDeps<C>): Promise<Sandbox> {
  const { config, logger } = deps;
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const settings: SandboxSettings = parseSandboxSettings(deps.env);
  const cleanups: Array<{ name: string; run: () => Promise<unknown> | unknown }> = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step.run();
        } catch (err) {
          logger.warn({ err, step: step.name }, 'sandbox: shutdown step failed');
        }
      }
    })();
    return stopped;
  };

  try {
    // The web chat's port is checked first: failing after Redis and the bot have started helps no one.
    if (settings.port !== 0 && settings.httpPort === settings.port) {
      throw new Error(
        `HTTP_PORT and SANDBOX_PORT are both ${settings.port}, and the sandbox's web chat needs a port of its own: change one of them`,
      );
    }
    if (settings.port !== 0 && (await freePortPreferring(settings.port)) !== settings.port) {
      throw new Error(
        `port ${settings.port} on ${settings.host} is in use, and the sandbox's web chat needs one: set SANDBOX_PORT to another`,
      );
    }

    // Never a real bot's data: the sandbox's keys are under `sandbox…` only, and a Redis holding any
    // other key is left alone (a private redis-server runs instead).
    const keyPrefix = settings.keyPrefixSet ? config.keyPrefix : SANDBOX_KEY_PREFIX;
    if (!keyPrefix.startsWith(SANDBOX_KEY_PREFIX)) {
      throw new Error(
        `KEY_PREFIX is "${keyPrefix}", and the sandbox (no BOT_TOKEN) only runs under a prefix that begins with "${SANDBOX_KEY_PREFIX}", so that it can never read or send a real bot's data: unset KEY_PREFIX, or set BOT_TOKEN to run the real bot`,
      );
    }
    const redis = await ensureRedis({
      url: config.redisUrl,
      dir: settings.redisDir,
      onlyKeysUnder: SANDBOX_KEY_PREFIX,
    });
    cleanups.push({ name: 'redis', run: () => redis.stop() });

    const double = createBotApiDouble({ token: SANDBOX_BOT_TOKEN, botInfo: SANDBOX_BOT, logger });
    const { apiRoot } = await double.listen(0, '127.0.0.1');
    cleanups.push({ name: 'bot api double', run: () => double.close() });
    const conversations = createConversations(
      double,
      SANDBOX_USERS.map((u) => u.id),
    );
    cleanups.push({ name: 'conversations', run: () => conversations.close() });

    let httpPort = settings.httpPort;
    if (httpPort === undefined) {
      httpPort = await freePortPreferring(8081);
      if (httpPort === settings.port) httpPort = 0;
    }
    const appConfig: C = {
      ...config,
      botToken: SANDBOX_BOT_TOKEN,
      telegramApiRoot: apiRoot,
      redisUrl: redis.url,
      keyPrefix,
      adminIds: [...new Set([...config.adminIds, SANDBOX_ADMIN_ID])],
      botMode: 'polling',
      webhookUrl: undefined,
      webhookSecret: undefined,
      httpPort,
      httpHost: settings.httpHostSet ? config.httpHost : '127.0.0.1',
      // The web desk on the program's own port (known here unless the port is picked at listen time).
      deskUrl: config.deskUrl ?? (httpPort ? `http://127.0.0.1:${httpPort}` : undefined),
    };
    const app = await deps.startApp(appConfig);
    cleanups.push({ name: 'app', run: () => app.stop() });

    const web = createWebChat({
      double,
      conversations,
      users: SANDBOX_USERS,
      botUsername: SANDBOX_BOT.username,
      botName: SANDBOX_BOT.first_name,
      localesDir: config.localesDir,
      logger,
      publicHost: settings.host.includes(':') ? `[${settings.host}]` : settings.host,
    });
    const webPort = await web.listen(settings.port, settings.host);
    cleanups.push({ name: 'web chat', run: () => web.close() });
    const shownHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const url = `http://${shownHost}:${webPort}/`;

    out(
      banner([
        ['', 'SANDBOX: no BOT_TOKEN is set, so nothing here talks to Telegram.'],
        ['', 'The bot and its workers run against a local Telegram double; chat with them in a browser.'],
        ['', ''],
        ['Web chat', `${url}   (three readers and an admin)`],
        ['Bot', `@${SANDBOX_BOT.username} on the Bot API double at ${apiRoot}`],
        ['Redis', redisLine(redis, keyPrefix)],
        ['Health', `http://${appConfig.httpHost}:${app.httpPort}/healthz`],
        ...(appConfig.deskUrl
          ? [['Web desk', `${appConfig.deskUrl}/desk (send /desk as the admin)`] as [string, string]]
          : []),
        [
          'Logs',
          settings.logLevelSet ? `LOG_LEVEL=${config.logLevel}` : 'warnings only (LOG_LEVEL=info for all)',
        ],
        ['', ''],
        ['Telegram', 'for the real thing, set BOT_TOKEN (from @BotFather) and ADMIN_IDS, then npm start'],
        ['Stop', 'Ctrl+C'],
      ]),
    );
    logger.info({ url, redis: redis.kind }, 'sandbox ready');
    return { url, redis, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
