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
    chat: (chatId: number | string) => `${prefix}:chat:${chatId}`,
    /** Set of PC codes the chat follows. */
    chatPcs: (chatId: number) => `${prefix}:chat:${chatId}:pcs`,
    /** Set of chat ids following a PC. */
    pcChats: (pc: string) => `${prefix}:pc:${pc}:chats`,
    /** Sorted set: PC code → number of chats following it. */
    pcCounts: `${prefix}:pc-counts`,
    /** Set of AC codes (`UP-A80`) the chat follows. */
    chatAcs: (chatId: number) => `${prefix}:chat:${chatId}:acs`,
    /** Set of chat ids following an AC. */
    acChats: (ac: string) => `${prefix}:ac:${ac}:chats`,
    /** Sorted set: AC code → number of chats following it. */
    acCounts: `${prefix}:ac-counts`,
    /** Hash: state code → the election it is in, `ls` (Lok Sabha) or `vs` (Vidhan Sabha) (store/elections.ts). */
    elections: `${prefix}:elections`,
    /** Set of every known chat id (the "everyone" audience). */
    chats: `${prefix}:chats`,
    /** Set of chat ids that cannot receive messages (blocked, deactivated, gone). */
    inactive: `${prefix}:chats:inactive`,
    /**
     * Set of chat ids that turned off the briefings of the PC and state around their ACs (seat
     * preference `wide` off; the default is on). A set, not a hash field, so that the fan-out asks it
     * once per reader without building the reader's key.
     */
    chatsNarrow: `${prefix}:chats:narrow`,
    /** Set of chat ids that asked for the briefings of the ACs inside their PCs (preference `pcAcs`). */
    chatsPcAcs: `${prefix}:chats:pc-acs`,
    /** Set of chat ids whose digest is at this slot (HH:MM). */
    digestSlot: (slot: string) => `${prefix}:digest-slot:${slot}`,

    // --- briefings (store/briefings.ts) ---
    /** Hash: json (the Briefing), hash (content hash), v (record version), idx (JSON list of its index keys). */
    briefing: (id: string) => `${prefix}:briefing:${id}`,
    /** Sorted sets below: score = published_at in epoch ms, member = briefing id. Every briefing. */
    briefingsAll: `${prefix}:briefings:all`,
    /** Briefings for this PC. */
    briefingsPc: (pc: string) => `${prefix}:briefings:pc:${pc}`,
    /** Briefings for this AC (`acs: [UP-A80]`). */
    briefingsAc: (ac: string) => `${prefix}:briefings:ac:${ac}`,
    /** Briefings for any AC of this PC: what a PC reader who also wants its ACs reads. */
    briefingsPcAcs: (pc: string) => `${prefix}:briefings:pc-acs:${pc}`,
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
    /**
     * Set of the recipients of send group `g` not yet finished: the chats one send job
     * (`<id>-g<g>`) carries, so that job data holds no chat id. Every member is also pending; a chat
     * is in one group at most; the set empties (and so disappears) as its members finish.
     */
    deliveryGroup: (id: string, g: number | string) => `${prefix}:delivery:${id}:g:${g}`,
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

    // --- the desk's drafts (store/drafts.ts) ---
    /** String: a desk draft (JSON); open ones kept, published or discarded ones expire after 30 days. */
    deskDraft: (id: string) => `${prefix}:desk-draft:${id}`,
    /** Sorted set: open desk drafts by last change, epoch ms. */
    deskDrafts: `${prefix}:desk-drafts`,
    /**
     * String with TTL: the draft made from a feed item or an API call's external id (`feed:<feed>:<item>`,
     * `api:<token>:<external id>`), so that one origin makes one draft.
     */
    deskDraftOrigin: (origin: string) => `${prefix}:desk-draft-origin:${origin}`,

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

    // --- web desk (store/desk-sessions.ts) ---
    /** String with TTL: a one-time sign-in link, by the SHA-256 of its token → JSON (user id, role). */
    deskLink: (tokenHash: string) => `${prefix}:desk:link:${tokenHash}`,
    /** String with TTL: a desk session, by the SHA-256 of its cookie → JSON (user id, started, ...). */
    deskSession: (idHash: string) => `${prefix}:desk:session:${idHash}`,
    /** Sorted set: session hash → expiry (ms), every session (an owner lists and ends them). */
    deskSessions: `${prefix}:desk:sessions`,

    // --- daily figures (store/daily-stats.ts) ---
    /** Hash with TTL: one IST day's counters (new readers, lost readers, returned readers). */
    statsDay: (date: string) => `${prefix}:stats:day:${date}`,
    // --- feeds (store/feeds.ts) ---
    /** Hash: feed id → feed (JSON: url, title, mode, poll interval, status, added by, when). */
    feeds: `${prefix}:feeds`,
    /**
     * Hash: a feed's poll state and health: etag, modified, primed, lastPoll, lastOk, status, problem,
     * httpStatus, failingSince, failures, nextAt, items, drafted, published, skipped.
     */
    feedState: (feedId: string) => `${prefix}:feed:${feedId}:state`,
    /** Sorted set: item key hash → first-seen ms. An item is drafted once: ZADD NX is the claim. */
    feedSeen: (feedId: string) => `${prefix}:feed:${feedId}:seen`,
    /** String with TTL: the token of the worker polling this feed now (one poll per feed at a time). */
    feedLock: (feedId: string) => `${prefix}:feed:${feedId}:lock`,
    /** String with TTL: held while one worker makes the poll schedulers match the feeds. */
    feedSetupLock: `${prefix}:feeds:setup-lock`,

    // --- CMS API tokens (store/api-tokens.ts) ---
    /** Hash: token id → token (JSON: id, name, sha256 of the secret, created by, when, revoked). */
    apiTokens: `${prefix}:api-tokens`,
    /** Hash: sha256 (hex) of a whole token → token id. The token itself is never stored. */
    apiTokenHashes: `${prefix}:api-token-hashes`,
    /** Hash: the caller's external_id → what it made (JSON: draft id, briefing id, token id, when). */
    apiExternal: `${prefix}:api-external`,

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
