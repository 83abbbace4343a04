import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';

/**
 * Deletes `key` only while it still holds `value`: releases a lock or claim taken with SET NX PX, which
 * may have expired and been taken by another process in the meantime. True when it was deleted.
 */
export async function deleteIfEquals(redis: Redis, key: string, value: string): Promise<boolean> {
  return (await storeCommands(redis).deleteIfEquals({ key }, { value })) === 1;
}
