import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import {
  briefingTextFrom,
  type EntityText,
  entitiesToMarkdown,
  summaryOf,
  takeImageUrl,
} from '../../../briefings/from-entities.js';
import { checkLink, isBriefingId } from '../../../briefings/links.js';
import { MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from '../../../briefings/parse.js';
import type { AlsoReadRef, Audience } from '../../../briefings/types.js';
import { stateOfPc } from '../../../briefings/types.js';
import { acNameOf, localName, pcNameOf, pcWithState, stateName } from '../../../catalog/names.js';
import { acOfHit } from '../../../catalog/search.js';
import { sendOutgoing } from '../../../delivery/outgoing.js';
import { parseScheduleTime } from '../../../delivery/schedule-time.js';
import { encodeCallback } from '../../../telegram/callback-codec.js';
import { formatCount } from '../../../telegram/format.js';
import { onCallback } from '../../../telegram/on-callback.js';
import { briefingTarget } from '../../../usecases/deliveries.js';
import {
  createDraft,
  type Draft,
  type DraftFields,
  discardDraft,
  getDraft,
  listDrafts,
  previewDraftMessages,
  publishDraft,
  updateDraft,
} from '../../../usecases/desk.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { clip } from '../../format.js';
import { announceDelivery } from '../admin/common.js';
import { scheduleAskText, scheduleErrorText, scheduleWhenText } from '../admin/schedule.js';
import {
  actorOf,
  audienceText,
  desk,
  deskErrorText,
  sameAudience,
  suggestAudience,
  suggestSeats,
} from './common.js';

/**
 * Longest body a draft takes, in characters: five full Telegram messages and then some. Longer text
 * is refused part by part (the draft keeps what it had); what is taken is split for readers, never cut.
 */
export const MAX_DRAFT_BODY = 40_000;

/** How many drafts /drafts lists. */
const DRAFTS_LISTED = 10;

/** The text of a message as entity text: a text's or a photo's caption. */
function entityTextOf(m: Message): EntityText | undefined {
  if (m.text !== undefined) return { text: m.text, entities: m.entities ?? [] };
  if (m.caption !== undefined) return { text: m.caption, entities: m.caption_entities ?? [] };
  return undefined;
}

/** The draft's buttons: send, schedule, seats and the fields, keep, discard. */
function draftKeyboard(ctx: BotContext, id: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('desk.button-send-now'), encodeCallback({ kind: 'draftSend', id }))
    .text(ctx.t('desk.button-schedule'), encodeCallback({ kind: 'draftSchedule', id }))
    .row()
    .text(ctx.t('desk.button-seats'), encodeCallback({ kind: 'draftSeats', id }))
    .text(ctx.t('desk.button-title'), encodeCallback({ kind: 'draftEdit', id, field: 'title' }))
    .row()
    .text(ctx.t('desk.button-summary'), encodeCallback({ kind: 'draftEdit', id, field: 'summary' }))
    .text(ctx.t('desk.button-also'), encodeCallback({ kind: 'draftEdit', id, field: 'also' }))
    .row()
    .text(ctx.t('desk.button-keep'), encodeCallback({ kind: 'draftKeep', id }))
    .text(ctx.t('desk.button-drop'), encodeCallback({ kind: 'draftDrop', id }));
}

/**
 * Shows a draft as readers will get it (through the briefing kind itself), then who it reaches and
 * the buttons. A draft with no audience yet has no readers to show it as: it says so, and the editor
 * must choose before anything else.
 */
