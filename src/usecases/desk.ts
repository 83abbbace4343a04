import { createHash, randomBytes } from 'node:crypto';
import { checkLink, isBriefingId } from '../briefings/links.js';
import { markdownToTelegramHtml } from '../briefings/markdown.js';
import { MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from '../briefings/parse.js';
import {
  type AlsoReadRef,
  type Audience,
  type Briefing,
  type BriefingPhoto,
  changedFields,
} from '../briefings/types.js';
import type { Catalog } from '../catalog/types.js';
import type { ContentKinds, Outgoing } from '../delivery/content-kind.js';
import { briefingContentKey, briefingLayoutChange, briefingMessages } from '../delivery/kinds/briefing.js';
import type { DeliveryService } from '../delivery/service.js';
import type { I18n, Lang } from '../i18n/index.js';
import type { AuditLog } from '../store/audit.js';
import type { BriefingStore, Revision } from '../store/briefings.js';
import type { Delivery, DeliveryStore } from '../store/deliveries.js';
import type { Draft, DraftFields, DraftOrigin, DraftStore } from '../store/drafts.js';
import {
  type Actor,
  correctDelivery,
  deleteWithdrawnCopies,
  type PublishPlan,
  publishBriefing,
  type Withdrawal,
  withdrawBriefing,
} from './deliveries.js';

export type { Revision } from '../store/briefings.js';
export type { Draft, DraftFields, DraftOrigin } from '../store/drafts.js';

/**
 * Who acts at the desk, with their role: `owner` (ADMIN_IDS), `editor` (added by an owner), or `system`
 * (a trusted feed or API token). No role is treated as an editor: the narrower rights.
 */
export type DeskActor = Actor & { role?: 'owner' | 'editor' | 'system' };

/** Why a desk action did not happen, for entry points to put in their own words. */
export type DeskErrorCode =
  | 'draft-not-found'
  | 'draft-closed'
  | 'no-audience'
  | 'briefing-not-found'
  | 'invalid'
  | 'forbidden-scope';

export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
    /**
     * For `invalid`: the field at fault (`title`, `summary`, `body`, `photo`, `sourceUrl`, `audience`,
     * `alsoRead`), or `layout` when an edit would change the messages readers already hold (see
     * {@link editBriefing}); the message says what is wrong, in English, for logs.
     */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

/** What the desk use cases need; {@link deskDeps} takes it from the core. */
export interface DeskDeps {
  briefings: BriefingStore;
  drafts: DraftStore;
  deliveries: DeliveryStore;
  delivery: DeliveryService;
  kinds: ContentKinds;
  audit: Pick<AuditLog, 'record'>;
  catalog: Catalog;
  i18n: I18n;
  botUsername: () => string;
  now: () => number;
}

/** The desk's dependencies from the core (the core satisfies this shape). */
export function deskDeps(core: Omit<DeskDeps, 'now'> & { now?: () => number }): DeskDeps {
  return {
    briefings: core.briefings,
    drafts: core.drafts,
    deliveries: core.deliveries,
    delivery: core.delivery,
    kinds: core.kinds,
    audit: core.audit,
    catalog: core.catalog,
    i18n: core.i18n,
    botUsername: core.botUsername,
    now: core.now ?? Date.now,
  };
}

/** Longest body an editor may keep (a 20,000-character text is split into messages, never cut). */
const MAX_BODY_LENGTH = 50_000;

const TELEGRAM_FILE_ID = /^[A-Za-z0-9_-]{10,256}$/;

async function audit(
  deps: Pick<DeskDeps, 'audit'>,
  actor: Actor,
  action: string,
  outcome: string,
  target?: string,
): Promise<void> {
  await deps.audit.record({ who: actor.id, action, outcome, ...(target ? { target } : {}) });
}

/** Runs a desk action, auditing its failure (a DeskError's code, or the error's message) before rethrowing. */
async function audited<T>(
  deps: Pick<DeskDeps, 'audit'>,
  actor: Actor,
  action: string,
  target: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const outcome = err instanceof DeskError ? err.code : (err as Error).message;
    await audit(deps, actor, action, outcome, target).catch(() => undefined);
    throw err;
  }
}

