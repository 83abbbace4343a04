import type { Redis } from 'ioredis';
import { createKeys } from '../../src/store/keys.js';
import { LAST_DIGEST_FIELD } from '../../src/store/subscribers.js';

/**
 * Reads (and one seed write) that tests make straight on Redis, through the program's key templates:
 * the program itself never needs them, so they are not part of its stores.
 */
export function storeReads(on: { redis: Redis; prefix: string }) {
  const { redis } = on;
  const k = createKeys(on.prefix);
  return {
    /** When the chat's last digest was composed (epoch ms), or undefined before its first. */
    async lastDigest(chatId: number): Promise<number | undefined> {
      const v = await redis.hget(k.chat(chatId), LAST_DIGEST_FIELD);
      const ms = v === null ? Number.NaN : Number(v);
      return Number.isFinite(ms) ? ms : undefined;
    },
    /** Seeds a chat's last digest (the chat must exist: a test seeding an unknown chat is wrong). */
    async setLastDigest(chatId: number, ms: number): Promise<void> {
      if ((await redis.exists(k.chat(chatId))) === 0) throw new Error(`no chat ${chatId} to seed`);
      await redis.hset(k.chat(chatId), LAST_DIGEST_FIELD, String(ms));
    },
    /** How many chats follow `pc`. */
    followers(pc: string): Promise<number> {
      return redis.scard(k.pcChats(pc));
    },
    /** How many recipients of a delivery are still pending. */
    pendingCount(deliveryId: string): Promise<number> {
      return redis.scard(k.deliveryPending(deliveryId));
    },
  };
}