export async function showDraft(ctx: BotContext, draft: Draft): Promise<void> {
  const summary = clip(draft.summary, 320);
  let text: string;
  if (draft.audience) {
    const { briefing, messages } = await previewDraftMessages(desk(ctx), draft.id, ctx.lang);
    await ctx.reply(ctx.t('desk.preview-heading'));
    for (const o of messages) await sendOutgoing(ctx.api, ctx.chat?.id as number, o);
    const count = await ctx.deps.delivery.countAudience(briefingTarget(briefing));
    text = ctx.t('desk.draft-status', {
      target: audienceText(ctx, draft.audience),
      count: formatCount(count, ctx.lang),
      summary,
    });
  } else text = ctx.t('desk.draft-no-seat', { summary });
  await ctx.reply(text, { reply_markup: draftKeyboard(ctx, draft.id) });
}

/** An open draft by id, or a short "this button is old" answer (and undefined). */
async function openDraft(ctx: BotContext, id: string): Promise<Draft | undefined> {
  const draft = await getDraft(desk(ctx), id);
  if (draft && draft.status === 'open') return draft;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('desk.stale') }).catch(() => undefined);
  await ctx.reply(ctx.t('desk.stale'));
  return undefined;
}

/** The audience and suggestion for a text: the tagger's seats, kept as the suggestion too. */
async function tagged(ctx: BotContext, fields: Pick<DraftFields, 'title' | 'body'>) {
  const suggested = await suggestAudience(ctx, `${fields.title}\n${fields.body}`);
  return suggested ? { audience: suggested, suggestedAudience: suggested } : {};
}

/**
 * One message of the editor while /new is open: text (appended to the draft, the first one making
 * it), a photo (with its caption as text), an https image link alone on a line (the photo). Anything
 * else gets a short answer naming the problem; the draft is never touched by what is refused.
 */
async function composeMessage(
  ctx: BotContext,
  m: Message,
  waiting: { draftId?: string; photoFileId?: string },
): Promise<void> {
  const uid = ctx.from?.id as number;
  if (m.sticker) return void (await ctx.reply(ctx.t('desk.sticker')));
  if (m.document) return void (await ctx.reply(ctx.t('desk.document')));
  const largest = m.photo?.[m.photo.length - 1];
  const src = entityTextOf(m);
  if (!largest && src === undefined) return void (await ctx.reply(ctx.t('desk.unsupported')));
  const dd = desk(ctx);
  const actor = await actorOf(ctx);

  let photoUrl: string | undefined;
  let text = src;
  if (text) {
    const taken = takeImageUrl(text);
    photoUrl = taken.url;
    text = taken.rest.text.trim() === '' ? undefined : taken.rest;
  }
  const photo = largest
    ? { kind: 'telegram' as const, fileId: largest.file_id }
    : photoUrl
      ? { kind: 'url' as const, url: photoUrl }
      : undefined;

  let draft = waiting.draftId ? await getDraft(dd, waiting.draftId) : undefined;
  if (draft && draft.status !== 'open') draft = undefined;

  if (!draft) {
    if (!text) {
      if (!photo) return void (await ctx.reply(ctx.t('desk.empty')));
      // A photo before any text waits for the text (a link kept as `url:<link>`).
      await ctx.deps.adminState.setAwaiting(uid, {
        kind: 'desk-compose',
        photoFileId: photo.kind === 'telegram' ? photo.fileId : `url:${photo.url}`,
      });
      return void (await ctx.reply(`${ctx.t('desk.photo-added')}\n${ctx.t('desk.new-ask')}`));
    }
    const fields = briefingTextFrom(text);
    if (fields.body.length > MAX_DRAFT_BODY) {
      return void (await ctx.reply(
        ctx.t('desk.too-long', {
          count: formatCount(fields.body.length, ctx.lang),
          max: formatCount(MAX_DRAFT_BODY, ctx.lang),
        }),
      ));
    }
    const pending = waiting.photoFileId;
    const earlierPhoto = pending
      ? pending.startsWith('url:')
        ? { kind: 'url' as const, url: pending.slice(4) }
        : { kind: 'telegram' as const, fileId: pending }
      : undefined;
    const withPhoto = photo ?? earlierPhoto;
    draft = await createDraft(
      dd,
      actor,
      { ...fields, ...(await tagged(ctx, fields)), ...(withPhoto ? { photo: withPhoto } : {}) },
      { kind: 'telegram' },
    );
    await ctx.deps.adminState.setAwaiting(uid, { kind: 'desk-compose', draftId: draft.id });
    await showDraft(ctx, draft);
    return;
  }

  const patch: Partial<DraftFields> = {};
  const notes: string[] = [];
  if (photo) {
    patch.photo = photo;
    notes.push(ctx.t(draft.photo ? 'desk.photo-replaced' : 'desk.photo-added'));
  }
  if (text) {
    const more = entitiesToMarkdown(text.text, text.entities);
    // A first message of one line was the title alone (standing in as the body until now): the text
    // that follows is the body, and its first sentences the summary.
    const titleOnly = draft.summary === draft.title && draft.body === entitiesToMarkdown(draft.title);
    const body = titleOnly ? more : `${draft.body}\n\n${more}`;
    if (titleOnly) patch.summary = summaryOf(text.text) || draft.title;
    if (body.length > MAX_DRAFT_BODY) {
      return void (await ctx.reply(
        ctx.t('desk.too-long', {
          count: formatCount(body.length, ctx.lang),
          max: formatCount(MAX_DRAFT_BODY, ctx.lang),
        }),
      ));
    }
    patch.body = body;
    // Seats follow the text until the editor chooses them by hand.
    if (sameAudience(draft.audience, draft.suggestedAudience))
      Object.assign(patch, await tagged(ctx, { title: draft.title, body }));
  }
  if (!text && !photo) return void (await ctx.reply(ctx.t('desk.empty')));
  const updated = await updateDraft(dd, actor, draft.id, patch);
  if (notes.length > 0) await ctx.reply(notes.join('\n'));
  await showDraft(ctx, updated);
}

