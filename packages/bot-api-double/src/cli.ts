import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { BotApiDoubleSettings, FaultOptions, RateLimitOptions } from './config.js';
import { createBotApiDouble } from './double.js';
import type { Range } from './random.js';

const HELP = `Telegram Bot API double (HTTP) for tests, benchmarks and the sandbox.

Usage: npm run double -- [options]   (or node packages/bot-api-double/dist/cli.js [options])
Prints its apiRoot (set TELEGRAM_API_ROOT to it) on the first line of stdout.

  --port <n>               port (default 8081; 0 picks a free one)
  --host <h>               interface (default 127.0.0.1)
  --token <t>              accept only this bot token (default: any)
  --control-token <t>      require "authorization: Bearer <t>" on /control/
  --rate <n>               global sends per second (sliding window; default off)
  --per-chat-rate <n>      sends per second per chat (default off; Telegram ~1)
  --paid-rate <n>          sends per second with allow_paid_broadcast (default: --rate)
  --retry-after <s>        announce this retry_after on rate-limit 429s
  --latency <ms|min-max>   latency per call
  --p429 <p>               probability of an injected 429
  --p429-retry-after <s|min-max>  retry_after of injected 429s (default 1-3)
  --p5xx <p>               probability of 500/502
  --p-drop <p>             probability the socket is dropped before the call takes effect
  --p-drop-after <p>       probability the call takes effect but the answer is dropped
  --fault-methods <list>   comma-separated methods faults hit, or "all" (default: send methods)
  --dead <ids>             comma-separated chats that blocked the bot (403)
  --deactivated <ids>      comma-separated deactivated users (403)
  --missing <ids>          comma-separated chats that do not exist (400)
  --known-chats-only       refuse chats never seen in a pushed update
  --lenient                skip Telegram's text / HTML / markup validation
  --length-unit <u>        codepoint (Telegram, default) or utf16
  --seed <n>               PRNG seed for faults and latency (default 1)
  --first-update-id <n>    update_id of the first pushed update (default: from the clock, so a
                           restarted double numbers above the ids it handed out before)
  --no-record-text         keep only chat, id and time of each message (million-message runs)
  --call-log <n>           API calls kept for /control/calls (default 10000)
  --bot-username <name>    getMe username (default chunav_test_bot)
  --bot-id <n>             getMe id (default 7000000001)
  --help                   this text
`;

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got '${raw}'`);
  return n;
}

function numberOrRange(name: string, raw: string | undefined): number | Range | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(raw);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  return number(name, raw);
}

function ids(name: string, raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const id = Number(s.trim());
      if (!Number.isSafeInteger(id)) throw new RangeError(`--${name} takes chat ids, got '${s}'`);
      return id;
    });
}

function settingsFrom(values: Record<string, string | boolean | undefined>): BotApiDoubleSettings {
  const str = (key: string) => values[key] as string | undefined;
  const settings: BotApiDoubleSettings = {};
  const rateLimit: RateLimitOptions = {};
  const rate = number('rate', str('rate'));
  if (rate !== undefined) rateLimit.global = rate;
  const perChat = number('per-chat-rate', str('per-chat-rate'));
  if (perChat !== undefined) rateLimit.perChat = perChat;
  const paid = number('paid-rate', str('paid-rate'));
  if (paid !== undefined) rateLimit.paid = paid;
  const retryAfter = number('retry-after', str('retry-after'));
  if (retryAfter !== undefined) rateLimit.retryAfter = retryAfter;
  if (Object.keys(rateLimit).length > 0) settings.rateLimit = rateLimit;

  const faults: FaultOptions = {};
  const p429 = number('p429', str('p429'));
  if (p429 !== undefined) faults.p429 = p429;
  const faultRetry = numberOrRange('p429-retry-after', str('p429-retry-after'));
  if (faultRetry !== undefined) faults.retryAfter = faultRetry;
  const p5xx = number('p5xx', str('p5xx'));
  if (p5xx !== undefined) faults.p5xx = p5xx;
  const pDrop = number('p-drop', str('p-drop'));
  if (pDrop !== undefined) faults.pDropBeforeRecord = pDrop;
  const pDropAfter = number('p-drop-after', str('p-drop-after'));
  if (pDropAfter !== undefined) faults.pDropAfterRecord = pDropAfter;
  const methods = str('fault-methods');
  if (methods !== undefined)
    faults.methods = methods === 'all' ? 'all' : methods.split(',').map((m) => m.trim());
  if (Object.keys(faults).length > 0) settings.faults = faults;

  const latency = numberOrRange('latency', str('latency'));
  if (latency !== undefined) settings.latencyMs = latency;
  const token = str('token');
  if (token !== undefined) settings.token = token;
  const dead = ids('dead', str('dead'));
  if (dead) settings.deadChats = dead;
  const deactivated = ids('deactivated', str('deactivated'));
  if (deactivated) settings.deactivatedChats = deactivated;
  const missing = ids('missing', str('missing'));
  if (missing) settings.missingChats = missing;
  if (values['known-chats-only']) settings.knownChatsOnly = true;
  if (values.lenient) settings.strict = false;
  const unit = str('length-unit');
  if (unit !== undefined) settings.lengthUnit = unit as 'codepoint' | 'utf16';
  const seed = number('seed', str('seed'));
  if (seed !== undefined) settings.seed = seed;
  if (values['no-record-text']) settings.recordText = false;
  const callLog = number('call-log', str('call-log'));
  if (callLog !== undefined) settings.callLogLimit = callLog;
  const botInfo: Record<string, unknown> = {};
  const username = str('bot-username');
  if (username !== undefined) botInfo.username = username;
  const botId = number('bot-id', str('bot-id'));
  if (botId !== undefined) botInfo.id = botId;
  if (Object.keys(botInfo).length > 0) settings.botInfo = botInfo;
  return settings;
}

async function main(): Promise<void> {
  const text = { type: 'string' } as const;
  const flag = { type: 'boolean' } as const;
  const { values } = parseArgs({
    options: {
      port: text,
      host: text,
      token: text,
      'control-token': text,
      rate: text,
      'per-chat-rate': text,
      'paid-rate': text,
      'retry-after': text,
      latency: text,
      p429: text,
      'p429-retry-after': text,
      p5xx: text,
      'p-drop': text,
      'p-drop-after': text,
      'fault-methods': text,
      dead: text,
      deactivated: text,
      missing: text,
      'known-chats-only': flag,
      lenient: flag,
      'length-unit': text,
      seed: text,
      'first-update-id': text,
      'no-record-text': flag,
      'call-log': text,
      'bot-username': text,
      'bot-id': text,
      help: flag,
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', name: 'bot-api-double' });
  const settings = settingsFrom(values);
  const firstUpdateId = number('first-update-id', values['first-update-id']);
  const double = createBotApiDouble({
    ...settings,
    ...(values['control-token'] ? { controlToken: values['control-token'] } : {}),
    ...(firstUpdateId !== undefined ? { firstUpdateId } : {}),
    logger,
  });
  const port = number('port', values.port) ?? 8081;
  const { apiRoot } = await double.listen(port, values.host ?? '127.0.0.1');
  process.stdout.write(`${apiRoot}\n`);
  logger.info({ apiRoot, control: `${apiRoot}/control/stats` }, 'bot-api-double: listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'bot-api-double: stopping');
    double.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'bot-api-double: close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`bot-api-double: ${(err as Error).message}\n`);
  process.exit(1);
});
