import type { Audience } from '../../../briefings/types.js';
import { type RawHtml, raw } from '../../../i18n/index.js';
import { audienceLabel } from '../../../telegram/draft-card.js';
import { type DeskDeps, DeskError, deskDeps } from '../../../usecases/desk.js';
import { type SeatSuggestion, suggestDeskSeats } from '../../../usecases/desk-seats.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';

/** The desk use cases' dependencies, from the bot's. */
export function desk(ctx: BotContext): DeskDeps {
  return deskDeps(ctx.deps);
}

/** Who acts, with the desk role the use cases check (national audience only for owners). */
export async function actorOf(ctx: BotContext): Promise<{ id: string; role: 'owner' | 'editor' }> {
  const role = (await deskRole(ctx)) ?? 'editor';
  return { id: String(ctx.from?.id ?? 'unknown'), role };
}

/**
 * The seats the tagger suggests for a text (src/usecases/desk-seats.ts): the PCs it names, with the
 * assembly seats it names when their state is in a Vidhan Sabha election; else a state meant whole;
 * else no audience (the editor must choose). `namedAcs` are every assembly seat named, to offer.
 */
export function suggestSeats(ctx: BotContext, text: string): Promise<SeatSuggestion> {
  return suggestDeskSeats({ tag: ctx.deps.tag, elections: ctx.deps.elections }, text);
}

/** The audience the tagger suggests for a text (see {@link suggestSeats}). */
export async function suggestAudience(ctx: BotContext, text: string): Promise<Audience | undefined> {
  return (await suggestSeats(ctx, text)).audience;
}

/**
 * "हाथरस सीट के पाठक" for an audience, in the chat's language, seats named from the catalogue. It is
 * Telegram HTML already (names escaped once), so it goes into `ctx.t` as raw: escaped again, a name
 * with "&" would read "&amp;amp;".
 */
export function audienceText(ctx: BotContext, audience: Audience): RawHtml {
  return raw(audienceLabel(ctx.deps.i18n, ctx.lang, audience, ctx.deps.catalog));
}

/** Two audiences the same (the editor has not changed what the tagger suggested). */
export function sameAudience(a: Audience | undefined, b: Audience | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The use cases' field names, as the locale keys name them (`desk.field-<name>`). */
const FIELD_KEYS: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  body: 'body',
  photo: 'photo',
  sourceUrl: 'source',
  audience: 'audience',
  alsoRead: 'also-read',
  when: 'when',
};

/** A desk refusal in the editor's words; anything else is rethrown. */
export function deskErrorText(ctx: BotContext, err: unknown): string {
  if (!(err instanceof DeskError)) throw err;
  switch (err.code) {
    case 'draft-not-found':
    case 'draft-closed':
      return ctx.t('desk.stale');
    case 'no-audience':
      return ctx.t('desk.need-seat');
    case 'forbidden-scope':
      return ctx.t('editors.refuse-everyone');
    case 'briefing-not-found':
      return ctx.t('desk.withdraw-gone');
    case 'invalid':
      // The layout of copies already sent: Telegram edits a message's text, never adds one to it.
      if (err.field === 'layout') return ctx.t('desk.error-layout');
      return ctx.t('desk.error-invalid', {
        field: ctx.t(`desk.field-${FIELD_KEYS[err.field ?? ''] ?? 'other'}`),
      });
  }
}