/**
 * The seat buttons of a draft: remove a PC or an assembly seat, add an assembly seat the text names
 * (whatever the election switch says), add any seat, a whole state, the whole country (owners).
 */
async function seatsView(ctx: BotContext, draft: Draft): Promise<{ text: string; kb: InlineKeyboard }> {
  const { catalog } = ctx.deps;
  const id = draft.id;
  const kb = new InlineKeyboard();
  const a = draft.audience;
  const acs = a?.kind === 'pcs' ? (a.acs ?? []) : [];
  if (a?.kind === 'pcs')
    for (const pc of a.pcs)
      kb.text(
        ctx.t('desk.seat-remove-label', { pc: pcNameOf(catalog, pc, ctx.lang) }),
        encodeCallback({ kind: 'draftSeatRemove', id, pc }),
      ).row();
  for (const ac of acs)
    kb.text(
      ctx.t('desk.seat-remove-ac-label', { ac: acNameOf(catalog, ac, ctx.lang) }),
      encodeCallback({ kind: 'draftSeatRemoveAc', id, ac }),
    ).row();
  // Assembly seats the text names, one tap each (the text as it stands: a feed's draft or a /new one).
  const { namedAcs } = await suggestSeats(ctx, `${draft.title}\n${draft.body}`);
  for (const ac of namedAcs.filter((c) => !acs.includes(c)).slice(0, 6))
    kb.text(
      ctx.t('desk.seat-add-ac-label', { ac: acNameOf(catalog, ac, ctx.lang) }),
      encodeCallback({ kind: 'draftSeatPickAc', id, ac }),
    ).row();
  kb.text(ctx.t('desk.button-seat-add'), encodeCallback({ kind: 'draftSeatAdd', id })).row();
  const seatsOf = (x: Audience | undefined) => (x?.kind === 'pcs' ? [...x.pcs, ...(x.acs ?? [])] : []);
  const firstSeat = seatsOf(a)[0] ?? seatsOf(draft.suggestedAudience)[0];
  const state = firstSeat
    ? stateOfPc(firstSeat)
    : draft.suggestedAudience?.kind === 'state'
      ? draft.suggestedAudience.state
      : undefined;
  if (state && !(a?.kind === 'state' && a.state === state))
    kb.text(
      ctx.t('desk.scope-state-label', { state: stateName(catalog, state, ctx.lang) }),
      encodeCallback({ kind: 'draftScope', id, scope: state }),
    ).row();
  // The tagger's suggestion, whenever the audience is something else (a feed's draft comes with only it).
  if (draft.suggestedAudience && !sameAudience(a, draft.suggestedAudience))
    kb.text(ctx.t('desk.button-scope-pcs'), encodeCallback({ kind: 'draftScope', id, scope: 'pcs' })).row();
  if ((await deskRole(ctx)) === 'owner' && a?.kind !== 'national')
    kb.text(
      ctx.t('desk.button-scope-national'),
      encodeCallback({ kind: 'draftScope', id, scope: 'national' }),
    ).row();
  kb.text(ctx.t('desk.button-done'), encodeCallback({ kind: 'draftOpen', id }));
  const text = a ? ctx.t('desk.seats-title', { target: audienceText(ctx, a) }) : ctx.t('desk.seats-none');
  return { text, kb };
}