/** Text on one line with single spaces. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function invalid(field: string, message: string): DeskError {
  return new DeskError('invalid', message, field);
}

/** The audience with canonical codes, or a DeskError naming what is unknown. */
function checkAudience(a: Audience, catalog: Catalog): Audience {
  switch (a.kind) {
    case 'pcs': {
      const acs = a.acs ?? [];
      if (a.pcs.length === 0 && acs.length === 0) throw invalid('audience', 'no seat chosen');
      const codes = a.pcs.map((code) => {
        const pc = catalog.byCode(code.trim());
        if (!pc) throw invalid('audience', `unknown PC code "${code}"`);
        return pc.code;
      });
      const acCodes = acs.map((code) => {
        const ac = catalog.acByCode(code.trim());
        if (!ac) throw invalid('audience', `unknown assembly seat code "${code}"`);
        return ac.code;
      });
      // `acs` only when there are some: a PC-only audience keeps the shape it had before assembly seats.
      return acCodes.length
        ? { kind: 'pcs', pcs: [...new Set(codes)], acs: [...new Set(acCodes)] }
        : { kind: 'pcs', pcs: [...new Set(codes)] };
    }
    case 'state': {
      const st = catalog.state(a.state);
      if (!st) throw invalid('audience', `unknown state "${a.state}"`);
      return { kind: 'state', state: st.code };
    }
    case 'national':
      return { kind: 'national' };
  }
}

function checkPhoto(p: BriefingPhoto): BriefingPhoto {
  if (p.kind === 'telegram') {
    if (!TELEGRAM_FILE_ID.test(p.fileId)) throw invalid('photo', 'not a Telegram file id');
    return { kind: 'telegram', fileId: p.fileId };
  }
  const checked = checkLink(p.url);
  if (!checked.ok || !checked.url.startsWith('https://'))
    throw invalid('photo', `photo "${p.url}" is not an https:// address`);
  return { kind: 'url', url: checked.url };
}

function checkAlsoRead(refs: readonly AlsoReadRef[]): AlsoReadRef[] {
  return refs.map((r) => {
    if (r.kind === 'briefing') {
      if (!isBriefingId(r.id)) throw invalid('alsoRead', `"${r.id}" is not a briefing id`);
      return r;
    }
    const title = oneLine(r.title);
    if (!title || title.length > MAX_TITLE_LENGTH) throw invalid('alsoRead', 'a link needs a title');
    const checked = checkLink(r.url);
    if (!checked.ok) throw invalid('alsoRead', checked.message);
    return { kind: 'url', title, url: checked.url };
  });
}

/** The editor's fields as they are kept: trimmed, checked, links made canonical. Throws DeskError `invalid`. */
function checkFields<T extends Partial<DraftFields>>(f: T, catalog: Catalog): T {
  const out: Partial<DraftFields> = { ...f };
  if (f.title !== undefined) {
    const title = oneLine(f.title);
    if (!title) throw invalid('title', 'the title is empty');
    if (title.length > MAX_TITLE_LENGTH)
      throw invalid('title', `the title is longer than ${MAX_TITLE_LENGTH} characters`);
    out.title = title;
  }
  if (f.summary !== undefined) {
    const summary = oneLine(f.summary);
    if (!summary) throw invalid('summary', 'the summary is empty');
    if (summary.length > MAX_SUMMARY_LENGTH)
      throw invalid('summary', `the summary is longer than ${MAX_SUMMARY_LENGTH} characters`);
    out.summary = summary;
  }
  if (f.body !== undefined) {
    const body = f.body.replace(/\r\n?/g, '\n').normalize('NFC').trim();
    if (!body) throw invalid('body', 'the text is empty');
    if (body.length > MAX_BODY_LENGTH)
      throw invalid('body', `the text is longer than ${MAX_BODY_LENGTH} characters`);
    const issue = markdownToTelegramHtml(body).issues[0];
    if (issue) throw invalid('body', `line ${issue.line}: ${issue.message}`);
    out.body = body;
  }
  if (f.audience !== undefined) out.audience = checkAudience(f.audience, catalog);
  if (f.suggestedAudience !== undefined) out.suggestedAudience = checkAudience(f.suggestedAudience, catalog);
  if (f.photo !== undefined) out.photo = checkPhoto(f.photo);
  if (f.sourceUrl !== undefined) {
    const checked = checkLink(f.sourceUrl);
    if (!checked.ok) throw invalid('sourceUrl', checked.message);
    out.sourceUrl = checked.url;
  }
  if (f.alsoRead !== undefined) out.alsoRead = checkAlsoRead(f.alsoRead);
  return out as T;
}

