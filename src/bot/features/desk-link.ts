import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { deskRole } from '../filters/is-admin.js';
import { audit } from './admin/common.js';

/** Where a sign-in link points: the desk's login page under DESK_URL. */
export function deskLoginUrl(deskUrl: string, token: string): string {
  return `${deskUrl}/desk/login?t=${encodeURIComponent(token)}`;
}

/**
 * /desk: an owner or editor gets a one-time link into the web desk (good for 10 minutes, one sign-in).
 * Installed inside the admin composer, so anyone else gets what any unknown command gets.
 */
export function deskLinkFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('desk', async (ctx) => {
    const { config, deskSessions } = ctx.deps;
    const role = await deskRole(ctx);
    if (!role || !ctx.from) return;
    if (!config.deskUrl) {
      await ctx.reply(ctx.t('desklink.off'));
      await audit(ctx, 'desk-link', 'off');
      return;
    }
    const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' ');
    const token = await deskSessions.issueLink(ctx.from.id, name);
    const url = deskLoginUrl(config.deskUrl, token);
    // No link preview: Telegram's preview fetcher would open the link (harmless, the page only shows a
    // button, but the link is the editor's alone).
    await ctx.reply(ctx.t('desklink.link', { url }), { link_preview_options: { is_disabled: true } });
    await audit(ctx, 'desk-link', 'ok');
  });
  return composer;
}
