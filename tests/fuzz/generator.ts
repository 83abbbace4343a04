/**
 * Seeded generator of hostile Telegram updates for the webhook fuzz tests. Each case is an input for the
 * Bot API double's `pushUpdate` (so the double knows the chat, allocates message ids and remembers
 * callback query ids, as Telegram would) and a category for the report. The same seed gives the same
 * sequence of choices; callback targets depend on which bot messages exist when the case is drawn.
 */

import type { UpdateInput } from '@chunav/bot-api-double';
import { READER_COMMANDS as MENU_READER_COMMANDS } from '../../src/bot/commands.js';
import { ADMIN_COMMANDS } from '../../src/bot/features/admin/common.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { createRandom, type Random } from '../../src/util/random.js';

export interface FuzzWorld {
  adminId: number;
  /** Bot username, for `/cmd@bot` suffixes. */
  botUsername: string;
  pcCodes: readonly string[];
  stateCodes: readonly string[];
  briefingIds: readonly string[];
  /** Ids of messages the bot sent to a chat and that still exist (targets for button presses). */
  botMessages(chatId: number): number[];
}

export interface FuzzCase {
  category: string;
  input: UpdateInput;
}

export interface FuzzOptions {
  /** Readers the updates come from (private chat id = user id); default 500. */
  users?: number;
  /** Share of updates from the admin (they are flood-limited like everyone). */
  adminShare?: number;
}

/** Every reader command: the menu's, plus /start and /unsubscribe which the menu leaves out. */
const READER_COMMANDS: readonly string[] = ['start', 'unsubscribe', ...MENU_READER_COMMANDS];

const SEAT_NAMES = ['हाथरस', 'Hathras', 'hatras', 'गाज़ीपुर', 'ghazipur', 'Aligarh', 'अलीगढ़', 'वाराणसी', 'x'];

/** Code point ranges to draw characters from; lone surrogates are JSON-escaped on the wire. */
const SCRIPTS: ReadonlyArray<readonly [number, number]> = [
  [0x0900, 0x097f], // Devanagari
  [0x0020, 0x007e], // ASCII printable
  [0x00a0, 0x024f], // Latin-1 and Latin Extended
  [0x0600, 0x06ff], // Arabic
  [0x0590, 0x05ff], // Hebrew
  [0x4e00, 0x9fff], // CJK
  [0x1f300, 0x1faff], // emoji
  [0x0300, 0x036f], // combining marks
  [0x200b, 0x200f], // zero-width, LRM/RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2066, 0x2069], // bidi isolates
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0x0000, 0x001f], // C0 controls
  [0x007f, 0x009f], // DEL and C1 controls
  [0xd800, 0xdfff], // lone surrogates
  [0xfff0, 0xffff], // specials, noncharacters
];

const HTML_BITS = ['<', '>', '&', '"', "'", '<b>', '</a>', '&amp;', '&#x1F600;', '&lt;', '<script>', '&#0;'];