/** Refuses the `national` audience to anyone but owners and trusted systems. */
function checkScope(actor: DeskActor, audience: Audience | undefined): void {
  if (audience?.kind !== 'national') return;
  if (actor.role === 'owner' || actor.role === 'system') return;
  throw new DeskError('forbidden-scope', 'only owners publish to everyone');
}

/** `2026-11-30T14:05:00+05:30`: a moment in India time as briefing files write it. */
export function istIso(ms: number): string {
  const ist = new Date(Math.trunc(ms / 1000) * 1000 + 5.5 * 3600_000);
  return `${ist.toISOString().slice(0, 19)}+05:30`;
}

/** sha256 of what readers see of a briefing: any change to it, a new hash. */
function briefingHash(b: Omit<Briefing, 'contentHash'>): string {
  const { title, summary, body, audience, photo, sourceUrl, alsoRead, tags, publishedAt } = b;
  return createHash('sha256')
    .update(JSON.stringify({ title, summary, body, audience, photo, sourceUrl, alsoRead, tags, publishedAt }))
    .digest('hex');
}

const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new briefing id: the India date, the title's Latin words when it has some (an English title), and
 * four random characters, e.g. `2026-11-30-hathras-nomination-k3x9` or `2026-11-30-k3x9`.
 */
export function briefingSlug(title: string, atMs: number): string {
  const date = istIso(atMs).slice(0, 10);
  const words: string[] = [];
  for (const w of title.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if ([...words, w].join('-').length > 36) break;
    words.push(w);
  }
  let tail = '';
  for (const b of randomBytes(4)) tail += SLUG_ALPHABET[b % SLUG_ALPHABET.length];
  return [date, ...words.slice(0, 6), tail].join('-');
}

// ---- drafts --------------------------------------------------------------------------------------

/**
 * Stores a new open draft (fields checked; the audience may still be missing). Audited. One origin, one
 * draft: a feed item (`feedId`, `itemKey`) or an API call (`tokenId`, `externalId`) that already made a
 * draft, kept (open, or closed within 30 days), gets that draft back as it is, whatever its status.
 */
export async function createDraft(
  deps: DeskDeps,
  actor: DeskActor,
  fields: DraftFields,
  origin: DraftOrigin,
): Promise<Draft> {
  return audited(deps, actor, 'draft-create', undefined, async () => {
    const checked = checkFields(fields, deps.catalog);
    checkScope(actor, checked.audience);
    const at = deps.now();
    const { draft, created } = await deps.drafts.create({
      ...checked,
      origin,
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
      status: 'open',
    });
    await audit(deps, actor, 'draft-create', created ? 'ok' : 'exists', draft.id);
    return draft;
  });
}

/** An open draft and its version, or a DeskError. */
async function openDraft(deps: DeskDeps, draftId: string): Promise<{ draft: Draft; version: number }> {
  const found = await deps.drafts.read(draftId);
  if (!found) throw new DeskError('draft-not-found', `no draft ${draftId}`);
  if (found.draft.status !== 'open')
    throw new DeskError('draft-closed', `draft ${draftId} is ${found.draft.status}`);
  return found;
}