async function showSeats(ctx: BotContext, draft: Draft, edit: boolean): Promise<void> {
  const { text, kb } = await seatsView(ctx, draft);
  if (edit && ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, { reply_markup: kb });
    return;
  }
  await ctx.reply(text, { reply_markup: kb });
}

/**
 * Adds a PC or an assembly seat to a draft's audience (a state or national audience becomes this seat).
 * An assembly seat added alone reaches its readers only (and, by their choice, its PC's): the PC is the
 * editor's to add.
 */
async function addSeat(ctx: BotContext, draft: Draft, seat: { pc: string } | { ac: string }): Promise<Draft> {
  const pcs = draft.audience?.kind === 'pcs' ? draft.audience.pcs : [];
  const acs = draft.audience?.kind === 'pcs' ? (draft.audience.acs ?? []) : [];
  const add = (list: string[], code: string) => (list.includes(code) ? list : [...list, code]);
  const next = 'pc' in seat ? { pcs: add(pcs, seat.pc), acs } : { pcs, acs: add(acs, seat.ac) };
  const audience: Audience = next.acs.length
    ? { kind: 'pcs', pcs: next.pcs, acs: next.acs }
    : { kind: 'pcs', pcs: next.pcs };
  return updateDraft(desk(ctx), await actorOf(ctx), draft.id, { audience });
}

/** A draft's audience without one seat; undefined when no seat is left. */
function withoutSeat(a: Audience | undefined, seat: { pc: string } | { ac: string }): Audience | undefined {
  if (a?.kind !== 'pcs') return undefined;
  const pcs = 'pc' in seat ? a.pcs.filter((p) => p !== seat.pc) : a.pcs;
  const acs = 'ac' in seat ? (a.acs ?? []).filter((c) => c !== seat.ac) : (a.acs ?? []);
  if (pcs.length === 0 && acs.length === 0) return undefined;
  return acs.length ? { kind: 'pcs', pcs, acs } : { kind: 'pcs', pcs };
}

/** "ये भी पढ़ें" as the editor typed it: a briefing id, or a title and an https link, one per line. */
function parseAlsoRead(text: string): { refs: AlsoReadRef[] | 'auto'; bad?: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 1 && /^(अपने आप|auto)$/i.test(lines[0] as string)) return { refs: 'auto' };
  const refs: AlsoReadRef[] = [];
  for (const line of lines) {
    if (isBriefingId(line)) {
      refs.push({ kind: 'briefing', id: line });
      continue;
    }
    const m = /^(.*?)\s*(\S+)$/.exec(line);
    const url = m?.[2] ?? '';
    const title = (m?.[1] ?? '').trim();
    const checked = checkLink(url);
    if (!checked.ok || !title) return { refs, bad: line };
    refs.push({ kind: 'url', title: title.slice(0, 120), url: checked.url });
  }
  return { refs };
}

