import { TZDate } from '@date-fns/tz';
import { Composer, InlineKeyboard } from 'grammy';
import { formatBriefingTime, formatDay } from '../../../briefings/format-time.js';
import {
  daysFromToday,
  MAX_SCHEDULE_DAYS,
  parseScheduleTime,
  type ScheduleParse,
} from '../../../delivery/schedule-time.js';
import type { Translate } from '../../../i18n/index.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { onCallback } from '../../../telegram/on-callback.js';
import type { BotContext } from '../../context.js';
import { deliverDraft, draftErrorText } from './common.js';

/** How many days ahead the dated examples are: always in the future, always within the limit. */
const EXAMPLE_DAYS_AHEAD = 3;

/**
 * The dated examples shown to an editor, computed from today so that they can be typed as shown
 * (a fixed "2026-11-26" was refused as past once that day had gone): `26 नवंबर` and `26/11`.
 */
export function scheduleExamples(now: number, tz: string, t: Translate): { date: string; dm: string } {
  const d = new TZDate(now, tz);
  d.setDate(d.getDate() + EXAMPLE_DAYS_AHEAD);
  return { date: formatDay(d.getTime(), t, tz), dm: `${d.getDate()}/${d.getMonth() + 1}` };
}

/** "When should it go?" with examples for today's date. */
export function scheduleAskText(ctx: BotContext): string {
  return ctx.t('admin.schedule-ask', scheduleExamples(Date.now(), ctx.deps.config.digestTz, ctx.t));
}

/** A scheduled instant in words, with "आज"/"कल"/"परसों" when it is that close: "कल, 21 नवंबर 2026, सुबह 7 बजे". */
export function scheduleWhenText(ctx: BotContext, at: number, now = Date.now()): string {
  // Read in DIGEST_TZ (parseScheduleTime), so printed in it: the editor sees the time they typed.
  const tz = ctx.deps.config.digestTz;
  const text = formatBriefingTime(at, ctx.t, tz);
  const days = daysFromToday(at, now, tz);
  if (days < 0 || days > 2) return text;
  return ctx.t('admin.schedule-day-when', { day: ctx.t(`admin.schedule-day-${days}`), at: text });
}

/** The answer to a time that was not taken, naming what was wrong with it. */
export function scheduleErrorText(
  ctx: BotContext,
  parsed: Exclude<ScheduleParse, { ok: true }>,
  input: string,
): string {
  const shown = input.trim().slice(0, 60);
  switch (parsed.error) {
    case 'format':
      return ctx.t('admin.schedule-format', {
        input: shown,
        ...scheduleExamples(Date.now(), ctx.deps.config.digestTz, ctx.t),
      });
    case 'date':
    case 'hour':
      return ctx.t(`admin.schedule-${parsed.error}`, { input: shown });
    case 'past':
    case 'too-far':
      return ctx.t(`admin.schedule-${parsed.error}`, {
        at: formatBriefingTime(parsed.at ?? Date.now(), ctx.t, ctx.deps.config.digestTz),
        max: MAX_SCHEDULE_DAYS,
      });
  }
}

/**
 * An editor typed a time for a draft: read it, and either say what was wrong or read it back in words
 * with a button to confirm. Nothing is scheduled until the button is pressed; typing another time
 * replaces the one read back (the admin still owes the time).
 */
export async function readScheduleTime(ctx: BotContext, draftId: string, input: string): Promise<void> {
  const parsed = parseScheduleTime(input, Date.now(), ctx.deps.config.digestTz);
  if (!parsed.ok) {
    await ctx.reply(scheduleErrorText(ctx, parsed, input));
    return;
  }
  const draft = await ctx.deps.adminState.draft(draftId);
  if (!draft) {
    if (ctx.from) await ctx.deps.adminState.clearAwaiting(ctx.from.id);
    await ctx.reply(ctx.t('admin.draft-gone'));
    return;
  }
  const kb = new InlineKeyboard()
    .text(
      ctx.t('admin.button-schedule-confirm'),
      encodeCallback({ kind: 'scheduleAt', id: draftId, at: parsed.at }),
    )
    .row()
    .text(
      ctx.t('admin.button-discard'),
      encodeCallback({ kind: 'delivery', action: 'discard', id: draftId }),
    );
  await ctx.reply(
    ctx.t('admin.schedule-confirm', { when: scheduleWhenText(ctx, parsed.at), target: draft.targetLabel }),
    { reply_markup: kb },
  );
}

/** The confirm button under a time read back: schedules the draft at that time, once. */
export function scheduleFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    onCallback('scheduleAt', async (ctx, data) => {
      const { adminState } = ctx.deps;
      if (data.at <= Date.now()) {
        // The editor waited on the button past the time itself.
        const text = ctx.t('admin.schedule-past', {
          at: formatBriefingTime(data.at, ctx.t, ctx.deps.config.digestTz),
        });
        await ctx.answerCallbackQuery();
        await ctx.reply(text);
        return;
      }
      const draft = await adminState.takeDraft(data.id);
      if (!draft) {
        await ctx.answerCallbackQuery({ text: ctx.t('admin.draft-gone') });
        return;
      }
      await adminState.clearAwaiting(ctx.from.id);
      await ctx.answerCallbackQuery();
      try {
        const d = await deliverDraft(ctx, draft, data.at);
        await ctx.editMessageText(
          ctx.t('admin.scheduled-ok', {
            id: d.id,
            target: draft.targetLabel,
            at: scheduleWhenText(ctx, data.at),
          }),
        );
      } catch (err) {
        await ctx.reply(await draftErrorText(ctx, draft, 'schedule', err));
      }
    }),
  );
  return composer;
}
