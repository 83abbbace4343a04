/**
 * One codec for every inline button's callback data: short, typed, validated on the way back in.
 * Telegram allows 64 bytes; encode() refuses anything longer, decode() returns undefined for data
 * that does not parse (forged, stale from an older version, or mangled), so handlers never see junk.
 */

const FIELD_TYPES = {
  pc: { re: /^[A-Z]{2}-\d{1,3}$/, parse: (s: string) => s },
  /** An assembly seat's code, `UP-A80` (never a PC's: the `A` keeps them apart). */
  ac: { re: /^[A-Z]{2}-A\d{1,3}$/, parse: (s: string) => s },
  state: { re: /^[A-Z]{2}$/, parse: (s: string) => s },
  int: { re: /^\d{1,7}$/, parse: (s: string) => Number(s) },
  bool: { re: /^[01]$/, parse: (s: string) => s === '1' },
  lang: { re: /^(hi|en)$/, parse: (s: string) => s },
  id: { re: /^[A-Za-z0-9_-]{1,62}$/, parse: (s: string) => s },
  /** An instant to the minute, as epoch minutes in base 36 (`tjq5hc`): a scheduled time fits in 6 bytes. */
  minute: { re: /^[0-9a-z]{1,8}$/, parse: (s: string) => Number.parseInt(s, 36) * 60_000 },
  slot: { re: /^(\d{4}|off)$/, parse: (s: string) => (s === 'off' ? s : `${s.slice(0, 2)}:${s.slice(2)}`) },
} as const;

type FieldType = keyof typeof FIELD_TYPES;
type FieldValue<T extends FieldType> = T extends 'int' | 'minute'
  ? number
  : T extends 'bool'
    ? boolean
    : string;

/**
 * Every kind of callback: a one- or two-letter tag and its ordered fields. Tags must stay unique, and a
 * retired tag (`b`, a briefing button no keyboard makes any more) is best not reused, so that a button
 * left in an old message decodes to nothing rather than to something else.
 */
const SPECS = {
  /** Follow a PC. */
  sub: { tag: 's', fields: { pc: 'pc' } },
  /** Stop following a PC (from /mysubs). */
  unsub: { tag: 'u', fields: { pc: 'pc' } },
  /** Follow an assembly seat (AC). */
  subAc: { tag: 'sv', fields: { ac: 'ac' } },
  /** Stop following an AC (from /mysubs). */
  unsubAc: { tag: 'uv', fields: { ac: 'ac' } },
  /** A state's choice of seat kind: Lok Sabha or Vidhan Sabha. */
  stateKind: { tag: 'sk', fields: { state: 'state' } },
  /** ACs of a state, page n. */
  stateAcs: { tag: 'va', fields: { state: 'state', page: 'int' } },
  /** A seat preference on or off (`wide` or `pcAcs`, store/subscribers.ts `SeatPrefs`), from /mysubs. */
  pref: { tag: 'pf', fields: { name: 'id', on: 'bool' } },
  /** State list, page n. */
  states: { tag: 'ss', fields: { page: 'int' } },
  /** PCs of a state, page n. */
  state: { tag: 'st', fields: { state: 'state', page: 'int' } },
  /** Choose the UI language. */
  lang: { tag: 'l', fields: { lang: 'lang' } },
  /** /stop confirmation. */
  stop: { tag: 'x', fields: { confirm: 'bool' } },
  /** /latest page for the chat's own PCs (pc empty) or for one PC. */
  latest: { tag: 'lt', fields: { page: 'int' } },
  latestPc: { tag: 'lp', fields: { pc: 'pc', page: 'int' } },
  /** /latest page for one AC. */
  latestAc: { tag: 'la', fields: { ac: 'ac', page: 'int' } },
  /** Choose the digest slot. */
  digest: { tag: 'dg', fields: { slot: 'slot' } },
  /** Quiet hours on/off. */
  quiet: { tag: 'q', fields: { on: 'bool' } },
  /** Admin: act on a pending or running delivery. */
  delivery: { tag: 'dv', fields: { action: 'id', id: 'id' } },
  /** Admin: /correct without an id, one delivery chosen by its headline. */
  correctPick: { tag: 'cp', fields: { id: 'id' } },
  /** Admin: confirm the time read back for a draft (`at` in epoch ms, kept to the minute). */
  scheduleAt: { tag: 'sa', fields: { id: 'id', at: 'minute' } },
  /** Admin: choose a broadcast target: `pc` (then a search), `state` (then the list), `all`, or a state `code`. */
  target: { tag: 'tg', fields: { scope: 'id', code: 'id' } },
  /** Owner: manage editors: `add` (ask whom), `ok` (confirm adding user `id`), `del` (ask), `rm` (remove), `no`. */
  editor: { tag: 'ed', fields: { action: 'id', id: 'id' } },
  /** Owner: a website feed: `pause`, `resume`, `auto`, `review`, `del` (ask), `rm` (remove), `list`. */
  feed: { tag: 'fd', fields: { action: 'id', id: 'id' } },
  /** Owner: a CMS API token: `del` (ask), `rm` (revoke), `list`. */
  apiToken: { tag: 'at', fields: { action: 'id', id: 'id' } },
  /**
   * Desk drafts (made in /new, the web desk, a feed or the API), by draft id: publish now, change the
   * seats, discard, show the full preview, ask a time, keep for later, confirm a time read back.
   */
  draftSend: { tag: 'ks', fields: { id: 'id' } },
  draftSeats: { tag: 'kz', fields: { id: 'id' } },
  draftDrop: { tag: 'kx', fields: { id: 'id' } },
  draftOpen: { tag: 'ko', fields: { id: 'id' } },
  draftSchedule: { tag: 'kt', fields: { id: 'id' } },
  draftKeep: { tag: 'kk', fields: { id: 'id' } },
  draftAt: { tag: 'ka', fields: { id: 'id', at: 'minute' } },
  /** A draft's seats: remove one PC, add one (then a search), or `scope` = `pcs`, `state` or `national`. */
  draftSeatRemove: { tag: 'kr', fields: { id: 'id', pc: 'pc' } },
  draftSeatAdd: { tag: 'kp', fields: { id: 'id' } },
  draftSeatPick: { tag: 'kq', fields: { id: 'id', pc: 'pc' } },
  /** A draft's assembly seats: remove one, add one (a seat the text names, or one a search found). */
  draftSeatRemoveAc: { tag: 'kw', fields: { id: 'id', ac: 'ac' } },
  draftSeatPickAc: { tag: 'kj', fields: { id: 'id', ac: 'ac' } },
  draftScope: { tag: 'kc', fields: { id: 'id', scope: 'id' } },
  /** Edit one field of a draft with a tap: `title`, `summary`, `also` (ये भी पढ़ें), `text` (append). */
  draftEdit: { tag: 'ke', fields: { id: 'id', field: 'id' } },
  /** A second /new while a draft is open: go on with it (`go`) or start anew keeping it (`new`). */
  draftResume: { tag: 'kn', fields: { id: 'id', choice: 'id' } },
  /** Desk: drop the confirmation waiting (an edit, a withdrawal). */
  deskCancel: { tag: 'k0', fields: {} },
  /** Published briefings, by briefing id (up to 62 characters, so one-letter tags): edit one. */
  briefingEdit: { tag: 'e', fields: { id: 'id' } },
  /** /publish: preview this briefing (chosen by its headline among several). */
  briefingPublish: { tag: 'p', fields: { id: 'id' } },
  /** Apply the previewed new text of a briefing. */
  briefingEditApply: { tag: 'f', fields: { id: 'id' } },
  /** Withdraw: ask (`w`), confirm (`v`), then delete the copies readers have (`y`). */
  briefingWithdraw: { tag: 'w', fields: { id: 'id' } },
  briefingWithdrawConfirm: { tag: 'v', fields: { id: 'id' } },
  briefingDeleteCopies: { tag: 'y', fields: { id: 'id' } },
  /** A button that does nothing when pressed (a page counter, a seat already followed). */
  noop: { tag: 'n', fields: {} },
} as const satisfies Record<string, { tag: string; fields: Record<string, FieldType> }>;

