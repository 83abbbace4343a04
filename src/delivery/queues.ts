import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createKeys } from '../store/keys.js';

/** Queue names; every queue's keys live under `<KEY_PREFIX>:bull`. */
export const QUEUE = { fanout: 'fanout', send: 'send' } as const;

/** BullMQ key prefix for an instance. */
export function bullPrefix(keyPrefix: string): string {
  return createKeys(keyPrefix).bull;
}

/** A fan-out job: page the audience of one delivery into send jobs. */
export interface FanoutJob {
  deliveryId: string;
}

/**
 * A send job: one group of recipients of one delivery, `g`, whose chats are in the group's set
 * (`keys.deliveryGroup`), not in the job: failed jobs are kept a week, and an erased reader must leave no
 * trace in them. Ids only: no text, no token, nothing secret. One job per group, not per recipient,
 * because BullMQ's own cost per job (its scripts, the Job object, the lock) is then paid once for up to
 * a hundred messages.
 */
export interface GroupSendJob {
  d: string;
  g: number;
}

/**
 * A send job of the version before groups: one recipient `c`. An upgrade can leave some in Redis; the
 * worker still runs them, as a group of one chat that is in no group set. (The other way round does not
 * work: an old worker cannot run a group job, so the old workers stop before new ones start; README.)
 */
export interface LegacySendJob {
  d: string;
  c: number;
}

export type SendJob = GroupSendJob | LegacySendJob;

/** Attempts for a send: 5xx and network errors retry with exponential backoff (1, 2, 4, 8, 16 s). */
export const SEND_ATTEMPTS = 6;

export interface DeliveryQueues {
  fanout: Queue<FanoutJob>;
  send: Queue<SendJob>;
  close(): Promise<void>;
}

/**
 * Producers on the program's ioredis connection. Completed jobs are removed at once (the delivery
 * record is the history); failed ones are kept a week for inspection.
 */
export function createQueues(connection: Redis, keyPrefix: string): DeliveryQueues {
  const prefix = bullPrefix(keyPrefix);
  const fanout = new Queue<FanoutJob>(QUEUE.fanout, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  const send = new Queue<SendJob>(QUEUE.send, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: SEND_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    },
  });
  return {
    fanout,
    send,
    async close() {
      await Promise.allSettled([fanout.close(), send.close()]);
    },
  };
}

/**
 * Job id of a send group: deterministic, so adding a group's job again while it waits or runs changes
 * nothing, and one group is never sent by two jobs at once (no `:`, which BullMQ ids cannot hold).
 */
export function groupJobId(deliveryId: string, g: number): string {
  return `${deliveryId}-g${g}`;
}

/** Job id of a legacy per-recipient send job (`LegacySendJob`). */
export function legacySendJobId(deliveryId: string, chatId: number): string {
  return `${deliveryId}-${chatId}`;
}

/** Adds the send jobs of groups `groups` of a delivery (one that exists already stays as it is). */
export async function addGroupJobs(
  queue: Pick<Queue<SendJob>, 'addBulk'>,
  deliveryId: string,
  groups: readonly number[],
): Promise<void> {
  // A hundred at a time: one addBulk is one MULTI, which holds Redis (and every paced send) meanwhile.
  for (let i = 0; i < groups.length; i += 100)
    await queue.addBulk(
      groups.slice(i, i + 100).map((g) => ({
        name: 'send',
        data: { d: deliveryId, g },
        opts: { jobId: groupJobId(deliveryId, g) },
      })),
    );
}

/** Job id of a delivery's fan-out. */
export function fanoutJobId(deliveryId: string): string {
  return `fanout-${deliveryId}`;
}
