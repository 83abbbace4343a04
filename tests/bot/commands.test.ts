import type { Api } from 'grammy';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { setChatCommands, setDefaultCommands } from '../../src/bot/commands.js';
import { createI18n } from '../../src/i18n/index.js';
import type { SubscriberStore } from '../../src/store/subscribers.js';

const i18n = createI18n('locales');
const logger = pino({ level: 'silent' });
const ADMIN = 900001;
const ENGLISH_ADMIN = 900002;
const EDITOR = 900003;

/** The editors' store: one editor, {@link EDITOR}. */
const editors = {
  has: async (id: number) => id === EDITOR,
  list: async () => [{ id: EDITOR, name: 'Editor', addedBy: ADMIN, at: 0 }],
};

/** Stored chats: the English admin chose English; anyone else is unknown (never opened the bot). */
const subscribers = {
  getChat: async (chatId: number) =>
    chatId === ENGLISH_ADMIN
      ? ({ lang: 'en' } as Awaited<ReturnType<SubscriberStore['getChat']>>)
      : undefined,
};

/** An Api that records setMyCommands/deleteMyCommands calls; `failFor` chat ids answer "chat not found". */
function recordingApi(failFor: number[] = []) {
  const calls: Array<{
    method: string;
    commands?: Array<{ command: string; description: string }>;
    other?: Record<string, unknown>;
  }> = [];
  const api = {
    setMyCommands: async (
      commands: Array<{ command: string; description: string }>,
      other?: Record<string, unknown>,
    ) => {
      const chatId = (other?.scope as { chat_id?: number } | undefined)?.chat_id;
      if (chatId !== undefined && failFor.includes(chatId)) throw new Error('Bad Request: chat not found');
      calls.push({ method: 'setMyCommands', commands, ...(other ? { other } : {}) });
      return true;
    },
    deleteMyCommands: async (other?: Record<string, unknown>) => {
      calls.push({ method: 'deleteMyCommands', ...(other ? { other } : {}) });
      return true;
    },
  };
  return { api: api as unknown as Api, calls };
}

describe('command menus', () => {
  it('when the bot starts, then the default menu is Hindi for every client language and no English menu is left by language', async () => {
    const { api, calls } = recordingApi();
    await setDefaultCommands(api, { i18n, logger, subscribers, config: { adminIds: [ADMIN] }, editors });
    const defaults = calls.filter((c) => c.method === 'setMyCommands' && !c.other);
    expect(defaults).toHaveLength(1);
    expect(defaults[0]?.commands?.map((c) => c.description)).toContain(i18n.t('hi', 'commands.subscribe'));
    // No menu per client language: an English Telegram gets the Hindi default.
    expect(calls.some((c) => c.method === 'setMyCommands' && c.other?.language_code)).toBe(false);
    expect(calls).toContainEqual({ method: 'deleteMyCommands', other: { language_code: 'en' } });
    // The admin's own menu: the reader's commands, then the desk's, described in Hindi.
    const admin = calls.find((c) => (c.other?.scope as { chat_id?: number } | undefined)?.chat_id === ADMIN);
    expect(admin?.commands?.map((c) => c.command)).toEqual([
      'subscribe',
      'mysubs',
      'latest',
      'digest',
      'language',
      'help',
      'mydata',
      'stop',
      'new',
      'drafts',
      'edit',
      'withdraw',
      'publish',
      'broadcast',
      'scheduled',
      'correct',
      'stats',
      'editors',
      'desk',
      'feeds',
      'tokens',
      'election',
      'cancel',
    ]);
    expect(admin?.commands?.at(-1)?.description).toBe(i18n.t('hi', 'commands.cancel'));
  });

  it('when an admin has never opened the bot, then their menu fails quietly and the rest is still set', async () => {
    const { api, calls } = recordingApi([ADMIN]);
    await expect(
      setDefaultCommands(api, { i18n, logger, subscribers, config: { adminIds: [ADMIN] }, editors }),
    ).resolves.toBeUndefined();
    expect(calls.filter((c) => c.method === 'setMyCommands')).toHaveLength(2);
  });

  it('when the bot starts, then an admin who chose English gets the desk menu in English, another in Hindi', async () => {
    const { api, calls } = recordingApi();
    await setDefaultCommands(api, {
      i18n,
      logger,
      subscribers,
      config: { adminIds: [ADMIN, ENGLISH_ADMIN] },
      editors,
    });
    const menuOf = (id: number) =>
      calls.find((c) => (c.other?.scope as { chat_id?: number } | undefined)?.chat_id === id)?.commands;
    expect(menuOf(ENGLISH_ADMIN)?.at(-1)?.description).toBe(i18n.t('en', 'commands.cancel'));
    expect(menuOf(ENGLISH_ADMIN)?.[0]?.description).toBe(i18n.t('en', 'commands.subscribe'));
    expect(menuOf(ADMIN)?.at(-1)?.description).toBe(i18n.t('hi', 'commands.cancel'));
  });

  it('when a reader chooses English, then their chat gets an English menu; back to Hindi, it is removed; an admin keeps the desk', async () => {
    const { api, calls } = recordingApi();
    const deps = { i18n, logger, config: { adminIds: [ADMIN] }, editors };
    await setChatCommands(api, deps, 77, 'en');
    await setChatCommands(api, deps, 77, 'hi');
    await setChatCommands(api, deps, ADMIN, 'en');
    expect(calls[0]).toMatchObject({
      method: 'setMyCommands',
      other: { scope: { type: 'chat', chat_id: 77 } },
    });
    expect(calls[0]?.commands?.[0]?.description).toBe(i18n.t('en', 'commands.subscribe'));
    expect(calls[1]).toEqual({ method: 'deleteMyCommands', other: { scope: { type: 'chat', chat_id: 77 } } });
    expect(calls[2]?.commands?.map((c) => c.command)).toContain('publish');
  });

  it('when the bot starts or an editor changes language, then the editor gets the desk without /editors, owners with it', async () => {
    const { api, calls } = recordingApi();
    await setDefaultCommands(api, { i18n, logger, subscribers, config: { adminIds: [ADMIN] }, editors });
    await setChatCommands(api, { i18n, logger, config: { adminIds: [ADMIN] }, editors }, EDITOR, 'en');
    const menus = calls.filter(
      (c) => (c.other?.scope as { chat_id?: number } | undefined)?.chat_id === EDITOR,
    );
    expect(menus).toHaveLength(2);
    for (const m of menus) {
      const names = m.commands?.map((c) => c.command) ?? [];
      expect(names).toEqual(
        expect.arrayContaining(['publish', 'broadcast', 'scheduled', 'correct', 'stats', 'cancel']),
      );
      expect(names).not.toContain('editors');
    }
    expect(menus[1]?.commands?.at(-1)?.description).toBe(i18n.t('en', 'commands.cancel'));
    const owner = calls.find((c) => (c.other?.scope as { chat_id?: number } | undefined)?.chat_id === ADMIN);
    expect(owner?.commands?.map((c) => c.command)).toContain('editors');
  });
});