/** An editor's answer for one field of a draft (title, summary, "ये भी पढ़ें"). */
async function readField(
  ctx: BotContext,
  draftId: string,
  field: 'title' | 'summary' | 'also',
  text: string,
) {
  const draft = await openDraft(ctx, draftId);
  if (!draft) return;
  const value = text.trim();
  if (!value) return void (await ctx.reply(ctx.t('desk.field-empty')));
  const patch: Partial<DraftFields> = {};
  if (field === 'also') {
    const parsed = parseAlsoRead(value);
    if (parsed.bad !== undefined)
      return void (await ctx.reply(ctx.t('desk.also-bad-line', { line: clip(parsed.bad, 60) })));
    // Absent means automatic: an empty patch value is how the use case hears "choose yourself".
    patch.alsoRead = parsed.refs === 'auto' ? undefined : parsed.refs;
  } else {
    const max = field === 'title' ? MAX_TITLE_LENGTH : MAX_SUMMARY_LENGTH;
    const one = value.replace(/\s+/g, ' ');
    if (one.length > max) return void (await ctx.reply(ctx.t('desk.field-too-long', { max })));
    patch[field] = one;
  }
  const updated = await updateDraft(desk(ctx), await actorOf(ctx), draft.id, patch);
  await ctx.deps.adminState.setAwaiting(ctx.from?.id as number, { kind: 'desk-compose', draftId: draft.id });
  await ctx.reply(ctx.t('desk.updated'));
  await showDraft(ctx, updated);
}

/** A seat name typed for a draft: one match is added, several offered, none answered. */
async function readSeat(ctx: BotContext, draftId: string, text: string): Promise<void> {
  const draft = await openDraft(ctx, draftId);
  if (!draft) return;
  const { search, catalog } = ctx.deps;
  const r = search(text.slice(0, 100), { limit: 6 });
  const oneAc = r.kind === 'one' ? acOfHit(catalog, r.hit) : undefined;
  if (r.kind === 'one' && oneAc) {
    // An assembly seat's name: that seat or its whole PC, the state's election first.
    const acButton: [string, string] = [
      ctx.t('subscribe.follow-ac', { ac: localName(oneAc, ctx.lang) }),
      encodeCallback({ kind: 'draftSeatPickAc', id: draftId, ac: oneAc.code }),
    ];
    const pcButton: [string, string] = [
      ctx.t('subscribe.follow-pc', { pc: localName(r.hit.pc, ctx.lang) }),
      encodeCallback({ kind: 'draftSeatPick', id: draftId, pc: r.hit.pc.code }),
    ];
    const first = await ctx.deps.elections.get(oneAc.stateCode);
    const kb = new InlineKeyboard();
    for (const [label, data] of first === 'vs' ? [acButton, pcButton] : [pcButton, acButton])
      kb.text(label, data).row();
    return void (await ctx.reply(ctx.t('admin.broadcast-pc-which'), { reply_markup: kb }));
  }
  if (r.kind === 'one') {
    const updated = await addSeat(ctx, draft, { pc: r.hit.pc.code });
    await ctx.deps.adminState.setAwaiting(ctx.from?.id as number, { kind: 'desk-compose', draftId });
    await ctx.reply(ctx.t('desk.seat-added', { pc: pcWithState(catalog, r.hit.pc, ctx.lang) }));
    await showSeats(ctx, updated, false);
    return;
  }
  const hits = r.kind === 'none' ? r.suggestions : r.hits;
  if (hits.length === 0) return void (await ctx.reply(ctx.t('admin.broadcast-pc-none')));
  const kb = new InlineKeyboard();
  for (const h of hits.slice(0, 6)) {
    // A hit through an assembly seat offers that seat as well as its PC.
    const ac = acOfHit(catalog, h);
    if (ac)
      kb.text(
        ctx.t('desk.seat-ac-with-state', {
          ac: localName(ac, ctx.lang),
          state: stateName(catalog, ac.stateCode, ctx.lang),
        }),
        encodeCallback({ kind: 'draftSeatPickAc', id: draftId, ac: ac.code }),
      ).row();
    kb.text(
      pcWithState(catalog, h.pc, ctx.lang),
      encodeCallback({ kind: 'draftSeatPick', id: draftId, pc: h.pc.code }),
    ).row();
  }
  await ctx.reply(ctx.t('admin.broadcast-pc-which'), { reply_markup: kb });
}

