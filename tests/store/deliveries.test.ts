import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryCache } from '../../src/delivery/send.js';
import { createDeliveryStore, type Delivery, type DeliveryStore } from '../../src/store/deliveries.js';
import { createKeys } from '../../src/store/keys.js';
import {
  createSubscriberStore,
  LAST_DIGEST_FIELD,
  type SubscriberStore,
} from '../../src/store/subscribers.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { storeReads } from '../helpers/store-reads.js';

let env: TestRedis;
let store: DeliveryStore;
let subscribers: SubscriberStore;

beforeEach(async () => {
  env = await createTestRedis('dstore');
  store = createDeliveryStore({ redis: env.redis, prefix: env.prefix });
  subscribers = createSubscriberStore({ redis: env.redis, prefix: env.prefix, defaultDigest: '07:00' });
});
afterEach(async () => {
  await env.cleanup();
});

async function running(chats: number[]): Promise<Delivery> {
  const d = await store.create({
    content: { kind: 'text', text: 'परीक्षण (काल्पनिक)' },
    target: { kind: 'pcs', pcs: ['UP-16'] },
    createdBy: 'test',
  });
  await store.markPending(d.id, chats);
  return d;
}

describe('delivery store: the send path (real Redis)', () => {
  it('when a delivery was cancelled while its fan-out ran, then marking a page pending refuses and counts nobody', async () => {
    const d = await running([1, 2]);
    expect(await store.transition(d.id, ['running'], 'cancelled')).toBe(true);
    await env.redis.unlink(`${env.prefix}:delivery:${d.id}:pending`);
    expect(await store.markPending(d.id, [3, 4])).toEqual({ added: -1 });
    expect(await env.redis.exists(`${env.prefix}:delivery:${d.id}:pending`)).toBe(0);
    expect((await store.get(d.id))?.total).toBe(2);
  });

  it('when a send finishes with its record, then the record, the count and the close-out happen in one step, once', async () => {
    const d = await running([1, 2]);
    await store.fanoutFinished(d.id);
    const rec = { deliveryId: d.id, messageIds: [11], parts: 1 };
    expect(await store.finish(d.id, 1, 'sent', undefined, { ck: `d-${d.id}`, record: rec })).toBe('ok');
    expect(await store.record(`d-${d.id}`, 1)).toEqual(rec);
    // A repeated job still writes its record (the message went out) but counts nothing.
    const again = { ...rec, messageIds: [12] };
    expect(await store.finish(d.id, 1, 'sent', undefined, { ck: `d-${d.id}`, record: again })).toBe('repeat');
    expect(await store.record(`d-${d.id}`, 1)).toEqual(again);
    expect(await store.finish(d.id, 2, 'failed', 'Bad Request: x')).toBe('done');
    expect(await store.reasons(d.id)).toEqual([{ reason: 'Bad Request: x', count: 1 }]);
    expect(await store.get(d.id)).toMatchObject({ status: 'done', total: 2, sent: 1, failed: 1 });
    expect(await env.redis.ttl(`${env.prefix}:sent:d-${d.id}`)).toBeGreaterThan(0);
    // Nothing of the run is left behind.
    expect(await env.redis.exists(`${env.prefix}:delivery:${d.id}:finished`)).toBe(0);
  });

  it('when a group’s sends finish in the same turn, then one script call counts them all, repeats once, and one of them closes the delivery', async () => {
    const chats = Array.from({ length: 30 }, (_, i) => 100 + i);
    const d = await running(chats);
    await store.fanoutFinished(d.id);
    await store.finish(d.id, 100, 'sent', undefined, undefined, 0);
    let scripts = 0;
    const send = env.redis.sendCommand.bind(env.redis);
    env.redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      if (command.name === 'evalsha' || command.name === 'eval') scripts++;
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof env.redis.sendCommand;
    const rec = (c: number) => ({ deliveryId: d.id, messageIds: [c], parts: 1 });
    const out = await Promise.all(
      chats.map((c, i) =>
        i % 3 === 1
          ? store.finish(d.id, c, 'blocked', 'Forbidden: bot was blocked by the user', undefined, 0)
          : store.finish(d.id, c, 'sent', undefined, { ck: `b-${d.id}`, record: rec(c) }, 0),
      ),
    );
    expect(scripts).toBe(1);
    // Chat 100 was counted before: a repeat, but its record is written (its message went out).
    expect(out[0]).toBe('repeat');
    expect(out.filter((r) => r === 'done')).toHaveLength(1);
    expect(out.at(-1)).toBe('done');
    expect(out.filter((r) => r === 'ok')).toHaveLength(28);
    expect(await store.record(`b-${d.id}`, 100)).toEqual(rec(100));
    expect(await store.record(`b-${d.id}`, 102)).toEqual(rec(102));
    expect(await store.record(`b-${d.id}`, 101)).toBeUndefined();
    expect(await store.get(d.id)).toMatchObject({ status: 'done', total: 30, sent: 20, blocked: 10 });
    expect(await store.reasons(d.id)).toEqual([
      { reason: 'Forbidden: bot was blocked by the user', count: 10 },
    ]);
    expect(await store.groupMembers(d.id, 0)).toEqual([]);
  });

  it('when a retried fan-out queues a page again, then chats already finished are not counted twice', async () => {
    const d = await running([1, 2, 3]);
    await store.finish(d.id, 1, 'sent', undefined, undefined, 0);
    await store.finish(d.id, 2, 'skipped', 'inactive chat', undefined, 0);
    // Only chat 4 is new: it alone makes a new group (chat 3 stays in the first one).
    expect(await store.markPending(d.id, [1, 2, 3, 4])).toEqual({ added: 1, group: 1 });
    expect(await store.groupMembers(d.id, 0)).toEqual([3]);
    expect(await store.groupMembers(d.id, 1)).toEqual([4]);
    expect(await storeReads(env).pendingCount(d.id)).toBe(2);
    expect(await store.finish(d.id, 1, 'sent')).toBe('repeat');
    expect(await store.get(d.id)).toMatchObject({ total: 4, sent: 1, skipped: 1 });
  });

  it('when a send finishes with a chat field (a digest’s last digest), then it moves with the record, for live chats only', async () => {
    await subscribers.ensureChat(5);
    const d = await running([5, 6]);
    const record = { deliveryId: d.id, messageIds: [1], parts: 1 };
    await store.finish(d.id, 5, 'sent', undefined, {
      ck: 'dg-x',
      record,
      chatField: { name: LAST_DIGEST_FIELD, value: '1234' },
    });
    await store.finish(d.id, 6, 'sent', undefined, {
      ck: 'dg-x',
      record,
      chatField: { name: LAST_DIGEST_FIELD, value: '1234' },
    });
    expect(await storeReads(env).lastDigest(5)).toBe(1234);
    expect(await env.redis.exists(`${env.prefix}:chat:6`)).toBe(0);
  });

  it('when a group’s sends open, then one call reads every chat and its record, in order', async () => {
    await subscribers.ensureChat(1);
    await subscribers.ensureChat(3);
    await store.writeRecord('b-x', 3, { deliveryId: 'd0000000a', messageIds: [9], parts: 1 });
    const [first, gone, complete] = await store.openSends('b-x', [1, 99, 3]);
    expect(first?.chat).toMatchObject({ id: 1, status: 'active', lang: 'hi' });
    expect(first?.record).toBeUndefined();
    expect(gone).toEqual({ chat: undefined, record: undefined });
    expect(complete?.chat).toMatchObject({ id: 3 });
    expect(complete?.record?.messageIds).toEqual([9]);
    expect(await store.openSends('b-x', [])).toEqual([]);
  });
});

