/**
 * Every Redis key of the program, in one place. All live under the configured KEY_PREFIX so two
 * instances can share one Redis. The store assumes a single Redis (or one primary): its Lua scripts
 * touch keys they compute, which Redis Cluster would not allow.
 */
export function createKeys(prefix: string) {
  return {
    prefix,
    /** Hash: lang, status, reason, created, updated, digest, quiet. */
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
  };
}

export type Keys = ReturnType<typeof createKeys>;
