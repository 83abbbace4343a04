import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';
import { createKeys } from './keys.js';

/** One admin action. */
export interface AuditEntry {
  at: number;
  /** Telegram user id of the admin, or `cli`. */
  who: string;
  /** e.g. `publish`, `broadcast`, `cancel`, `denied:/stats`. */
  action: string;
  target?: string;
  outcome: string;
}

/** Keeps the newest this many entries. */
export const AUDIT_KEEP = 10_000;

/** Field of the denied-attempts hash that counts the attempts of readers since erased. */
export const ERASED_FIELD = 'erased';

/** What an erased user's id is replaced with in the list. */
const ERASED_WHO = 'erased';

/**
 * The admin audit log: a capped Redis list of what admins did, newest first, and a separate count per
 * user of admin actions refused to non-admins. A refused attempt never goes to the list: anyone can make
 * one, and at the flood limit one reader would push every real entry out of the list within hours.
 */
export function createAuditLog(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const k = createKeys(deps.prefix);
  const now = deps.now ?? Date.now;
  const cmd = storeCommands(deps.redis);
  return {
    /** Records an admin action; an entry with outcome `denied` only adds one to its user's count. */
    async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
      if (entry.outcome === 'denied') {
        await deps.redis.hincrby(k.auditDenied, entry.who, 1);
        return;
      }
      const line: AuditEntry = { at: now(), ...entry };
      await deps.redis
        .multi()
        .lpush(k.audit, JSON.stringify(line))
        .ltrim(k.audit, 0, AUDIT_KEEP - 1)
        .exec();
    },
    async recent(n: number): Promise<AuditEntry[]> {
      return (await deps.redis.lrange(k.audit, 0, n - 1)).map((s) => JSON.parse(s) as AuditEntry);
    },
    /** Refused admin attempts per user id (and `erased` for users since erased). */
    async denied(): Promise<Record<string, number>> {
      const h = await deps.redis.hgetall(k.auditDenied);
      return Object.fromEntries(Object.entries(h).map(([who, n]) => [who, Number(n)]));
    },
    /**
     * Removes a user's id from the audit: their refused attempts join the anonymous count, and list
     * entries they made keep the action without the id. Returns how many were anonymized.
     */
    async erase(userId: number): Promise<number> {
      return cmd.auditErase(
        { audit: k.audit, denied: k.auditDenied },
        { who: String(userId), anonymous: ERASED_FIELD, replacement: ERASED_WHO },
      );
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