describe('delivery store: send groups (real Redis)', () => {
  it('when chats are marked pending, then each newly pending one is in exactly one group, and leaves it as it finishes', async () => {
    const d = await running([1, 2, 3]);
    expect(await store.markPending(d.id, [3, 4, 5])).toEqual({ added: 2, group: 1 });
    expect(await store.markPending(d.id, [4, 5])).toEqual({ added: 0 });
    expect(await store.groupInfo(d.id)).toEqual({ count: 2, legacy: false });
    expect((await store.groupMembers(d.id, 0)).sort()).toEqual([1, 2, 3]);
    expect((await store.groupMembers(d.id, 1)).sort()).toEqual([4, 5]);
    expect(await store.liveGroups(d.id)).toEqual([0, 1]);
    // Every outcome takes the chat out of its group in the same step as the count; a repeat too.
    expect(await store.finish(d.id, 4, 'sent', undefined, undefined, 1)).toBe('ok');
    expect(await store.finish(d.id, 5, 'failed', '500 x', undefined, 1)).toBe('ok');
    expect(await store.liveGroups(d.id)).toEqual([0]);
    expect(await env.redis.exists(createKeys(env.prefix).deliveryGroup(d.id, 1))).toBe(0);
    expect(await store.finish(d.id, 1, 'sent', undefined, undefined, 0)).toBe('ok');
    expect(await store.finish(d.id, 1, 'sent', undefined, undefined, 0)).toBe('repeat');
    expect((await store.groupMembers(d.id, 0)).sort()).toEqual([2, 3]);
    // An erased reader leaves its group (found by looking through every group) and counts as skipped.
    expect(await store.eraseRecipient(2, [d.id], [])).toBe(1);
    expect(await store.groupMembers(d.id, 0)).toEqual([3]);
    expect(await store.get(d.id)).toMatchObject({ total: 5, sent: 2, failed: 1, skipped: 1 });
  });

  it('when a delivery is cancelled, then dropping its pending set drops its groups too', async () => {
    const d = await running([1, 2]);
    await store.markPending(d.id, [3]);
    expect(await store.transition(d.id, ['running'], 'cancelled')).toBe(true);
    await store.dropPending(d.id);
    const k = createKeys(env.prefix);
    expect(await env.redis.exists(k.deliveryGroup(d.id, 0), k.deliveryGroup(d.id, 1))).toBe(0);
    expect(await store.liveGroups(d.id)).toEqual([]);
    expect(await storeReads(env).pendingCount(d.id)).toBe(0);
  });

  it('when a delivery was made before send groups, then it is told apart as legacy', async () => {
    const d = await running([1]);
    await env.redis.hdel(createKeys(env.prefix).delivery(d.id), 'grouped');
    expect((await store.groupInfo(d.id)).legacy).toBe(true);
  });
});

