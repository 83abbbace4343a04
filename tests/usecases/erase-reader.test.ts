import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGroupJobs, legacySendJobId } from '../../src/delivery/queues.js';
import { createFloodCounter } from '../../src/store/flood.js';
import { createKeys } from '../../src/store/keys.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { eraseLongInactive, INACTIVE_ERASE_DAYS } from '../../src/usecases/erase-reader.js';
import { createHarness, type Harness } from '../helpers/bot-harness.js';
import { storeReads } from '../helpers/store-reads.js';

/** An id long enough that finding it in a key or value is no coincidence. */
const READER = 73190531;
const OTHER = 73190642;

let h: Harness;
let logs: string[];
beforeEach(async () => {
  h = await createHarness({}, { sharedRedis: true });
  logs = [];
  // The bot reads its logger from deps on every update: capture what it logs from now on.
  h.deps.logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
});
afterEach(async () => {
  await h.close();
});

/** Every key under the test prefix with its value, as one text (BullMQ's keys included). */
async function dump(): Promise<string> {
  const { redis, prefix } = h.env;
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      out.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

/** The reader in every place the program keeps a reader: seats, settings, a delivery, records, a job, the audit. */
async function traceEverywhere(chatId: number) {
  await h.message(chatId, '/start pc_UP-16');
  await h.message(chatId, '/subscribe गाजीपुर');
  await h.callback(chatId, encodeCallback({ kind: 'digest', slot: '19:00' }));
  await h.message(chatId, '/stats'); // a refused admin command: audited
  // Also on the desk's editor list, with the name Telegram gave.
  await h.deps.editors.add({ id: chatId, name: 'परीक्षण संपादक', addedBy: 900001 });
  const { deliveries, kinds, queues } = h.deps;
  const d = await deliveries.create({
    content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक)' },
    target: { kind: 'all' },
    createdBy: 'cli',
  });
  // Groups made before the reader's: erasing looks through every group of the delivery.
  await deliveries.markPending(d.id, [OTHER + 1]);
  await deliveries.markPending(d.id, [OTHER + 2]);
  const { group } = await deliveries.markPending(d.id, [chatId, OTHER]);
  expect(group).toBe(2);
  await deliveries.writeRecord(kinds.contentKey(d), chatId, { deliveryId: d.id, messageIds: [11], parts: 1 });
  await deliveries.writeRecord(kinds.contentKey(d), OTHER, { deliveryId: d.id, messageIds: [12], parts: 1 });
  // Its group's send job, not yet run: the reader is in the group's set, never in the job.
  await addGroupJobs(queues.send, d.id, [group as number]);
  // A legacy per-chat send job (made before groups) not yet run, delayed here (failed ones are removed
  // the same way); its id carries the chat id, in the job and in the queue's events.
  await queues.send.add(
    'send',
    { d: d.id, c: chatId },
    { jobId: legacySendJobId(d.id, chatId), delay: 3_600_000 },
  );
  return d;
}

describe('erasing a reader', () => {
  it('when a reader confirms /stop, then no key, value or job under the prefix holds their id, and no log line after it does', async () => {
    await h.message(OTHER, '/start pc_UP-16');
    const d = await traceEverywhere(READER);
    expect(await dump()).toContain(String(READER));

    logs.length = 0;
    await h.message(READER, '/stop');
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: true }));
    expect(h.texts(READER).at(-1)).toContain('मिटा दिया गया है');

    const after = await dump();
    if (after.includes(String(READER)))
      console.log(
        after
          .split('\n')
          .filter((l) => l.includes(String(READER)))
          .join('\n'),
      );
    expect(after).not.toContain(String(READER));
    expect(logs.join('\n')).not.toContain(String(READER));
    // The other reader and the delivery's figures are untouched: the erased one counts as skipped.
    expect(after).toContain(String(OTHER));
    expect(await storeReads(h.env).followers('UP-16')).toBe(1);
    const delivery = await h.deps.deliveries.get(d.id);
    expect(delivery?.skipped).toBe(1);
    expect((await h.deps.audit.denied()).erased).toBe(1);
  });

  it('when an erased reader presses old language, digest, quiet-hours or follow buttons, then nothing brings them back into any audience', async () => {
    await traceEverywhere(READER);
    await h.callback(READER, encodeCallback({ kind: 'stop', confirm: true }));
    h.clear();
    for (const data of [
      encodeCallback({ kind: 'lang', lang: 'en' }),
      encodeCallback({ kind: 'digest', slot: '07:00' }),
      encodeCallback({ kind: 'quiet', on: false }),
      encodeCallback({ kind: 'sub', pc: 'UP-16' }),
    ]) {
      await h.callback(READER, data);
    }
    expect(await h.deps.subscribers.getChat(READER)).toBeUndefined();
    // Pressing a button is an update: its flood counter lives one window (10 s), nothing else remains.
    const k = createKeys(h.env.prefix);
    const ttl = await h.env.redis.pttl(k.flood(READER));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
    await h.env.redis.del(k.flood(READER));
    expect(await dump()).not.toContain(String(READER));
    const toasts = h.sent('answerCallbackQuery').map((c) => String(c.payload.text));
    expect(toasts).toHaveLength(4);
    for (const t of toasts) expect(t).toContain('/start');
    // /start is the way back in.
    await h.message(READER, '/start');
    expect((await h.deps.subscribers.getChat(READER))?.status).toBe('active');
  });

  it(`when a reader has blocked the bot for ${INACTIVE_ERASE_DAYS} days, then the daily job erases them, and a reader blocked since yesterday stays`, async () => {
    await traceEverywhere(READER);
    await h.message(OTHER, '/start pc_UP-16');
    await h.deps.subscribers.setStatus(READER, 'blocked');
    await h.deps.subscribers.setStatus(OTHER, 'blocked');
    const k = createKeys(h.env.prefix);
    const longAgo = Date.now() - (INACTIVE_ERASE_DAYS + 1) * 24 * 3600 * 1000;
    await h.env.redis.hset(k.chat(READER), 'updated', longAgo);
    const erased = await eraseLongInactive({
      ...h.deps,
      flood: createFloodCounter({ redis: h.env.redis, prefix: h.env.prefix }),
    });
    expect(erased).toBe(1);
    expect(await dump()).not.toContain(String(READER));
    expect((await h.deps.subscribers.getChat(OTHER))?.status).toBe('blocked');
  });
});