type Specs = typeof SPECS;
export type CallbackKind = keyof Specs;

/** Decoded callback data, discriminated by `kind`. */
export type CallbackData = {
  [K in CallbackKind]: { kind: K } & {
    -readonly [F in keyof Specs[K]['fields']]: Specs[K]['fields'][F] extends FieldType
      ? FieldValue<Specs[K]['fields'][F]>
      : never;
  };
}[CallbackKind];

/** The decoded payload of one kind, e.g. `CallbackOf<'sub'>` is `{ kind: 'sub'; pc: string }`. */
export type CallbackOf<K extends CallbackKind> = Extract<CallbackData, { kind: K }>;

const SEP = ':';
const BY_TAG = new Map<string, CallbackKind>(
  (Object.keys(SPECS) as CallbackKind[]).map((kind) => [SPECS[kind].tag, kind]),
);

/** Telegram's limit on callback_data, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/** Packs callback data; throws when a field is invalid or the result exceeds 64 bytes. */
export function encodeCallback(data: CallbackData): string {
  const spec = SPECS[data.kind];
  const parts: string[] = [spec.tag];
  for (const [name, type] of Object.entries(spec.fields) as Array<[string, FieldType]>) {
    const value = (data as unknown as Record<string, unknown>)[name];
    let text: string;
    if (type === 'bool') text = value ? '1' : '0';
    else if (type === 'slot') text = String(value).replace(':', '');
    else if (type === 'minute') text = Math.floor(Number(value) / 60_000).toString(36);
    else text = String(value);
    if (!FIELD_TYPES[type].re.test(text))
      throw new Error(`callback ${data.kind}.${name}: invalid value "${text}"`);
    parts.push(text);
  }
  const encoded = parts.join(SEP);
  if (Buffer.byteLength(encoded, 'utf8') > MAX_CALLBACK_BYTES) {
    throw new Error(
      `callback ${data.kind}: ${encoded.length} bytes exceeds Telegram's ${MAX_CALLBACK_BYTES}`,
    );
  }
  return encoded;
}

/** Unpacks callback data; undefined for anything this version did not produce. */
export function decodeCallback(raw: string | undefined): CallbackData | undefined {
  if (!raw || raw.length > MAX_CALLBACK_BYTES) return undefined;
  const [tag, ...values] = raw.split(SEP);
  const kind = BY_TAG.get(tag ?? '');
  if (!kind) return undefined;
  const fields = Object.entries(SPECS[kind].fields) as Array<[string, FieldType]>;
  if (values.length !== fields.length) return undefined;
  const out: Record<string, unknown> = { kind };
  for (let i = 0; i < fields.length; i++) {
    const [name, type] = fields[i] as [string, FieldType];
    const text = values[i] as string;
    if (!FIELD_TYPES[type].re.test(text)) return undefined;
    out[name] = FIELD_TYPES[type].parse(text);
  }
  return out as CallbackData;
}