/** A time typed for a draft: read back in words with a button to confirm, or the problem named. */
async function readTime(ctx: BotContext, draftId: string, input: string): Promise<void> {
  const parsed = parseScheduleTime(input, Date.now(), ctx.deps.config.digestTz);
  if (!parsed.ok) return void (await ctx.reply(scheduleErrorText(ctx, parsed, input)));
  const draft = await openDraft(ctx, draftId);
  if (!draft) return;
  if (!draft.audience) return void (await ctx.reply(ctx.t('desk.need-seat')));
  const kb = new InlineKeyboard()
    .text(
      ctx.t('admin.button-schedule-confirm'),
      encodeCallback({ kind: 'draftAt', id: draftId, at: parsed.at }),
    )
    .row()
    .text(ctx.t('desk.button-keep'), encodeCallback({ kind: 'draftKeep', id: draftId }));
  await ctx.reply(
    ctx.t('desk.schedule-confirm', {
      when: scheduleWhenText(ctx, parsed.at),
      target: audienceText(ctx, draft.audience),
    }),
    { reply_markup: kb },
  );
}

/** Publishes a draft now or at a time, reporting the delivery; a refusal is put in words. */
async function publish(ctx: BotContext, draft: Draft, at?: number): Promise<void> {
  if (!draft.audience) {
    await ctx.reply(ctx.t('desk.need-seat'));
    await showSeats(ctx, draft, false);
    return;
  }
  try {
    const { briefing, plan } = await publishDraft(
      desk(ctx),
      await actorOf(ctx),
      draft.id,
      at === undefined ? { kind: 'now' } : { kind: 'at', atMs: at },
    );
    const waiting = await ctx.deps.adminState.awaiting(ctx.from?.id as number);
    if (waiting && 'draftId' in waiting && waiting.draftId === draft.id)
      await ctx.deps.adminState.clearAwaiting(ctx.from?.id as number);
    const target = audienceText(ctx, briefing.audience);
    if (at === undefined) {
      await ctx.reply(ctx.t('desk.published', { title: briefing.title, target }));
      if (plan.delivery) await announceDelivery(ctx, plan.delivery);
    } else {
      await ctx.reply(
        ctx.t('desk.scheduled', { title: briefing.title, target, at: scheduleWhenText(ctx, at) }),
      );
    }
  } catch (err) {
    await ctx.reply(deskErrorText(ctx, err));
  }
}

/**
 * Runs a step that changes a draft; a refusal of the use cases (a field they will not take, a draft
 * closed meanwhile from the web desk or another editor's tap) is answered in words, not as the generic
 * error. Anything else goes on to the bot's error handler.
 */
async function refusedInWords(ctx: BotContext, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    await ctx.reply(deskErrorText(ctx, err));
  }
}

/**
 * /new, /drafts and everything a draft's buttons do. A draft is any draft: made here, in the web desk,
 * from a feed or by the API; its buttons act on its id.
 */
