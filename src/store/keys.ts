import { normalizeTag } from '../briefings/types.js';

/**
 * Every Redis key of the program, in one place: no other module builds a key string. All live under the
 * configured KEY_PREFIX so two instances can share one Redis. Each key has one owner, named in its
 * group's heading; other modules reach it through that owner's functions. The values are the stored data
 * layout (docs/architecture.md): changing one orphans what is already in Redis.
 *
 * The store assumes a single Redis (or one primary): some Lua scripts touch keys they compute from the
 * templates here ({@link keyParts}), which Redis Cluster would not allow.
 */
export function createKeys(prefix: string) {
  return {
    prefix,

    // --- subscribers (store/subscribers.ts) ---
    /** Hash: lang, status, reason, created, updated, digest, quiet, lastDigest. */
    chat: (chatId: number) => `${prefix}:chat:${chatId}`,
    /** Set of PC codes the chat follows. */
    chatPcs: (chatId: number) => `${prefix}:chat:${chatId}:pcs`,
    /** Set of chat ids following a PC. */
    pcChats: (pc: string) => `${prefix}:pc:${pc}:chats`,
    /** Sorted set: PC code → number of chats following it. */
    pcCounts: `${prefix}:pc-counts`,
    /** Set of every known chat id (the "everyone" audience). */
    chats: `${prefix}:chats`,
    /** Set of chat ids that cannot receive messages (blocked, deactivated, gone). */
    inactive: `${prefix}:chats:inactive`,
    /** Set of chat ids whose digest is at this slot (HH:MM). */
    digestSlot: (slot: string) => `${prefix}:digest-slot:${slot}`,

    // --- briefings (store/briefings.ts) ---
    /** Hash: json (the Briefing), hash (content hash), v (record version), idx (JSON list of its index keys). */
    briefing: (id: string) => `${prefix}:briefing:${id}`,
    /** Sorted sets below: score = published_at in epoch ms, member = briefing id. Every briefing. */
    briefingsAll: `${prefix}:briefings:all`,
    /** Briefings for this PC. */
    briefingsPc: (pc: string) => `${prefix}:briefings:pc:${pc}`,
    /** Briefings for a whole state (`scope: UP`). */
    briefingsState: (state: string) => `${prefix}:briefings:state:${state}`,
    /** Briefings for everyone (`scope: national`). */
    briefingsNational: `${prefix}:briefings:national`,
    /** Every briefing touching the state: its PCs' briefings and its state-wide ones ("ये भी पढ़ें"). */
    briefingsInState: (state: string) => `${prefix}:briefings:in-state:${state}`,
    /** Briefings carrying this tag (normalized, so that one tag has one key). */
    briefingsTag: (tag: string) => `${prefix}:briefings:tag:${normalizeTag(tag)}`,

    // --- deliveries (store/deliveries.ts) ---
    /**
     * Hash: content, target, status, counters, fan-out checkpoint, progress message, correction, and
     * `claim` (the name of its content's claim key, when its send records are shared).
     */
    delivery: (id: string) => `${prefix}:delivery:${id}`,
    /** Set of recipients not yet finished. */
    deliveryPending: (id: string) => `${prefix}:delivery:${id}:pending`,
    /** Set of recipients already counted, while the delivery runs (dropped when it closes). */
    deliveryFinished: (id: string) => `${prefix}:delivery:${id}:finished`,
    /** Hash: failure reason → count. */
    deliveryReasons: (id: string) => `${prefix}:delivery:${id}:reasons`,
    /** Hash: chat id → send record (JSON) for one piece of content: the exactly-once record. */
    sent: (contentKey: string) => `${prefix}:sent:${contentKey}`,
    /**
     * String: the id of the delivery running (or paused) with content whose send records are shared
     * (`sent:<content key>`), so that one runs at a time; taken and given back by the delivery scripts.
     */
    contentClaim: (contentKey: string) => `${prefix}:running:${contentKey}`,
    /** Sorted set of every delivery by creation time. */
    deliveries: `${prefix}:deliveries`,
    /** Set of running or paused deliveries. */
    deliveriesActive: `${prefix}:deliveries:active`,
    /** Sorted set of scheduled deliveries by start time. */
    deliveriesScheduled: `${prefix}:deliveries:scheduled`,
    /** Hash: delivery id → the progress text last shown to its admin. */
    progressShown: `${prefix}:progress-shown`,

    // --- send pacing (store/pace.ts) ---
    /**
     * Hash (count, until) and list (grants, oldest first): the sliding-window send budget under
     * Telegram's free limit, which replies, admin edits and free broadcasts share.
     */
    pace: `${prefix}:pace`,
    paceLog: `${prefix}:pace:log`,
    /** The same for paid broadcasts (`allow_paid_broadcast`), which have a limit of their own. */
    pacePaid: `${prefix}:pace:paid`,
    pacePaidLog: `${prefix}:pace:paid:log`,

    // --- progress reporter (delivery/progress.ts) ---
    /** String with TTL: which worker process updates progress messages this tick. */
    progressLock: `${prefix}:progress-lock`,

    // --- admin (store/admin-state.ts, store/audit.ts) ---
    /** String with TTL: an admin's previewed delivery. */
    draft: (id: string) => `${prefix}:draft:${id}`,
    /** String with TTL: the next input the bot waits for from an admin. */
    adminAwait: (adminId: number) => `${prefix}:admin-await:${adminId}`,
    /** List of admin actions, newest first. */
    audit: `${prefix}:audit`,
    /**
     * Hash: user id → admin actions refused to them (counted, never listed, so that nobody can push the
     * real entries out of the list); the field `erased` counts those of readers since erased.
     */
    auditDenied: `${prefix}:audit:denied`,
    /** Hash: user id → editor (JSON: id, name, added by, when) (store/editors.ts). */
    editors: `${prefix}:editors`,

    // --- digests (digest/runs.ts, digest/index.ts) ---
    /** String: the day's run of a slot (`slotCode` is HHMM): its delivery id, `missed` or `pending:<token>`. */
    digestRun: (date: string, slotCode: string) => `${prefix}:digest-run:${date}:${slotCode}`,
    /** String with TTL: held while one worker reconciles the digest schedulers. */
    digestSetupLock: `${prefix}:digest:setup-lock`,

    // --- bot (bot/dedupe.ts, bot/create-bot.ts) ---
    /** String with TTL: an update already taken by some bot process. */
    update: (botId: number, updateId: number) => `${prefix}:upd:${botId}:${updateId}`,
    /** String with TTL: a user's updates in the current flood window (store/flood.ts). */
    flood: (userId: number) => `${prefix}:flood:${userId}`,

    // --- queues (delivery/queues.ts) ---
    /** BullMQ's own prefix: its queues live under `<prefix>:bull:<queue>:*`. */
    bull: `${prefix}:bull`,
  };
}

/**
 * A key template split around its one parameter, for Lua that builds the key of a value it reads
 * (`head .. value .. tail`): the template stays here and the script cannot drift from it.
 */
export function keyParts(template: (value: string) => string): { head: string; tail: string } {
  const marker = '\u0000';
  const key = template(marker);
  const at = key.indexOf(marker);
  if (at < 0 || key.indexOf(marker, at + 1) >= 0)
    throw new Error(`key template ${key} has no single parameter`);
  return { head: key.slice(0, at), tail: key.slice(at + marker.length) };
}
