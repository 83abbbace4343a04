import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotApiDouble } from '@chunav/bot-api-double';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { parse } from 'yaml';
import type { ChatEntry, ChatToast, Conversations } from './conversations.js';
import { honoListener } from './listen.js';
import type { SandboxUser } from './settings.js';
import type { SandboxLogger } from './types.js';

/** The page's files: `web/` at the package root, next to src/ and dist/ (tsc copies no non-TS files). */
export const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox.js': { file: 'sandbox.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox.css': { file: 'sandbox.css', type: 'text/css; charset=utf-8' },
};

/** Nothing on the page comes from elsewhere; the bot's text is rendered as DOM text, never as HTML. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Longest message a user may send (Telegram's own limit). */
const MAX_TEXT = 4096;
const PAGE_LANGS = ['hi', 'en'] as const;

export interface WebChatDeps {
  double: BotApiDouble;
  conversations: Conversations;
  users: readonly SandboxUser[];
  botUsername: string;
  botName: string;
  localesDir: string;
  logger: SandboxLogger;
  /** Default {@link WEB_DIR}. */
  webDir?: string;
  /** A host name the page is opened by besides the loopback names (SANDBOX_HOST when it is not local). */
  publicHost?: string;
}

/** Host names of this machine's loopback interface, as a browser sends them in `Host`. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface WebChat {
  app: Hono;
  /** Resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** The `sandbox:` section of a locale file, as flat strings for the page. */
function pageStrings(localesDir: string, lang: string): Record<string, string> {
  const tree = parse(readFileSync(join(localesDir, `${lang}.yaml`), 'utf8')) as Record<string, unknown>;
  const section = tree.sandbox;
  if (!section || typeof section !== 'object') throw new Error(`${lang}.yaml has no sandbox: section`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(section)) if (typeof v === 'string') out[k] = v;
  return out;
}

const visible = (entries: ChatEntry[]) => entries.filter((e) => !e.deleted);

/**
 * The sandbox's web chat: the page, and a JSON + Server-Sent Events API over the in-process Bot API
 * double. A person picks a sandbox user, sends text as that user (an update to the bot), presses inline
 * buttons (callback queries), and sees the bot's messages, edits, deletions and callback answers live.
 */
