import type { Redis } from 'ioredis';
import { parseAcCode } from '../../src/catalog/assembly.js';
import { createKeys } from '../../src/store/keys.js';

export interface SeedOptions {
  /** Digest slot (`HH:MM`) or `off` (default). */
  digest?: string;
  /** Quiet hours wanted (default false). */
  quiet?: boolean;
  /** Seat preferences as stored when a reader chose them (default: none written, as for old records). */
  prefs?: { wide?: boolean; pcAcs?: boolean };
}

/**
 * Seeds readers of one seat fast, exactly as the bot leaves a real subscriber: the chat hash (status,
 * language alternating hi/en by id, created, updated, digest, quiet), its PC set, the PC's set, `chats`,
 * its digest slot and `pc-counts`; for an AC code (`UP-A80`) its AC set, the AC's set and `ac-counts`.
 * Seeding one reader for a second seat adds that seat to what they follow. Pipelined in batches of 1,000, up to 8 in flight. Used by tests and
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
  const ac = parseAcCode(pc) !== undefined;
  const chatSeats = ac ? k.chatAcs : k.chatPcs;
  const seatChats = ac ? k.acChats(pc) : k.pcChats(pc);
  const seatCounts = ac ? k.acCounts : k.pcCounts;

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
      p.sadd(chatSeats(id), pc);
    }
    p.sadd(k.chats, ...page)
      .sadd(seatChats, ...page)
      .zincrby(seatCounts, page.length, pc);
    if (digest !== 'off') p.sadd(k.digestSlot(digest), ...page);
    if (options.prefs?.wide === false) p.sadd(k.chatsNarrow, ...page);
    if (options.prefs?.pcAcs) p.sadd(k.chatsPcAcs, ...page);
    inFlight.push(p.exec());
    if (inFlight.length >= 8) await inFlight.shift();
  }
  await Promise.all(inFlight);
}
