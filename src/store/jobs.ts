import type { Redis } from 'ioredis';
import { storeCommands } from './commands.js';

/**
 * Deletes the entries of a BullMQ events stream (`queue.keys.events`) about jobs whose id ends with
 * `suffix`: an erased reader's legacy per-chat send job ids carry their chat id, and the stream keeps the
 * last events of every job. Returns how many entries were deleted.
 */
export function dropJobEvents(redis: Redis, eventsKey: string, suffix: string): Promise<number> {
  return storeCommands(redis).streamDropJob({ events: eventsKey }, { suffix });
}
