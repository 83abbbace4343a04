import { join } from 'node:path';
import { DEFAULT_BOT_INFO } from '@chunav/bot-api-double';
import type { Bot, Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { pino } from 'pino';
import type { BotContext, BotDeps } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/create-bot.js';
import { parseConfig } from '../../src/config.js';
import { createCore } from '../../src/core.js';
import type { DeliveryQueues } from '../../src/delivery/queues.js';
import { syncContent } from '../../src/usecases/import-briefings.js';
import { catalogIn, standardContent } from './fixtures.js';
import { createTestRedis, type TestRedis } from './redis.js';

/** The bot the offline harness pretends to be: the same one the Bot API double answers getMe with. */
export const BOT_INFO: UserFromGetMe = DEFAULT_BOT_INFO;

export const ADMIN_ID = 900001;

/** One recorded Bot API call. */
export interface Call {
  method: string;
  payload: Record<string, unknown>;
}

/** One inline keyboard button as the bot sent it. */
export interface Button {
  text: string;
  callback_data?: string;
}

/**
 * A bot wired to real stores on the shared Redis (unique prefix), with every Bot API call recorded by a
 * transformer and answered with a canned result, so no network is touched.
 */
export interface Harness {
  bot: Bot<BotContext>;
  deps: BotDeps;
  env: TestRedis;
  queues: DeliveryQueues;
  calls: Call[];
  /** Calls of one method since the last `clear()`. */
  sent(method?: string): Call[];
  /** Texts of sendMessage calls to `chatId`. */
  texts(chatId?: number): string[];
  /** Every inline button sent or edited to `chatId` since the last `clear()`, newest last. */
  buttons(chatId: number): Button[];
  /** The callback data of the newest button to `chatId` whose label contains `label`. */
  button(chatId: number, label: string): string;
  clear(): void;
  /** Private text message from a user (chat id = user id). */
  message(userId: number, text: string, extra?: Partial<Update['message']>): Promise<void>;
  callback(userId: number, data: string, messageId?: number): Promise<void>;
  update(u: Omit<Update, 'update_id'>): Promise<void>;
  close(): Promise<void>;
}

/**
 * `env` goes over the harness's own settings; its content is the tests' standard slice and briefings
 * (tests/helpers/fixtures.ts) unless `CONTENT_DIR` names another written with `writeContent`.
 */
export async function createHarness(
  env: Record<string, string> = {},
  opts: { sharedRedis?: boolean } = {},
): Promise<Harness> {
  const redisEnv = await createTestRedis('bot');
  const config = parseConfig({
    BOT_TOKEN: '123456:TEST-token-for-offline-bot-tests',
    KEY_PREFIX: redisEnv.prefix,
    ADMIN_IDS: String(ADMIN_ID),
    LOG_LEVEL: 'silent',
    CONTENT_DIR: standardContent().dir,
    ...env,
  });
  const core = createCore(config, pino({ level: 'silent' }), {
    redis: redisEnv.redis,
    catalog: catalogIn(config.contentDir),
  });
  core.setBotUsername(BOT_INFO.username);
  const { queues } = core;
  await syncContent(join(config.contentDir, 'briefings'), { store: core.briefings, catalog: core.catalog });
  const deps: BotDeps = {
    ...core,
    syncContent: async () => ({
      files: 1,
      created: 0,
      updated: 1,
      unchanged: 0,
      withdrawn: 0,
      kept: 0,
      problems: 0,
    }),
  };
  const calls: Call[] = [];
  let messageId = 1000;
  // The network: records each call as Telegram would receive it (after the bot's own transformers).
  const transport: Transformer = async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    const p = payload as Record<string, unknown>;
    let result: unknown = true;
    if (method === 'sendMessage' || method === 'copyMessage' || method === 'editMessageText') {
      result = {
        message_id: method === 'editMessageText' ? p.message_id : ++messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: p.chat_id, type: 'private', first_name: 'Reader' },
        text: p.text,
      };
    }
    return { ok: true, result } as never;
  };
  const bot = createBot(config.botToken as string, deps, {
    apiRoot: 'http://127.0.0.1:9',
    botInfo: BOT_INFO,
    transport,
    // As the program runs it: the flood limit and update ids on Redis (shared by bot processes).
    ...(opts.sharedRedis ? { rateLimitRedis: redisEnv.redis } : {}),
  });
  let updateId = 1;
  const update = (u: Omit<Update, 'update_id'>) =>
    bot.handleUpdate({ update_id: updateId++, ...u } as Update);
  const from = (id: number) => ({ id, is_bot: false, first_name: `Reader${id}`, language_code: 'hi' });
  const buttons = (chatId: number): Button[] =>
    calls
      .filter((c) => ['sendMessage', 'editMessageText'].includes(c.method) && c.payload.chat_id === chatId)
      .flatMap(
        (c) =>
          (c.payload.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard?.flat() ??
          [],
      );
  return {
    bot,
    deps,
    env: redisEnv,
    queues,
    calls,
    sent: (method) => (method ? calls.filter((c) => c.method === method) : calls),
    texts: (chatId) =>
      calls
        .filter(
          (c) =>
            (c.method === 'sendMessage' || c.method === 'editMessageText') &&
            (chatId === undefined || c.payload.chat_id === chatId),
        )
        .map((c) => String(c.payload.text)),
    buttons,
    button: (chatId, label) => {
      const b = buttons(chatId)
        .filter((x) => x.text.includes(label))
        .at(-1);
      if (!b?.callback_data)
        throw new Error(`no button "${label}" among ${buttons(chatId).map((x) => x.text)}`);
      return b.callback_data;
    },
    clear: () => {
      calls.length = 0;
    },
    message: (userId, text, extra) =>
      update({
        message: {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: userId, type: 'private', first_name: `Reader${userId}` },
          from: from(userId),
          text,
          ...(text.startsWith('/')
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]?.length ?? 1 }] }
            : {}),
          ...extra,
        } as Update['message'],
      }),
    callback: (userId, data, mid = 500) =>
      update({
        callback_query: {
          id: String(++messageId),
          from: from(userId),
          chat_instance: 'ci',
          data,
          message: {
            message_id: mid,
            date: Math.floor(Date.now() / 1000),
            chat: { id: userId, type: 'private', first_name: `Reader${userId}` },
            text: 'old',
          },
        } as Update['callback_query'],
      }),
    update,
    async close() {
      await queues.close();
      await core.feedScheduler.close();
      await redisEnv.cleanup();
    },
  };
}

/** The harness with `editor` added as an editor by the owner, as the desk tests start. */
export async function createDeskHarness(editor: number): Promise<Harness> {
  const h = await createHarness();
  await h.deps.editors.add({ id: editor, name: 'परीक्षण संपादक', addedBy: ADMIN_ID });
  return h;
}
