import { Composer } from 'grammy';
import { formatSlotClock } from '../../briefings/format-time.js';
import { acNameOf, pcNameOf } from '../../catalog/names.js';
import { INACTIVE_ERASE_DAYS } from '../../usecases/erase-reader.js';
import type { BotContext } from '../context.js';

/** A date as the reader reads it, in the digest time zone ("30 नवंबर 2026"). */
function longDate(ms: number, lang: string, tz: string): string {
  return new Intl.DateTimeFormat(lang === 'hi' ? 'hi-IN' : 'en-IN', {
    dateStyle: 'long',
    timeZone: tz,
  }).format(new Date(ms));
}

/**
 * /mydata: everything the bot keeps about the reader, in their language, with how long and why, and
 * how to erase it (/stop). A reader the bot does not know is told so.
 */
export function myDataFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('mydata', async (ctx) => {
    const { subscribers, catalog, config } = ctx.deps;
    const known = await subscribers.describe(ctx.chat.id);
    if (!known) {
      await ctx.reply(ctx.t('privacy.nothing'));
      return;
    }
    const { chat, pcs, acs } = known;
    const names = [
      ...pcs.map((pc) => pcNameOf(catalog, pc, ctx.lang)),
      ...acs.map((ac) => ctx.t('privacy.seat-ac', { ac: acNameOf(catalog, ac, ctx.lang) })),
    ];
    const seats = names.length ? names.join(', ') : ctx.t('privacy.no-seats');
    // The seat preferences that matter for what they follow, as /mysubs shows them.
    const prefs = chat.prefs ?? { wide: true, pcAcs: false };
    const prefLines = [
      ...(acs.length ? [`${prefs.wide ? '✅' : '⬜'} ${ctx.t('mysubs.pref-wide')}`] : []),
      ...(pcs.length ? [`${prefs.pcAcs ? '✅' : '⬜'} ${ctx.t('mysubs.pref-pc-acs')}`] : []),
    ];
    const lines = [
      ctx.t('privacy.title'),
      '',
      ctx.t('privacy.id', { id: String(chat.id) }),
      ctx.t('privacy.since', { date: longDate(chat.createdAt, ctx.lang, config.digestTz) }),
      ctx.t('privacy.language', { language: ctx.deps.i18n.t(chat.lang, 'language.name') }),
      ctx.t(chat.status === 'active' ? 'privacy.status-active' : 'privacy.status-inactive'),
      ctx.t('privacy.seats', { seats }),
      ...prefLines,
      chat.digest === 'off'
        ? ctx.t('privacy.digest-off')
        : ctx.t('privacy.digest', { when: formatSlotClock(chat.digest, ctx.t) }),
      ctx.t(chat.quiet ? 'privacy.quiet-on' : 'privacy.quiet-off'),
      '',
      ctx.t('privacy.records', { days: INACTIVE_ERASE_DAYS }),
      '',
      ctx.t('privacy.erase'),
    ];
    await ctx.reply(lines.join('\n'));
  });
  return composer;
}