/**
 * Changes fields of an open draft. A key present with `undefined` removes an optional field (the photo,
 * the source, the audience; `alsoRead` back to automatic). Audited.
 */
export async function updateDraft(
  deps: DeskDeps,
  actor: DeskActor,
  draftId: string,
  patch: Partial<DraftFields>,
): Promise<Draft> {
  return audited(deps, actor, 'draft-update', draftId, async () => {
    const present = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const checked = checkFields(present as Partial<DraftFields>, deps.catalog);
    for (let attempt = 0; attempt < 5; attempt++) {
      const { draft, version } = await openDraft(deps, draftId);
      const next: Draft = { ...draft, ...checked, updatedAt: deps.now() };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined && key !== 'title' && key !== 'summary' && key !== 'body')
          delete (next as unknown as Record<string, unknown>)[key];
      }
      checkScope(actor, next.audience);
      if (await deps.drafts.put(next, version)) {
        await audit(deps, actor, 'draft-update', `ok: ${Object.keys(patch).join(',')}`, draftId);
        return next;
      }
    }
    throw new Error(`draft ${draftId} kept changing; try again`);
  });
}

export async function getDraft(deps: Pick<DeskDeps, 'drafts'>, draftId: string): Promise<Draft | undefined> {
  return deps.drafts.get(draftId);
}

/** Open drafts, the most recently changed first; `by` keeps one author's. */
export async function listDrafts(
  deps: Pick<DeskDeps, 'drafts'>,
  opts: { offset?: number; limit?: number; by?: string } = {},
): Promise<{ items: Draft[]; total: number }> {
  return deps.drafts.listOpen(opts);
}

/** Closes an open draft without publishing it (kept readable 30 days, then gone). Audited. */
export async function discardDraft(deps: DeskDeps, actor: DeskActor, draftId: string): Promise<void> {
  await audited(deps, actor, 'draft-discard', draftId, async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { draft, version } = await openDraft(deps, draftId);
      // A draft for everyone is the owners' to drop too, as it is theirs to send or change.
      checkScope(actor, draft.audience);
      if (await deps.drafts.put({ ...draft, status: 'discarded', updatedAt: deps.now() }, version)) {
        await audit(deps, actor, 'draft-discard', 'ok', draftId);
        return;
      }
    }
    throw new Error(`draft ${draftId} kept changing; try again`);
  });
}

/** The briefing a draft makes, under `id`, published at `atMs`. */
function briefingFromDraft(draft: Draft, id: string, atMs: number): Briefing {
  if (!draft.audience) throw new DeskError('no-audience', `draft ${draft.id} has no audience yet`);
  const b: Omit<Briefing, 'contentHash'> = {
    id,
    title: draft.title,
    summary: draft.summary,
    audience: draft.audience,
    publishedAt: istIso(atMs),
    publishedMs: Math.trunc(atMs / 1000) * 1000,
    alsoRead: draft.alsoRead ?? [],
    tags: [],
    body: draft.body,
    revision: 1,
    ...(draft.photo ? { photo: draft.photo } : {}),
    ...(draft.sourceUrl ? { sourceUrl: draft.sourceUrl } : {}),
  };
  return { ...b, contentHash: briefingHash(b) };
}

/**
 * The briefing readers would get if the draft were published now (its id is a stand-in, `draft-<id>`;
 * render it with the briefing kind's `briefingMessages` for the exact messages). DeskError
 * `no-audience` while no audience is chosen.
 */
export async function previewDraft(deps: DeskDeps, draftId: string): Promise<Briefing> {
  const draft = await deps.drafts.get(draftId);
  if (!draft) throw new DeskError('draft-not-found', `no draft ${draftId}`);
  return briefingFromDraft(draft, `draft-${draft.id}`, deps.now());
}

/**
 * The exact messages a reader in `lang` would get if the draft were published now (the preview an
 * editor sees), with the briefing they are made from. DeskError `draft-not-found`, `no-audience`.
 */
