import { Composer, InlineKeyboard } from 'grammy';
import { stateName } from '../../../catalog/names.js';
import type { Target } from '../../../store/deliveries.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { onCallback } from '../../../telegram/on-callback.js';
import { targetLabel } from '../../../telegram/targets.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { refuseEveryone } from './common.js';

/** /broadcast: choose a target (a seat by search, a state, everyone), then send the message. */
export function broadcastFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('broadcast', async (ctx) => {
    const kb = new InlineKeyboard()
      .text(ctx.t('admin.target-button-pc'), encodeCallback({ kind: 'target', scope: 'pc', code: '-' }))
      .text(
        ctx.t('admin.target-button-state'),
        encodeCallback({ kind: 'target', scope: 'states', code: '-' }),
      )
      .row();
    // Publishing to everyone stays with owners: editors are not offered it.
    if ((await deskRole(ctx)) === 'owner')
      kb.text(ctx.t('admin.target-all'), encodeCallback({ kind: 'target', scope: 'all', code: '-' }));
    await ctx.reply(ctx.t('admin.broadcast-choose'), { reply_markup: kb });
  });

  composer.use(
    onCallback('target', async (ctx, data) => {
      const { catalog, adminState } = ctx.deps;
      if (
        data.scope === 'all' &&
        (await refuseEveryone(ctx, { target: { kind: 'all' }, targetLabel: ctx.t('admin.target-all') }))
      ) {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(ctx.t('editors.refuse-everyone'));
        return;
      }
      await ctx.answerCallbackQuery();
      if (data.scope === 'pc') {
        await adminState.setAwaiting(ctx.from.id, { kind: 'broadcast-pc' });
        await ctx.editMessageText(ctx.t('admin.broadcast-ask-pc'));
        return;
      }
      if (data.scope === 'states') {
        const kb = new InlineKeyboard();
        catalog.states.forEach((s, i) => {
          if (i > 0 && i % 3 === 0) kb.row();
          kb.text(
            stateName(catalog, s.code, ctx.lang),
            encodeCallback({ kind: 'target', scope: 'state', code: s.code }),
          );
        });
        await ctx.editMessageText(ctx.t('admin.broadcast-choose-state'), { reply_markup: kb });
        return;
      }
      let target: Target | undefined;
      if (data.scope === 'all') target = { kind: 'all' };
      else if (data.scope === 'state' && catalog.state(data.code))
        target = { kind: 'state', state: data.code };
      else if (data.scope === 'pcx' && catalog.byCode(data.code)) target = { kind: 'pcs', pcs: [data.code] };
      else if (data.scope === 'acx' && catalog.acByCode(data.code))
        target = { kind: 'pcs', pcs: [], acs: [data.code] };
      if (!target) return;
      const label = targetLabel(target, catalog, ctx.lang, ctx.t);
      await adminState.setAwaiting(ctx.from.id, { kind: 'broadcast-message', target, targetLabel: label });
      await ctx.editMessageText(ctx.t('admin.broadcast-ask-message', { target: label }));
    }),
  );

  return composer;
}
