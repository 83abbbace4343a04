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

/** A send job: one recipient of one delivery. Ids only: no text, no token, nothing secret. */
export interface SendJob {
  d: string;
  c: number;
}

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

/** Job id of a recipient's send: deterministic, so re-adding a page changes nothing. */
export function sendJobId(deliveryId: string, chatId: number): string {
  return `${deliveryId}-${chatId}`;
}

/** Job id of a delivery's fan-out. */
export function fanoutJobId(deliveryId: string): string {
  return `fanout-${deliveryId}`;
}