describe('delivery store: recipients of a correction (real Redis)', () => {
  it('when the send records of some content are paged, then every chat that holds one comes once', async () => {
    const rec = { deliveryId: 'd0000000a', messageIds: [1], parts: 1 };
    for (let chat = 1; chat <= 1200; chat++) await store.writeRecord('b-y', chat, rec);
    const seen: number[] = [];
    let cursor = '0';
    do {
      const [next, ids] = await store.scanRecipients('b-y', cursor, 500);
      seen.push(...ids);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(await store.recordCount('b-y')).toBe(1200);
    expect(await store.scanRecipients('b-none', '0', 500)).toEqual(['0', []]);
  });
});

describe('delivery cache', () => {
  const delivery = (status: Delivery['status']) => ({ id: 'd1', status }) as Delivery;

  it('when a delivery is running, then it is read once per TTL, and concurrent reads share one', async () => {
    let reads = 0;
    // Any origin: the cache only compares times (lru-cache treats a start at 0 as none, so not 0).
    let t = 1000;
    const get = deliveryCache(
      async () => {
        reads += 1;
        return delivery('running');
      },
      250,
      () => t,
    );
    await Promise.all([get('d1'), get('d1'), get('d1')]);
    t = 1200;
    await get('d1');
    expect(reads).toBe(1);
    t = 1260;
    await get('d1');
    expect(reads).toBe(2);
  });

  it('when a delivery is not running, then it is read again every time (a resume is seen at once)', async () => {
    let reads = 0;
    const get = deliveryCache(
      async () => {
        reads += 1;
        return delivery('paused');
      },
      250,
      () => 0,
    );
    await get('d1');
    await get('d1');
    expect(reads).toBe(2);
  });
});

describe('delivery store: failure reasons', () => {
  it('when a reason carries a URL with the bot token, then what is stored keeps no 10 characters of its secret', async () => {
    const token = '7312345678:AAHk3x9Qm2Lp0vWz8YtR4sNcB6dEfGhJiKl';
    const secret = token.split(':')[1] as string;
    const d = await store.create({
      content: { kind: 'text', text: 'परीक्षण (काल्पनिक)' },
      target: { kind: 'all' },
      createdBy: 'cli',
    });
    await store.markPending(d.id, [1]);
    const reason = `network: request to https://api.telegram.org/bot${token}/sendMessage failed`.slice(0, 80);
    await store.finish(d.id, 1, 'failed', reason);
    const stored = JSON.stringify(await env.redis.hgetall(createKeys(env.prefix).deliveryReasons(d.id)));
    expect(stored).not.toBe('{}');
    for (let i = 0; i + 10 <= secret.length; i++) expect(stored).not.toContain(secret.slice(i, i + 10));
  });
});

describe('delivery store: one delivery at a time per shared content (real Redis)', () => {
  const briefing = (sharedKey = 'b-x', scheduledAt?: number) =>
    store.create({
      content: { kind: 'briefing', briefingId: 'x' },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'test',
      sharedKey,
      ...(scheduledAt !== undefined ? { scheduledAt } : {}),
    });
  const claim = (ck: string) => env.redis.get(createKeys(env.prefix).contentClaim(ck));

  it('when deliveries of one content start at once, then exactly one is created and the others are refused', async () => {
    const tries = await Promise.allSettled(Array.from({ length: 8 }, () => briefing()));
    const made = tries.filter((t) => t.status === 'fulfilled').map((t) => t.value);
    expect(made).toHaveLength(1);
    const first = made[0] as Delivery;
    for (const t of tries.filter((x) => x.status === 'rejected'))
      expect(t.reason).toMatchObject({ name: 'Error', holder: first.id, contentKey: 'b-x' });
    expect((await store.recent(20)).map((d) => d.id)).toEqual([first.id]);
    expect(await claim('b-x')).toBe(first.id);
    // Another content, or content without shared records, is not held up.
    await expect(briefing('b-y')).resolves.toMatchObject({ status: 'running' });
    await expect(running([1])).resolves.toMatchObject({ status: 'running' });
  });

  it('when a scheduled one comes due while another runs, then it stays scheduled until that one is cancelled or done', async () => {
    const first = await briefing();
    const later = await briefing('b-x', Date.now() + 60_000);
    expect(later.status).toBe('scheduled');
    expect(await store.transition(later.id, ['scheduled'], 'running')).toBe(false);
    expect(await store.status(later.id)).toBe('scheduled');
    // Paused still holds it (resuming must not race the other).
    expect(await store.transition(first.id, ['running'], 'paused')).toBe(true);
    expect(await store.transition(later.id, ['scheduled'], 'running')).toBe(false);
    expect(await store.transition(first.id, ['paused'], 'running')).toBe(true);
    expect(await store.transition(first.id, ['running'], 'cancelled')).toBe(true);
    expect(await claim('b-x')).toBeNull();
    expect(await store.transition(later.id, ['scheduled'], 'running')).toBe(true);
    expect(await claim('b-x')).toBe(later.id);
    await expect(briefing()).rejects.toMatchObject({ holder: later.id });

    // Closing (the last recipient finished) gives it back too.
    await store.markPending(later.id, [1]);
    await store.fanoutFinished(later.id);
    expect(await store.finish(later.id, 1, 'sent')).toBe('done');
    expect(await claim('b-x')).toBeNull();
    await expect(briefing()).resolves.toMatchObject({ status: 'running' });
  });

  it('when a claim is left by a delivery that is no longer running, then the next delivery takes it over', async () => {
    const gone = await briefing();
    await env.redis.del(createKeys(env.prefix).delivery(gone.id));
    const next = await briefing();
    expect(await claim('b-x')).toBe(next.id);
  });
});
