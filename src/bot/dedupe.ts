import type { Context, MiddlewareFn } from 'grammy';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { createKeys } from '../store/keys.js';
import { withTimeout } from '../util/timeout.js';

/** How long an update id is remembered: Telegram gives up redelivering a webhook update long before. */
export const DEDUPE_TTL_SECONDS = 24 * 60 * 60;

/**
 * How long an update is claimed while it is being handled. A process that dies mid-update (a crash, a
 * deploy) never answers Telegram, which sends the update again later: the claim must have lapsed by then
 * so that the resend is handled rather than dropped. Longer than grammY's webhook timeout (10 s).
 */
export const DEDUPE_CLAIM_SECONDS = 60;

/** How long the SET may take before the update is processed anyway (a slow or absent Redis). */
export const DEDUPE_TIMEOUT_MS = 2000;

/** `<prefix>:upd:<bot id>:<update id>`: set once, by whichever process sees the update first. */
export function dedupeKey(prefix: string, botId: number, updateId: number): string {
  return createKeys(prefix).update(botId, updateId);
}

export interface DedupeDeps {
  redis: Redis;
  prefix: string;
  logger: Logger;
  ttlSeconds?: number;
  timeoutMs?: number;
}

/**
 * Drops an update whose `update_id` was already taken (Telegram redelivers a webhook update when the
 * answer was slow or failed; with several bot processes the copy may reach another one).
 * `SET key 1 NX EX 60` claims the update while it is handled, then EXPIRE extends it to `ttl`: the first
 * process to set the key handles the update, every later copy is dropped and logged as a warning; a process
 * that dies mid-update lets the claim lapse, so Telegram's resend is handled. When Redis fails or is slower than `timeoutMs`, the update is handled
 * anyway and a warning is logged: a rare duplicate reply is better than a lost one.
 */
export function dedupeUpdates<C extends Context>(deps: DedupeDeps): MiddlewareFn<C> {
  const ttl = deps.ttlSeconds ?? DEDUPE_TTL_SECONDS;
  const timeoutMs = deps.timeoutMs ?? DEDUPE_TIMEOUT_MS;
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const key = dedupeKey(deps.prefix, ctx.me.id, updateId);
    let first: boolean;
    try {
      const set = deps.redis.set(key, '1', 'EX', DEDUPE_CLAIM_SECONDS, 'NX');
      first = (await withTimeout(set, timeoutMs, 'Redis')) === 'OK';
    } catch (err) {
      deps.logger.warn({ err, updateId }, 'update de-duplication unavailable; handling the update anyway');
      first = true;
    }
    if (!first) {
      // Logged where a person sees it (the sandbox shows warnings only): a repeat from Telegram is rare,
      // and a run of them means update ids went back (an API server that numbered them again), which
      // would otherwise silence the bot without a word.
      deps.logger.warn({ updateId, botId: ctx.me.id }, 'repeated update dropped');
      return;
    }
    try {
      await next();
    } finally {
      // Handled (or failed and answered): remember it for the whole TTL.
      deps.redis.expire(key, ttl).catch((err: Error) => {
        deps.logger.warn({ err, updateId }, 'could not extend an update claim');
      });
    }
  };
}
