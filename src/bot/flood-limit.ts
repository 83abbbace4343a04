import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../logger.js';
import type { FloodCounter } from '../store/flood.js';
import { withTimeout } from '../util/timeout.js';

export interface FloodLimitOptions<C extends Context> {
  counter: FloodCounter;
  /** Updates a user may send per window. */
  limit: number;
  windowMs: number;
  logger: Logger;
  /** How long the counter may take before the update is let through (a slow or absent Redis). */
  timeoutMs?: number;
  /** Called once per window, for the first update over the limit: tell the user to slow down. */
  onLimited(ctx: C): Promise<void>;
}

/**
 * A per-user flood limit: at most `limit` updates per window, the rest dropped before anything else
 * reads or writes on their behalf (no reply, no update-id record). The user is told once per window
 * that they are too fast, never once per dropped message, so that an abusive user cannot make the bot
 * spend Telegram's shared send budget on answers. When the counter fails the update is handled: a
 * Redis blip must not silence every reader.
 */
export function floodLimit<C extends Context>(opts: FloodLimitOptions<C>): MiddlewareFn<C> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) return next();
    let count: number;
    try {
      count = await withTimeout(opts.counter.hit(userId, opts.windowMs), timeoutMs, 'Redis');
    } catch (err) {
      opts.logger.warn({ err }, 'flood limit unavailable; update handled');
      return next();
    }
    if (count <= opts.limit) return next();
    if (count === opts.limit + 1) {
      opts.logger.info({ limit: opts.limit, windowMs: opts.windowMs }, 'flood limit reached; user told once');
      await opts.onLimited(ctx);
    }
  };
}
