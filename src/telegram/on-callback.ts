import type { Context, Filter, MiddlewareFn, NextFunction } from 'grammy';
import { type CallbackKind, type CallbackOf, decodeCallback } from './callback-codec.js';

/** The context of a button press: a callback query that carries data. */
export type CallbackContext<C extends Context> = Filter<C, 'callback_query:data'>;

/** Handles one kind of button: gets the decoded, typed payload; `next` passes the update on. */
export type CallbackHandler<C extends Context, K extends CallbackKind> = (
  ctx: CallbackContext<C>,
  data: CallbackOf<K>,
  next: NextFunction,
) => unknown;

/**
 * Middleware for the buttons of one kind (or a few): decodes the callback data through the codec and
 * calls `handler` with the typed payload; anything else (another kind, data this version did not make,
 * no callback query at all) goes to `next` untouched. Install it on a composer, narrowed as you like:
 *
 * ```ts
 * pm.use(onCallback('unsub', async (ctx, data) => { ... data.pc ... }));
 * ```
 */
export function onCallback<C extends Context, K extends CallbackKind>(
  kind: K | readonly K[],
  handler: CallbackHandler<C, K>,
): MiddlewareFn<C> {
  const kinds: readonly CallbackKind[] = typeof kind === 'string' ? [kind] : kind;
  return async (ctx, next) => {
    const data = decodeCallback(ctx.callbackQuery?.data);
    if (!data || !kinds.includes(data.kind)) return next();
    // decodeCallback returned data only because callbackQuery.data exists, and its kind is one of K.
    await handler(ctx as CallbackContext<C>, data as CallbackOf<K>, next);
  };
}
