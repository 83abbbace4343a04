import type { Redis } from 'ioredis';
import { createKeys } from '../../src/store/keys.js';

export interface SeedOptions {
  /** Digest slot (`HH:MM`) or `off` (default). */
  digest?: string;
  /** Quiet hours wanted (default false). */
  quiet?: boolean;
}

/**
 * Seeds readers of one PC fast, exactly as the bot leaves a real subscriber: the chat hash (status,
 * language alternating hi/en by id, created, updated, digest, quiet), its PC set, the PC's set, `chats`,
 * its digest slot and `pc-counts`. Pipelined in batches of 1,000, up to 8 in flight. Used by tests and
 * benchmarks (a million readers take seconds).
 */
export async function seedReaders(
  redis: Redis,
  prefix: string,
  pc: string,
  ids: readonly number[],
  options: SeedOptions = {},
): Promise<void> {
  const k = createKeys(prefix);
  const digest = options.digest ?? 'off';
  const inFlight: Array<Promise<unknown>> = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const page = ids.slice(i, i + 1000);
    const p = redis.pipeline();
    for (const id of page) {
      p.hset(k.chat(id), {
        status: 'active',
        lang: id % 2 ? 'hi' : 'en',
        created: 1_700_000_000_000 + id,
        updated: 1_700_000_000_000 + id,
        digest,
        quiet: options.quiet ? 1 : 0,
      });
      p.sadd(k.chatPcs(id), pc);
    }
    p.sadd(k.chats, ...page)
      .sadd(k.pcChats(pc), ...page)
      .zincrby(k.pcCounts, page.length, pc);
    if (digest !== 'off') p.sadd(k.digestSlot(digest), ...page);
    inFlight.push(p.exec());
    if (inFlight.length >= 8) await inFlight.shift();
  }
  await Promise.all(inFlight);
}