export function composeFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('new', async (ctx) => {
    if (!ctx.from) return;
    const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
    // Any step of an open draft (writing, a field, a seat, a time): the draft is kept, the editor chooses.
    if (waiting?.kind.startsWith('desk-') && 'draftId' in waiting && waiting.draftId) {
      const draft = await getDraft(desk(ctx), waiting.draftId);
      if (draft?.status === 'open') {
        const kb = new InlineKeyboard()
          .text(
            ctx.t('desk.button-continue'),
            encodeCallback({ kind: 'draftResume', id: draft.id, choice: 'go' }),
          )
          .row()
          .text(
            ctx.t('desk.button-start-new'),
            encodeCallback({ kind: 'draftResume', id: draft.id, choice: 'new' }),
          );
        await ctx.reply(ctx.t('desk.open-exists', { title: draft.title }), { reply_markup: kb });
        return;
      }
    }
    await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-compose' });
    await ctx.reply(ctx.t('desk.new-ask'));
  });

  composer.command('drafts', async (ctx) => {
    const { items, total } = await listDrafts(desk(ctx), { limit: DRAFTS_LISTED });
    const open = items.filter((d) => d.status === 'open');
    if (open.length === 0) return void (await ctx.reply(ctx.t('desk.drafts-none')));
    const kb = new InlineKeyboard();
    for (const d of open) kb.text(clip(d.title, 60), encodeCallback({ kind: 'draftOpen', id: d.id })).row();
    await ctx.reply(ctx.t('desk.drafts-title', { count: Math.max(total, open.length) }), {
      reply_markup: kb,
    });
  });

  composer.on('message', async (ctx, next) => {
    if (!ctx.from || ctx.message.text?.startsWith('/')) return next();
    const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
    const text = ctx.message.text ?? '';
    switch (waiting?.kind) {
      case 'desk-compose':
        return refusedInWords(ctx, () => composeMessage(ctx, ctx.message, waiting));
      case 'desk-field':
        if (!ctx.message.text) return void (await ctx.reply(ctx.t('desk.field-empty')));
        return refusedInWords(ctx, () => readField(ctx, waiting.draftId, waiting.field, text));
      case 'desk-seat':
        if (!ctx.message.text) return void (await ctx.reply(ctx.t('desk.seat-ask')));
        return refusedInWords(ctx, () => readSeat(ctx, waiting.draftId, text));
      case 'desk-time':
        if (!ctx.message.text) return void (await ctx.reply(scheduleAskText(ctx)));
        return refusedInWords(ctx, () => readTime(ctx, waiting.draftId, text));
      default:
        return next();
    }
  });

  composer.use(
    onCallback('draftResume', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const uid = ctx.from.id;
      if (data.choice === 'new') {
        await ctx.deps.adminState.setAwaiting(uid, { kind: 'desk-compose' });
        await ctx.reply(ctx.t('desk.new-ask'));
        return;
      }
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      await ctx.deps.adminState.setAwaiting(uid, { kind: 'desk-compose', draftId: draft.id });
      await showDraft(ctx, draft);
    }),
  );

  composer.use(
    onCallback('draftOpen', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      // An opened draft takes more text, as in /new.
      await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-compose', draftId: draft.id });
      await showDraft(ctx, draft);
    }),
  );

  composer.use(
    onCallback('draftSend', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (draft) await publish(ctx, draft);
    }),
  );

  composer.use(
    onCallback('draftSchedule', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      if (!draft.audience) {
        await ctx.reply(ctx.t('desk.need-seat'));
        await showSeats(ctx, draft, false);
        return;
      }
      await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-time', draftId: draft.id });
      await ctx.reply(scheduleAskText(ctx));
    }),
  );

  composer.use(
    onCallback('draftAt', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      if (data.at <= Date.now()) {
        await ctx.reply(ctx.t('admin.schedule-past', { at: scheduleWhenText(ctx, data.at) }));
        return;
      }
      const draft = await openDraft(ctx, data.id);
      if (draft) await publish(ctx, draft, data.at);
    }),
  );

  composer.use(
    onCallback('draftKeep', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
      if (waiting && 'draftId' in waiting && waiting.draftId === draft.id)
        await ctx.deps.adminState.clearAwaiting(ctx.from.id);
      await ctx.reply(ctx.t('desk.kept'));
    }),
  );

  composer.use(
    onCallback('draftDrop', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      try {
        await discardDraft(desk(ctx), await actorOf(ctx), draft.id);
      } catch (err) {
        return void (await ctx.reply(deskErrorText(ctx, err)));
      }
      const waiting = await ctx.deps.adminState.awaiting(ctx.from.id);
      if (waiting && 'draftId' in waiting && waiting.draftId === draft.id)
        await ctx.deps.adminState.clearAwaiting(ctx.from.id);
      await ctx.reply(ctx.t('desk.dropped'));
    }),
  );

  composer.use(
    onCallback('draftSeats', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (draft) await showSeats(ctx, draft, false);
    }),
  );

  composer.use(
    onCallback('draftSeatRemove', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      const audience = withoutSeat(draft.audience, { pc: data.pc });
      await refusedInWords(ctx, async () => {
        const updated = await updateDraft(desk(ctx), await actorOf(ctx), draft.id, { audience });
        await showSeats(ctx, updated, true);
      });
    }),
  );

  composer.use(
    onCallback('draftSeatRemoveAc', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      const audience = withoutSeat(draft.audience, { ac: data.ac });
      await refusedInWords(ctx, async () => {
        const updated = await updateDraft(desk(ctx), await actorOf(ctx), draft.id, { audience });
        await showSeats(ctx, updated, true);
      });
    }),
  );

  composer.use(
    onCallback('draftSeatAdd', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-seat', draftId: draft.id });
      await ctx.reply(ctx.t('desk.seat-ask'));
    }),
  );

  composer.use(
    onCallback('draftSeatPick', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft || !ctx.deps.catalog.byCode(data.pc)) return;
      await refusedInWords(ctx, async () => {
        const updated = await addSeat(ctx, draft, { pc: data.pc });
        await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-compose', draftId: draft.id });
        await showSeats(ctx, updated, false);
      });
    }),
  );

  composer.use(
    onCallback('draftSeatPickAc', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft || !ctx.deps.catalog.acByCode(data.ac)) return;
      await refusedInWords(ctx, async () => {
        const updated = await addSeat(ctx, draft, { ac: data.ac });
        await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-compose', draftId: draft.id });
        await showSeats(ctx, updated, true);
      });
    }),
  );

  composer.use(
    onCallback('draftScope', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      let audience: Audience | undefined;
      if (data.scope === 'national') {
        if ((await deskRole(ctx)) !== 'owner')
          return void (await ctx.reply(ctx.t('editors.refuse-everyone')));
        audience = { kind: 'national' };
      } else if (data.scope === 'pcs') audience = draft.suggestedAudience;
      else if (ctx.deps.catalog.state(data.scope)) audience = { kind: 'state', state: data.scope };
      else return;
      try {
        const updated = await updateDraft(desk(ctx), await actorOf(ctx), draft.id, { audience });
        await showSeats(ctx, updated, true);
      } catch (err) {
        await ctx.reply(deskErrorText(ctx, err));
      }
    }),
  );

  composer.use(
    onCallback('draftEdit', async (ctx, data) => {
      await ctx.answerCallbackQuery();
      const draft = await openDraft(ctx, data.id);
      if (!draft) return;
      const field = data.field === 'title' || data.field === 'summary' ? data.field : 'also';
      await ctx.deps.adminState.setAwaiting(ctx.from.id, { kind: 'desk-field', draftId: draft.id, field });
      if (field === 'also') await ctx.reply(ctx.t('desk.ask-also'));
      else await ctx.reply(ctx.t(`desk.ask-${field}`, { current: draft[field] }));
    }),
  );

  return composer;
}