export async function previewDraftMessages(
  deps: DeskDeps,
  draftId: string,
  lang: Lang,
): Promise<{ briefing: Briefing; messages: Outgoing[] }> {
  const briefing = await previewDraft(deps, draftId);
  const related = await deps.briefings.alsoReadCandidates(briefing);
  const messages = briefingMessages(briefing, {
    lang,
    i18n: deps.i18n,
    catalog: deps.catalog,
    botUsername: deps.botUsername(),
    related,
  });
  return { briefing, messages };
}

/**
 * Publishes an open draft: makes the briefing (a new slug id, revision 1, published now or at `atMs`
 * in India time), closes the draft (once: a second call finds it closed), and starts its delivery
 * through `publishBriefing`. Audited.
 */
export async function publishDraft(
  deps: DeskDeps,
  actor: DeskActor,
  draftId: string,
  when: { kind: 'now' } | { kind: 'at'; atMs: number },
): Promise<{ briefing: Briefing; plan: PublishPlan }> {
  return audited(deps, actor, 'draft-publish', draftId, async () => {
    let claimed: { draft: Draft; version: number } | undefined;
    let briefing: Briefing | undefined;
    for (let attempt = 0; attempt < 5 && !claimed; attempt++) {
      const { draft, version } = await openDraft(deps, draftId);
      if (!draft.audience) throw new DeskError('no-audience', `draft ${draftId} has no audience yet`);
      checkScope(actor, draft.audience);
      const at = when.kind === 'at' ? when.atMs : deps.now();
      if (when.kind === 'at' && !(Number.isFinite(at) && at > deps.now()))
        throw invalid('when', 'a scheduled time must be in the future');
      briefing = briefingFromDraft(draft, briefingSlug(draft.title, at), at);
      const closed: Draft = {
        ...draft,
        status: 'published',
        briefingId: briefing.id,
        updatedAt: deps.now(),
      };
      // Closing first: of two taps on "send now", one wins here and the other finds the draft closed.
      if (await deps.drafts.put(closed, version)) claimed = { draft: closed, version: version + 1 };
    }
    if (!claimed || !briefing) throw new Error(`draft ${draftId} kept changing; try again`);
    try {
      for (let attempt = 0; ; attempt++) {
        const outcome = await deps.briefings.save(briefing, { by: actor.id, expectRevision: 0 });
        if (outcome === 'created') break;
        // The slug is taken (its random tail collided): another, and the draft points to it.
        if (attempt >= 5) throw new Error(`no free briefing id for draft ${draftId}`);
        briefing = { ...briefing, id: briefingSlug(briefing.title, briefing.publishedMs) };
        const moved: Draft = { ...claimed.draft, briefingId: briefing.id };
        if (await deps.drafts.put(moved, claimed.version))
          claimed = { draft: moved, version: claimed.version + 1 };
      }
    } catch (err) {
      // Nothing was published: the draft opens again, as it was.
      await deps.drafts.put({ ...claimed.draft, status: 'open' }, claimed.version).catch(() => undefined);
      throw err;
    }
    const plan = await publishBriefing(deps, {
      briefingId: briefing.id,
      by: actor,
      ...(when.kind === 'at' ? { at: when.atMs } : {}),
    });
    await audit(deps, actor, 'draft-publish', 'ok', `${draftId} → ${briefing.id}`);
    return { briefing, plan };
  });
}

// ---- published briefings -------------------------------------------------------------------------

/** What an editor may change in a published briefing. */
export type BriefingPatch = Partial<
  Pick<Briefing, 'title' | 'summary' | 'body' | 'photo' | 'sourceUrl' | 'alsoRead'>
>;

/**
 * A delivery of a briefing that sent copies (any one will do: its copies' records are shared), read
 * from a send record; else the newest of the recent deliveries.
 */
