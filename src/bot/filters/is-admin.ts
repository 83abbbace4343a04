import type { Context } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * Who may use the desk: owners (ADMIN_IDS) do everything; editors (added by an owner) draft and
 * publish to seats and states, but neither publish to everyone nor manage editors.
 */
export type DeskRole = 'owner' | 'editor';

// One look-up per update however many filters ask: the admin composer asks twice (desk, then denied).
const roles = new WeakMap<Context, Promise<DeskRole | undefined>>();

/**
 * The desk role of the update's sender, or undefined for a reader. Owners are known from the config;
 * anyone else costs one HEXISTS, made once per update.
 */
export function deskRole(ctx: BotContext): Promise<DeskRole | undefined> {
  const from = ctx.from;
  if (!from) return Promise.resolve(undefined);
  if (ctx.deps.config.adminIds.includes(from.id)) return Promise.resolve('owner');
  let role = roles.get(ctx);
  if (!role) {
    role = ctx.deps.editors.has(from.id).then((yes) => (yes ? 'editor' : undefined));
    roles.set(ctx, role);
  }
  return role;
}
