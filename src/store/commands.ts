import type { Redis } from 'ioredis';
import { loadScript } from './lua-loader.js';

/** A value passed to a script: Redis receives every one as a string. */
export type LuaArg = string | number;

type Names = readonly string[];

/** The named values for a list of names; a name ending in `...` takes a list (the rest of KEYS or ARGV). */
type Bind<N extends Names> = {
  [P in N[number] as P extends `${infer B}...` ? B : P]: P extends `${string}...`
    ? readonly LuaArg[]
    : LuaArg;
};

/** A script: its file (`lua/<file>.lua`), the names of its KEYS and ARGV in order, and its reply type. */
interface Spec<K extends Names, A extends Names, R> {
  file: string;
  keys: K;
  args: A;
  /** Only carries the reply type. */
  reply?: R;
}

/** Declares a script replying `R`; `keys` and `args` must match the script's header (checked at load). */
const script =
  <R>() =>
  <const K extends Names, const A extends Names>(file: string, keys: K, args: A): Spec<K, A, R> => ({
    file,
    keys,
    args,
  });

/** The parts the briefing audience scripts build index keys from (`indexParts` in briefings.ts). */
const BRIEFING_INDEX_PARTS = [
  'pcHead',
  'pcTail',
  'stateHead',
  'stateTail',
  'acHead',
  'acTail',
  'pcAcsHead',
  'pcAcsTail',
] as const;

/**
 * Every Lua script of the store. Each is registered on a connection with ioredis `defineCommand`
 * (EVALSHA, and EVAL once when Redis does not know the script yet) and called through the typed
 * functions of {@link storeCommands}.
 */
const SPECS = {
  // subscribers.ts
  chatEnsure: script<0 | 1>()(
    'chat-ensure',
    ['chat', 'chats', 'slot', 'day'],
    ['chatId', 'lang', 'now', 'digest', 'dayTtl'],
  ),
  chatSubscribe: script<'added' | 'exists' | 'cap' | 'no-chat'>()(
    'chat-subscribe',
    ['chat', 'chatSeats', 'seatChats', 'seatCounts', 'otherSeats'],
    ['seat', 'chatId', 'cap'],
  ),
  chatUnsubscribe: script<0 | 1>()(
    'chat-unsubscribe',
    ['chatSeats', 'seatChats', 'seatCounts'],
    ['seat', 'chatId'],
  ),
  chatForget: script<number>()(
    'chat-forget',
    ['chat', 'chatPcs', 'pcCounts', 'chats', 'inactive', 'chatAcs', 'acCounts', 'narrow', 'pcAcs'],
    ['chatId', 'pcChatsHead', 'pcChatsTail', 'slotHead', 'slotTail', 'acChatsHead', 'acChatsTail'],
  ),
  audiencePage: script<[string, string[]]>()(
    'audience-page',
    ['set', 'inactive', 'narrow', 'pcAcs'],
    ['cursor', 'count', 'index', 'pcsHead', 'pcsTail', 'acsHead', 'acsTail', 'sources...'],
  ),
  chatSetStatus: script<0 | 1>()(
    'chat-set-status',
    ['chat', 'inactive', 'day'],
    ['status', 'now', 'chatId', 'dayTtl'],
  ),
  chatSetDigest: script<0 | 1>()('chat-set-digest', ['chat', 'oldSlot', 'newSlot'], ['chatId', 'slot']),
  chatSetField: script<0 | 1>()('chat-set-field', ['chat'], ['field', 'value']),
  chatSetPref: script<0 | 1>()('chat-set-pref', ['chat', 'prefSet'], ['chatId', 'on']),
  // briefings.ts
  briefingSave: script<'created' | 'updated' | 'conflict' | 'withdrawn'>()(
    'briefing-save',
    ['record', 'indexes...'],
    ['hash', 'version', 'json', 'score', 'id', 'indexList', 'expectRev', 'rev', 'by', 'entry'],
  ),
  briefingWithdraw: script<0 | 1>()('briefing-withdraw', ['record'], ['id', 'at']),
  // drafts.ts
  draftCreate: script<['created' | 'exists' | 'taken', string]>()(
    'draft-create',
    ['draft', 'open', 'origin'],
    ['id', 'json', 'score', 'ttl', 'draftHead', 'draftTail'],
  ),
  draftSave: script<0 | 1>()(
    'draft-save',
    ['draft', 'open'],
    ['id', 'json', 'expect', 'version', 'status', 'score', 'ttl'],
  ),
  briefingsForPcs: script<string[]>()(
    'briefings-for-pcs',
    ['national'],
    ['min', 'n', ...BRIEFING_INDEX_PARTS, 'pcAcs', 'max', 'pcs...'],
  ),
  readerBriefings: script<[string | null, string[], string[], string[], [number, number]]>()(
    'reader-briefings',
    ['chatPcs', 'chat', 'national', 'chatAcs', 'narrow', 'pcAcs'],
    ['firstSince', 'n', 'lastDigestField', ...BRIEFING_INDEX_PARTS, 'chatId', 'now'],
  ),
  // deliveries.ts
  deliveryCreate: script<string>()(
    'delivery-create',
    ['delivery', 'deliveries', 'active', 'scheduled', 'claim...'],
    ['id', 'now', 'scheduledAt', 'deliveryHead', 'deliveryTail', 'fields...'],
  ),
  deliveryTransition: script<string | null>()(
    'delivery-transition',
    ['delivery', 'active', 'scheduled'],
    ['from', 'to', 'now', 'deliveryHead', 'deliveryTail'],
  ),
  deliveryMarkPending: script<[number, number]>()(
    'delivery-mark-pending',
    ['delivery', 'pending', 'finished'],
    ['groupHead', 'groupTail', 'chatIds...'],
  ),
  deliveryFanoutDone: script<'done' | 'ok'>()(
    'delivery-fanout-done',
    ['delivery', 'pending', 'finished', 'active'],
    ['now'],
  ),
  deliveryFinish: script<Array<'ok' | 'done' | 'repeat'>>()(
    'delivery-finish',
    ['delivery', 'pending', 'reasons', 'sent', 'finished', 'active', 'group...'],
    ['now', 'recordTtl', 'chatHead', 'chatTail', 'entries...'],
  ),
  sendOpenGroup: script<Array<[string[], string | null]>>()(
    'send-open-group',
    ['sent'],
    ['chatHead', 'chatTail', 'chatIds...'],
  ),
  deliveryDropRecipient: script<'none' | 'ok' | 'done'>()(
    'delivery-drop-recipient',
    ['delivery', 'pending', 'finished', 'active'],
    ['chatId', 'now'],
  ),
  sentRecordWrite: script<1>()('sent-record-write', ['sent'], ['chatId', 'record', 'ttl']),
  // pace.ts
  paceTake: script<string>()(
    'pace-take',
    ['state', 'log'],
    ['limit', 'windowMs', 'intervalMs', 'toleranceMs', 'want', 'spare', 'reply', 'giveBack'],
  ),
  pacePause: script<1>()('pace-pause', ['state'], ['ms']),
  // audit.ts
  auditErase: script<number>()('audit-erase', ['audit', 'denied'], ['who', 'anonymous', 'replacement']),
  // flood.ts
  floodHit: script<number>()('flood-hit', ['counter'], ['windowMs']),
  // jobs.ts
  streamDropJob: script<number>()('stream-drop-job', ['events'], ['suffix']),
  // feeds.ts
  feedClaimItems: script<string[]>()('feed-claim-items', ['seen'], ['now', 'keepMs', 'items...']),
  feedPollFailed: script<number>()(
    'feed-poll-failed',
    ['state'],
    ['now', 'status', 'httpStatus', 'baseMs', 'maxMs'],
  ),
  // locks.ts
  deleteIfEquals: script<0 | 1>()('delete-if-equals', ['key'], ['value']),
} as const;

