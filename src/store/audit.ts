import type { Redis } from 'ioredis';
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

/** The admin audit log: a capped Redis list, newest first. */
export function createAuditLog(deps: { redis: Redis; prefix: string; now?: () => number }) {
  const key = createKeys(deps.prefix).audit;
  const now = deps.now ?? Date.now;
  return {
    async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
      const line: AuditEntry = { at: now(), ...entry };
      await deps.redis
        .multi()
        .lpush(key, JSON.stringify(line))
        .ltrim(key, 0, AUDIT_KEEP - 1)
        .exec();
    },
    async recent(n: number): Promise<AuditEntry[]> {
      return (await deps.redis.lrange(key, 0, n - 1)).map((s) => JSON.parse(s) as AuditEntry);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