export function createFuzzer(seed: number, world: FuzzWorld, opts: FuzzOptions = {}) {
  const rnd: Random = createRandom(seed);
  const users = opts.users ?? 500;
  const adminShare = opts.adminShare ?? 0.005;

  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const chance = (p: number) => rnd() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

  function char(): string {
    const [lo, hi] = pick(SCRIPTS);
    return String.fromCodePoint(int(lo, hi));
  }

  /** Text mixing scripts, markup-looking bits and controls; `len` in UTF-16 units, roughly. */
  function junk(len: number): string {
    let s = '';
    while (s.length < len) {
      const r = rnd();
      if (r < 0.08) s += pick(HTML_BITS);
      else if (r < 0.12) s += pick(['\n', ' ', '\t', '  ', '\r\n']);
      else if (r < 0.35) {
        // A run of one script, so words look like words.
        const [lo, hi] = pick(SCRIPTS.slice(0, 7));
        const n = int(1, 8);
        for (let i = 0; i < n; i++) s += String.fromCodePoint(int(lo, hi));
      } else s += char();
    }
    return s;
  }

  function textLength(): number {
    const r = rnd();
    if (r < 0.6) return int(1, 30);
    if (r < 0.85) return int(31, 300);
    if (r < 0.95) return int(301, 4000);
    return int(4090, 6000); // at and beyond Telegram's 4096
  }

  function userId(): number {
    if (chance(adminShare)) return world.adminId;
    if (chance(0.01)) return pick([1, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 7, 9_007_199_254_740_000]);
    return 800_000_000 + int(1, users);
  }

  function commandName(): string {
    const r = rnd();
    if (r < 0.55) return pick(READER_COMMANDS);
    if (r < 0.75) return pick(ADMIN_COMMANDS);
    if (r < 0.85) return pick(['foo', 'Start', 'START', 'sub', 'a'.repeat(40), 'xyz_123', '']);
    return junk(int(1, 10)).replace(/\s/g, '');
  }

  function command(): string {
    const name = commandName();
    const suffix = chance(0.1)
      ? `@${pick([world.botUsername, 'other_bot', world.botUsername.toUpperCase(), ''])}`
      : '';
    const r = rnd();
    let args = '';
    if (name === 'start' && r < 0.5) {
      args = pick([
        `b_${junk(int(0, 80))}`,
        `b_${pick(world.briefingIds)}`,
        `b_${pick(world.briefingIds)}x`,
        `pc_${junk(int(0, 20))}`,
        `pc_${pick(world.pcCodes)}`,
        `pc_${pick(world.pcCodes).toLowerCase()}`,
        'pc_UP-999',
        'pc_ZZ-1',
        junk(int(1, 64)),
      ]);
    } else if (name === 'latest' && r < 0.5) {
      args = pick(['9999', '0', '-1', '99999999999999999999', pick(SEAT_NAMES), junk(int(1, 50))]);
    } else if (r < 0.4) {
      args = chance(0.3) ? pick(SEAT_NAMES) : junk(textLength());
    } else if (r < 0.5) {
      args = pick(world.pcCodes);
    }
    const sep = pick([' ', ' ', '  ', '\n', '\u00a0']);
    return `/${name}${suffix}${args ? sep + args : ''}`;
  }

  function messageText(): string {
    const r = rnd();
    if (r < 0.45) return command();
    if (r < 0.6) return pick(SEAT_NAMES);
    if (r < 0.63) return pick(['/', '//', '/ start', ' /start', '/start/start', '@', '']);
    return junk(textLength());
  }

  function callbackData(chatIsAdmin: boolean): string {
    const r = rnd();
    if (r < 0.35) {
      // Valid encodings with arbitrary (often nonexistent) values.
      const options: Array<() => string> = [
        () => encodeCallback({ kind: 'sub', pc: pick([pick(world.pcCodes), 'UP-999', 'ZZ-1']) }),
        () => encodeCallback({ kind: 'unsub', pc: pick([pick(world.pcCodes), 'UP-999']) }),
        () => encodeCallback({ kind: 'states', page: int(0, 9_999_999) }),
        () =>
          encodeCallback({ kind: 'state', state: pick([pick(world.stateCodes), 'ZZ']), page: int(0, 99) }),
        () => encodeCallback({ kind: 'lang', lang: pick(['hi', 'en']) }),
        () => encodeCallback({ kind: 'stop', confirm: chance(0.3) }),
        () => encodeCallback({ kind: 'latest', page: pick([0, 1, 2, 9_999_999]) }),
        () => encodeCallback({ kind: 'latestPc', pc: pick(world.pcCodes), page: int(0, 9_999_999) }),
        () => encodeCallback({ kind: 'digest', slot: pick(['07:00', '13:00', '19:00', 'off', '03:33']) }),
        () => encodeCallback({ kind: 'quiet', on: chance(0.5) }),
        () =>
          encodeCallback({
            kind: 'delivery',
            action: pick(['send', 'schedule', 'discard', 'pause', 'resume', 'cancel', 'x']),
            id: pick(['d0000000000', 'nope', junk(3).replace(/[^A-Za-z0-9_-]/g, 'a') || 'a']),
          }),
        () =>
          encodeCallback({
            kind: 'target',
            scope: pick(['pc', 'state', 'all', 'code', 'x']),
            code: pick(['-', 'UP', 'ZZ', pick(world.stateCodes)]),
          }),
        () => encodeCallback({ kind: 'noop' }),
      ];
      return pick(options)();
    }
    if (r < 0.65) {
      // Near-valid: a real tag with mangled fields.
      const tag = pick(['s', 'u', 'ss', 'st', 'l', 'x', 'lt', 'lp', 'b', 'dg', 'q', 'dv', 'tg', 'n']);
      const fields = Array.from({ length: int(0, 4) }, () =>
        pick([
          '',
          '0',
          '1',
          '-1',
          'UP-16',
          'up-16',
          'UP',
          '9999999',
          '99999999',
          'hi',
          'xx',
          '0700',
          'off',
          junk(4),
        ]),
      );
      return [tag, ...fields].join(pick([':', ':', '::', ';'])).slice(0, 64);
    }
    if (r < 0.9) {
      // Random characters; Telegram allows 1-64 bytes.
      let s = junk(int(1, 40));
      while (Buffer.byteLength(s, 'utf8') > 64) s = s.slice(0, -1);
      return s || 'x';
    }
    return chatIsAdmin ? 'dv:send:d0000000000' : pick(['', ':', 'n:', 'a'.repeat(64), 'a'.repeat(65)]);
  }

  function user(id: number) {
    const u: Record<string, unknown> = { id, is_bot: false, first_name: junk(int(1, 20)) };
    if (chance(0.7)) u.language_code = pick(['hi', 'en', 'ar', 'zh-hans', '']);
    if (chance(0.2)) u.username = `u${id}`;
    return u;
  }

  let groupSeq = 0;

  /** Draws the next case. */
  function next(): FuzzCase {
    const r = rnd();
    const id = userId();
    if (r < 0.3) {
      // A button press on a message the bot sent to this reader; else a message.
      const ids = world.botMessages(id);
      if (ids.length > 0) {
        return {
          category: 'callback',
          input: {
            type: 'callback',
            chat_id: id,
            message_id: pick(ids),
            data: callbackData(id === world.adminId),
            from: user(id),
          },
        };
      }
      // Nothing to press yet: ask for something with buttons.
      return {
        category: 'keyboard-opener',
        input: {
          type: 'message',
          chat_id: id,
          text: pick([
            '/subscribe',
            '/digest',
            '/language',
            '/stop',
            '/latest',
            '/mysubs',
            'हाथरस',
            'ghazipur',
          ]),
          from: user(id),
          chat_type: 'private',
        },
      };
    }
    if (r < 0.74) {
      return {
        category: 'private-message',
        input: { type: 'message', chat_id: id, text: messageText(), from: user(id), chat_type: 'private' },
      };
    }
    if (r < 0.79) {
      return {
        category: 'edited-message',
        input: { type: 'edited_message', chat_id: id, text: messageText(), from: user(id) },
      };
    }
    if (r < 0.87) {
      const supergroup = chance(0.5);
      const chatId = supergroup ? -1_001_000_000_000 - int(1, 50) : -4_000_000 - int(1, 50);
      return {
        category: supergroup ? 'supergroup-message' : 'group-message',
        input: {
          type: 'message',
          chat_id: chatId,
          text: messageText(),
          from: user(id),
          chat_type: supergroup ? 'supergroup' : 'group',
          title: junk(int(1, 30)),
        },
      };
    }
    if (r < 0.91) {
      const chatId = -1_002_000_000_000 - int(1, 20);
      const post = {
        message_id: ++groupSeq,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'channel', title: junk(int(1, 30)) },
        text: messageText(),
      };
      return {
        category: 'channel-post',
        input: (chance(0.7) ? { channel_post: post } : { edited_channel_post: post }) as UpdateInput,
      };
    }
    if (r < 0.95) {
      const kicked = chance(0.5);
      const chat = { id, type: 'private', first_name: 'R' };
      const me = { id: 7000000001, is_bot: true, first_name: 'Bot' };
      const member = { user: me, status: 'member' };
      const ban = { user: me, status: 'kicked', until_date: 0 };
      return {
        category: 'my-chat-member',
        input: {
          my_chat_member: {
            chat,
            from: user(id),
            date: Math.floor(Date.now() / 1000),
            old_chat_member: kicked ? member : ban,
            new_chat_member: kicked ? ban : member,
          },
        } as unknown as UpdateInput,
      };
    }
    // Update kinds the bot does not know, or malformed known ones.
    const unknown: Array<() => Record<string, unknown>> = [
      () => ({ made_up_update: { id: int(1, 1000), payload: junk(20) } }),
      () => ({ poll: { id: String(int(1, 1e6)), question: junk(10), options: [] } }),
      () => ({ message_reaction: { chat: { id, type: 'private' }, date: 0 } }),
      () => ({
        message: {
          message_id: int(1, 1e6),
          date: 0,
          chat: { id, type: 'private', first_name: 'R' },
          from: user(id),
          sticker: { file_id: 'x', width: 1, height: 1 },
        },
      }),
      () => ({
        message: {
          message_id: int(1, 1e6),
          date: 0,
          chat: { id, type: 'private', first_name: 'R' },
          from: user(id),
        },
      }),
      () => ({ chat_join_request: { chat: { id: -5, type: 'group' }, from: user(id), date: 0 } }),
    ];
    return { category: 'unknown-kind', input: pick(unknown)() as unknown as UpdateInput };
  }

  return { next };
}