type Specs = typeof SPECS;

/** Typed calls of every store script on one connection: `(keys, args) → reply`, by name. */
export type StoreCommands = {
  [N in keyof Specs]: Specs[N] extends Spec<infer K, infer A, infer R>
    ? (keys: Bind<K>, args: Bind<A>) => Promise<R>
    : never;
};

/** Prefix of the ioredis command names, so that they can meet neither a Redis command nor BullMQ's. */
const COMMAND_PREFIX = 'chunav:';

const registered = new WeakMap<Redis, StoreCommands>();

/** Values of `names` from `bound`, in order; a rest name spreads its list. */
function flatten(names: Names, bound: Record<string, LuaArg | readonly LuaArg[]>): LuaArg[] {
  const out: LuaArg[] = [];
  for (const n of names) {
    const rest = n.endsWith('...');
    const v = bound[rest ? n.slice(0, -3) : n];
    if (v === undefined) throw new Error(`script value "${n}" missing`);
    if (rest) out.push(...(v as readonly LuaArg[]));
    else out.push(v as LuaArg);
  }
  return out;
}

/**
 * The store's scripts on this connection: registered with `defineCommand` the first time a connection
 * is seen (every store built on it then shares them), each checked against its file's header.
 */
export function storeCommands(redis: Redis): StoreCommands {
  const known = registered.get(redis);
  if (known) return known;
  const commands: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SPECS) as Array<[string, Spec<Names, Names, unknown>]>) {
    const loaded = loadScript(spec.file);
    if (loaded.keys.join() !== spec.keys.join() || loaded.args.join() !== spec.args.join()) {
      throw new Error(
        `${spec.file}.lua declares KEYS ${loaded.keys.join(', ')} and ARGV ${loaded.args.join(', ')}; ` +
          `commands.ts expects KEYS ${spec.keys.join(', ')} and ARGV ${spec.args.join(', ')}`,
      );
    }
    const variableKeys = spec.keys.some((k) => k.endsWith('...'));
    const command = `${COMMAND_PREFIX}${name}`;
    // With a variable number of keys, ioredis takes the count as the first argument.
    redis.defineCommand(
      command,
      variableKeys ? { lua: loaded.lua } : { lua: loaded.lua, numberOfKeys: spec.keys.length },
    );
    const call = (redis as unknown as Record<string, (...args: LuaArg[]) => Promise<unknown>>)[command];
    if (!call) throw new Error(`ioredis did not define ${command}`);
    commands[name] = (
      keys: Record<string, LuaArg | readonly LuaArg[]>,
      args: Record<string, LuaArg | readonly LuaArg[]>,
    ) => {
      const k = flatten(spec.keys, keys);
      const a = flatten(spec.args, args);
      return variableKeys ? call.call(redis, k.length, ...k, ...a) : call.call(redis, ...k, ...a);
    };
  }
  const typed = commands as StoreCommands;
  registered.set(redis, typed);
  return typed;
}
