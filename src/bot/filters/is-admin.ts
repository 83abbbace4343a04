import type { Context } from 'grammy';

/** True when the update comes from a user listed in ADMIN_IDS. */
export function isAdmin(adminIds: readonly number[]) {
  return (ctx: Context): boolean => ctx.from !== undefined && adminIds.includes(ctx.from.id);
}