async function deliveryOfBriefing(deps: DeskDeps, briefingId: string): Promise<Delivery | undefined> {
  const ck = briefingContentKey(briefingId);
  // One page of the records is enough: every record names the delivery that sent it.
  const [, chats] = await deps.deliveries.scanRecipients(ck, '0', 10);
  for (const chat of chats) {
    const rec = await deps.deliveries.record(ck, chat);
    const d = rec ? await deps.deliveries.get(rec.deliveryId) : undefined;
    if (d?.content.kind === 'briefing') return d;
  }
  const recent = await deps.deliveries.recent(2000);
  return recent.find((d) => d.content.kind === 'briefing' && d.content.briefingId === briefingId);
}

/**
 * Makes a new revision of a published briefing (who, when, which fields changed; the previous text
 * kept) and edits every copy readers hold through the correction engine; `/latest`, digests and deep
 * links read the new revision, and readers see "संशोधित" with its time. A key present with
 * `undefined` removes the photo or the source. An edit that changes nothing returns the briefing as it
 * is. DeskError `invalid` with field `layout` when copies were sent and the new revision would not fit
 * the messages they hold (more parts, or a different photo or photo layout): Telegram cannot add
 * messages to a sent copy or swap its photo through an edit of its text. Audited.
 */
export async function editBriefing(
  deps: DeskDeps,
  actor: DeskActor,
  briefingId: string,
  patch: BriefingPatch,
): Promise<{ briefing: Briefing; corrected?: Delivery }> {
  return audited(deps, actor, 'edit', briefingId, async () => {
    const present = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const checked = checkFields(present as Partial<DraftFields>, deps.catalog);
    const ck = briefingContentKey(briefingId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.briefings.get(briefingId);
      if (!current) throw new DeskError('briefing-not-found', `no briefing ${briefingId}`);
      checkScope(actor, current.audience);
      const draft: Omit<Briefing, 'contentHash'> & { contentHash?: string } = { ...current, ...checked };
      for (const key of ['photo', 'sourceUrl'] as const)
        if (key in patch && patch[key] === undefined) delete draft[key];
      delete draft.contentHash;
      const at = deps.now();
      const candidate: Briefing = {
        ...draft,
        revision: current.revision + 1,
        updatedAt: at,
        contentHash: briefingHash(draft),
      };
      if (changedFields(current, candidate).length === 0) return { briefing: current };
      if ((await deps.deliveries.recordCount(ck)) > 0) {
        const related = await deps.briefings.alsoReadCandidates(current);
        const change = briefingLayoutChange(current, candidate, related, {
          i18n: deps.i18n,
          catalog: deps.catalog,
          botUsername: deps.botUsername(),
        });
        if (change) throw invalid('layout', change);
      }
      const outcome = await deps.briefings.save(candidate, {
        by: actor.id,
        expectRevision: current.revision,
      });
      if (outcome === 'withdrawn')
        throw new DeskError('briefing-not-found', `briefing ${briefingId} was withdrawn`);
      if (outcome === 'conflict') continue;
      const out: { briefing: Briefing; corrected?: Delivery } = { briefing: candidate };
      const original =
        (await deps.deliveries.recordCount(ck)) > 0 ? await deliveryOfBriefing(deps, briefingId) : undefined;
      if (original) {
        // A publication still sending rendered the old revision for up to a second (the render cache):
        // the correction reads the records once its sends have stopped, so those copies are fixed too.
        const running = (await deps.deliveries.active())
          .filter((d) => deps.kinds.sharedKey(d.content) === ck)
          .map((d) => d.id);
        out.corrected = await correctDelivery(deps, {
          deliveryId: original.id,
          by: actor,
          ...(running.length > 0 ? { after: running } : {}),
        });
      }
      await audit(
        deps,
        actor,
        'edit',
        `revision ${candidate.revision}: ${changedFields(current, candidate).join(',')}`,
        `${briefingId}${out.corrected ? ` ${out.corrected.id}` : ''}`,
      );
      return out;
    }
    throw new Error(`briefing ${briefingId} kept changing; try again`);
  });
}