export function createWebChat(deps: WebChatDeps): WebChat {
  const webDir = deps.webDir ?? WEB_DIR;
  const users = new Map(deps.users.map((u) => [u.id, u]));
  const strings = new Map(PAGE_LANGS.map((lang) => [lang, pageStrings(deps.localesDir, lang)]));
  const closers = new Set<() => void>();
  const app = new Hono();

  // Only the page itself may act as a user: a JSON body forces a CORS preflight on any other site's
  // page, and a Host check turns away DNS-rebinding requests that would otherwise reach 127.0.0.1.
  app.use('/api/*', async (c, next) => {
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
    if (!LOCAL_HOSTS.has(host) && host !== deps.publicHost) {
      return c.json({ ok: false, error: 'this sandbox answers only on its own address' }, 403);
    }
    if (c.req.method === 'POST' && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return c.json({ ok: false, error: 'send JSON (content-type: application/json)' }, 415);
    }
    return next();
  });

  for (const [path, { file, type }] of Object.entries(FILES)) {
    app.get(path, (c) => {
      // Read on each request: the page can be edited while the sandbox runs.
      const body = readFileSync(join(webDir, file), 'utf8');
      return c.body(body, 200, { 'content-type': type, ...SECURITY_HEADERS });
    });
  }

  app.get('/api/info', (c) => {
    const lang = PAGE_LANGS.find((l) => l === c.req.query('lang')) ?? 'hi';
    const t = strings.get(lang) ?? {};
    return c.json({
      ok: true,
      result: {
        lang,
        langs: PAGE_LANGS,
        strings: t,
        bot: { username: deps.botUsername, name: deps.botName },
        users: deps.users.map((u) => ({ id: u.id, role: u.role, name: t[u.nameKey] ?? u.firstName })),
      },
    });
  });

  /** The sandbox user named in the path, or an error response. */
  const userOf = (raw: string): SandboxUser | undefined => {
    const id = Number(raw);
    return Number.isSafeInteger(id) ? users.get(id) : undefined;
  };
  const noUser = { ok: false, error: 'no such sandbox user' };

  const body = async (req: { json(): Promise<unknown> }): Promise<Record<string, unknown> | undefined> => {
    try {
      const value = await req.json();
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };

  app.get('/api/chats/:id/messages', (c) => {
    const user = userOf(c.req.param('id'));
    if (!user) return c.json(noUser, 404);
    return c.json({ ok: true, result: visible(deps.conversations.history(user.id)) });
  });

  app.post('/api/chats/:id/messages', async (c) => {
    const user = userOf(c.req.param('id'));
    if (!user) return c.json(noUser, 404);
    const input = await body(c.req);
    const text = typeof input?.text === 'string' ? input.text.trim() : '';
    if (text === '') return c.json({ ok: false, error: 'send {"text": "..."} with some text' }, 400);
    if (text.length > MAX_TEXT) return c.json({ ok: false, error: `text longer than ${MAX_TEXT}` }, 400);
    const update = deps.double.pushUpdate({
      type: 'message',
      chat_id: user.id,
      text,
      from: { first_name: user.firstName, language_code: 'hi' },
    });
    return c.json({ ok: true, result: { message_id: update.message?.message_id } });
  });

  app.post('/api/chats/:id/callback', async (c) => {
    const user = userOf(c.req.param('id'));
    if (!user) return c.json(noUser, 404);
    const input = await body(c.req);
    const messageId = Number(input?.message_id);
    const data = input?.data;
    if (!Number.isSafeInteger(messageId) || typeof data !== 'string') {
      return c.json({ ok: false, error: 'send {"message_id": <n>, "data": "<callback data>"}' }, 400);
    }
    // Only buttons the bot actually showed can be pressed, as in Telegram.
    const message = deps.conversations.find(user.id, messageId);
    const shown = message?.buttons.some((row) => row.some((b) => b.callback_data === data));
    if (!message || message.deleted || !shown) {
      return c.json({ ok: false, error: 'that message has no such button (any more)' }, 409);
    }
    deps.double.pushUpdate({
      type: 'callback',
      chat_id: user.id,
      message_id: messageId,
      data,
      from: { first_name: user.firstName, language_code: 'hi' },
    });
    return c.json({ ok: true, result: true });
  });

  // One stream for all sandbox chats: the page shows the current one and counts unread in the others.
  app.get('/api/stream', (c) =>
    streamSSE(c, async (stream) => {
      const send = (event: string, data: unknown) => {
        void stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => undefined);
      };
      const onEntry = (chatId: number, entry: ChatEntry) => send('entry', { chat_id: chatId, entry });
      const onToast = (chatId: number, toast: ChatToast) => send('toast', { chat_id: chatId, toast });
      deps.conversations.events.on('entry', onEntry);
      deps.conversations.events.on('toast', onToast);
      const heartbeat = setInterval(() => send('ping', {}), 15_000);
      send('ready', {});
      let done: () => void = () => undefined;
      await new Promise<void>((resolve) => {
        done = resolve;
        stream.onAbort(resolve);
        closers.add(resolve);
      });
      closers.delete(done);
      clearInterval(heartbeat);
      deps.conversations.events.off('entry', onEntry);
      deps.conversations.events.off('toast', onToast);
    }),
  );

  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  app.onError((err, c) => {
    deps.logger.error({ err }, 'sandbox web chat: request failed');
    return c.json({ ok: false, error: 'internal error' }, 500);
  });

  const listener = honoListener(app);
  return {
    app,
    listen: listener.listen,
    close() {
      for (const close of closers) close();
      closers.clear();
      return listener.close();
    },
  };
}