/** Every revision of a briefing, oldest first: who, when, which fields changed, and its text then. */
export async function listRevisions(
  deps: Pick<DeskDeps, 'briefings'>,
  briefingId: string,
): Promise<Revision[]> {
  return deps.briefings.revisions(briefingId);
}

/** Folds text for matching: NFC, lower case, single spaces. */
const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** How many of the newest briefings a title search looks through. */
const SEARCH_DEPTH = 1000;

/**
 * Briefings by id (exact) or by words of their title (every word, in any order), newest first, at most
 * `limit` (default 10, at most 50).
 */
export async function findBriefings(
  deps: Pick<DeskDeps, 'briefings'>,
  q: { text?: string; limit?: number },
): Promise<Briefing[]> {
  const limit = Math.min(50, Math.max(1, Math.trunc(q.limit ?? 10)));
  const text = fold(q.text ?? '');
  if (text && isBriefingId(text)) {
    const exact = await deps.briefings.get(text);
    if (exact) return [exact];
  }
  const newest = await deps.briefings.newest(SEARCH_DEPTH);
  if (!text) return newest.slice(0, limit);
  const words = text.split(' ');
  return newest.filter((b) => words.every((w) => fold(b.title).includes(w))).slice(0, limit);
}

/**
 * Withdraws a published briefing, the first of two steps: it leaves `/latest`, digests, "ये भी पढ़ें"
 * and deep links at once, and its running or scheduled deliveries stop. The copies readers hold stay
 * until {@link deleteBriefingCopies}. Audited.
 */
export async function withdrawFromDesk(
  deps: DeskDeps,
  actor: DeskActor,
  briefingId: string,
): Promise<Withdrawal> {
  return audited(deps, actor, 'withdraw', briefingId, async () => {
    const current = await deps.briefings.get(briefingId);
    if (!current) throw new DeskError('briefing-not-found', `no briefing ${briefingId}`);
    checkScope(actor, current.audience);
    return withdrawBriefing(deps, { briefingId, by: actor, deleteCopies: false });
  });
}

/**
 * The second step of a withdrawal: deletes every copy readers received where Telegram still allows it
 * (48 hours). Returns the deletion delivery (none when no copy was sent); once it is `done`, its
 * `failed` count is the copies that could not be deleted (see {@link copiesLeft}). DeskError
 * `briefing-not-found` unless the briefing is withdrawn. Audited.
 */
export async function deleteBriefingCopies(
  deps: DeskDeps,
  actor: DeskActor,
  briefingId: string,
): Promise<{ copies: number; deletion?: Delivery }> {
  return audited(deps, actor, 'delete-copies', briefingId, async () => {
    const withdrawn = await deps.briefings.withdrawn(briefingId);
    if (!withdrawn) throw new DeskError('briefing-not-found', `briefing ${briefingId} is not withdrawn`);
    checkScope(actor, withdrawn.audience);
    const { copies, deletion } = await deleteWithdrawnCopies(deps, { briefingId, by: actor });
    if (!deletion) {
      await audit(deps, actor, 'delete-copies', 'no copies', briefingId);
      return { copies };
    }
    await audit(deps, actor, 'delete-copies', `deleting ${copies} copies`, `${briefingId} ${deletion.id}`);
    return { copies, deletion };
  });
}

/**
 * How a deletion of copies went: `done` once it finished; `deleted` copies, and `left` those Telegram
 * refused (older than 48 hours, or already gone from the reader's chat).
 */
export async function copiesLeft(
  deps: Pick<DeskDeps, 'deliveries'>,
  deletionId: string,
): Promise<{ done: boolean; deleted: number; left: number; total: number } | undefined> {
  const d = await deps.deliveries.get(deletionId);
  if (d?.content.kind !== 'deletion') return undefined;
  return { done: d.status === 'done', deleted: d.sent, left: d.failed + d.blocked, total: d.total };
}
