/**
 * The CMS API's rules, apart from HTTP: a story the newsroom's CMS sends becomes a draft (cleaned and
 * tagged as a feed item is), published now or at a time when the caller asks and its token may, and
 * the same `external_id` sent again answers with what the first call made. The HTTP routes
 * (src/http/api/) authenticate, parse and map {@link ApiError} codes to statuses.
 */
import { z } from 'zod';
import { MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from '../briefings/parse.js';
import type { Audience } from '../briefings/types.js';
import type { TagResult } from '../catalog/tagger.js';
import type { Catalog } from '../catalog/types.js';
import { briefingContentKey } from '../delivery/kinds/briefing.js';
import type { ApiToken, ApiTokenStore, ExternalRecord } from '../store/api-tokens.js';
import type { DeliveryStore } from '../store/deliveries.js';
import type { ElectionStore } from '../store/elections.js';
import { assemblyStatesOf } from '../usecases/desk-seats.js';
import type { IngestDesk, IngestDraftFields } from './desk-port.js';
import { cleanStory, suggestSeats } from './draft-fields.js';
import { cut, htmlToPlainText, safeLink } from './html.js';

/** Longest body accepted (characters of HTML). */
export const MAX_API_BODY = 100_000;
/** Latest a publication may be scheduled. */
const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3600_000;

const httpsUrl = z
  .string()
  .max(2000)
  .refine((u) => safeLink(u) !== undefined, 'must be an https:// address');

/** The JSON body of POST /api/v1/briefings. */
export const BriefingRequest = z
  .strictObject({
    external_id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and . _ : / - only')
      .describe("The CMS's own id of the story; sending it again returns the same briefing."),
    title: z.string().trim().min(1).max(MAX_TITLE_LENGTH).describe('Plain text.'),
    summary: z
      .string()
      .trim()
      .max(MAX_SUMMARY_LENGTH)
      .optional()
      .describe('One or two sentences, plain text; taken from the body when absent.'),
    body: z
      .string()
      .min(1)
      .max(MAX_API_BODY)
      .describe('HTML (or plain text); cleaned to what Telegram shows, scripts and non-https links dropped.'),
    seats: z
      .array(
        z
          .string()
          .regex(/^[A-Z]{2}-A?\d{1,3}$/, 'a PC code such as UP-16 or an assembly seat code such as UP-A80'),
      )
      .min(1)
      .max(50)
      .optional()
      .describe(
        'Seat codes of the readers to reach: PCs (UP-16) and assembly seats (UP-A80). Without it the text is tagged and the seats suggested.',
      ),
    text_to_tag: z
      .string()
      .max(MAX_API_BODY)
      .optional()
      .describe('Text to find seats in when `seats` is absent (default: title, summary and body).'),
    photo_url: httpsUrl.optional(),
    source_url: httpsUrl.optional(),
    publish: z
      .enum(['now', 'at', 'draft'])
      .default('draft')
      .describe('`draft` waits for an editor; `now` and `at` need a publishing token and known seats.'),
    publish_at: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('ISO 8601 with offset, e.g. 2026-12-01T10:00:00+05:30; required with publish=at.'),
  })
  .superRefine((v, ctx) => {
    if (v.publish === 'at' && !v.publish_at)
      ctx.addIssue({ code: 'custom', path: ['publish_at'], message: 'required when publish is "at"' });
    if (v.publish !== 'at' && v.publish_at)
      ctx.addIssue({ code: 'custom', path: ['publish_at'], message: 'only with publish "at"' });
    if (v.seats && v.text_to_tag)
      ctx.addIssue({ code: 'custom', path: ['text_to_tag'], message: 'give seats or text_to_tag, not both' });
  });

export type BriefingRequestBody = z.infer<typeof BriefingRequest>;

/** What the API answers about a story. */
export interface BriefingResponse {
  external_id: string;
  draft_id: string;
  briefing_id: string | null;
  status: 'draft' | 'published' | 'scheduled';
  seats: string[];
  suggested_seats: string[];
}

export class ApiError extends Error {
  constructor(
    readonly code: 'forbidden' | 'busy' | 'unprocessable',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiDeps {
  tokens: ApiTokenStore;
  desk: IngestDesk;
  tag: (text: string) => TagResult;
  /** The election switch: named assembly seats of a state in a Vidhan Sabha election are suggested. */
  elections?: Pick<ElectionStore, 'assemblyStates'>;
  catalog: Pick<Catalog, 'byCode' | 'acByCode'>;
  deliveries: Pick<DeliveryStore, 'recordCount' | 'since'>;
  now?: () => number;
}

/** The seat codes of an audience: its PCs, then its assembly seats. */
function seatsOf(a: Audience | undefined): string[] {
  return a?.kind === 'pcs' ? [...a.pcs, ...(a.acs ?? [])] : [];
}

/** An assembly seat's code (`UP-A80`) rather than a PC's (`UP-16`). */
const isAcCode = (code: string) => /^[A-Z]{2}-A\d/.test(code);

function respond(body: BriefingRequestBody, rec: ExternalRecord): BriefingResponse {
  return {
    external_id: body.external_id,
    draft_id: rec.draftId ?? '',
    briefing_id: rec.briefingId ?? null,
    status: rec.status ?? 'draft',
    seats: rec.seats ?? [],
    suggested_seats: rec.suggested ?? [],
  };
}

/**
 * Takes a story from the CMS. Returns `created: false` with the first call's answer when the
 * external_id was seen before. Throws {@link ApiError}: `forbidden` (a draft-only token asked to
 * publish), `busy` (the same external_id is being handled by another call right now), `unprocessable`
 * (unknown seats, no seats to publish to, a time in the past).
 */
export async function submitBriefing(
  deps: ApiDeps,
  token: ApiToken,
  body: BriefingRequestBody,
): Promise<{ created: boolean; response: BriefingResponse }> {
  const now = (deps.now ?? Date.now)();
  if (body.publish !== 'draft' && token.scope !== 'publish')
    throw new ApiError(
      'forbidden',
      'this token may make drafts only; ask an owner for a publishing token',
      'publish',
    );
  const before = await deps.tokens.external(body.external_id);
  if (before) return repeat(body, before, token.id);

  let atMs: number | undefined;
  if (body.publish === 'at') {
    atMs = Date.parse(body.publish_at ?? '');
    if (!(atMs > now)) throw new ApiError('unprocessable', 'the time has passed', 'publish_at');
    if (atMs - now > MAX_SCHEDULE_AHEAD_MS)
      throw new ApiError('unprocessable', 'at most 30 days ahead', 'publish_at');
  }
  const unknown = (body.seats ?? []).filter((c) =>
    isAcCode(c) ? !deps.catalog.acByCode(c) : !deps.catalog.byCode(c),
  );
  if (unknown.length) throw new ApiError('unprocessable', `unknown seats: ${unknown.join(', ')}`, 'seats');
  const summaryHtml = body.summary ?? '';
  const assemblyStates = deps.elections ? await assemblyStatesOf(deps.elections) : new Set<string>();
  const cleaned = cleanStory(
    {
      title: body.title,
      description: summaryHtml,
      content: body.body,
      link: body.source_url,
      photoUrl: body.photo_url,
    },
    deps.tag,
    { acceptSuggestion: !body.text_to_tag, assemblyStates },
  );
  if (!cleaned.ok) throw new ApiError('unprocessable', 'the body has no readable text', 'body');
  const fields: IngestDraftFields = { ...cleaned.fields };
  if (body.summary) fields.summary = cut(htmlToPlainText(body.summary), MAX_SUMMARY_LENGTH);
  if (body.text_to_tag) {
    const s = suggestSeats(deps.tag(body.text_to_tag), assemblyStates);
    if (s.audience) fields.suggestedAudience = s.audience;
    else delete fields.suggestedAudience;
    if (s.confident && s.audience) fields.audience = s.audience;
  }
  if (body.seats) {
    const pcs = [...new Set(body.seats.filter((c) => !isAcCode(c)))];
    const acs = [...new Set(body.seats.filter(isAcCode))];
    fields.audience = acs.length ? { kind: 'pcs', pcs, acs } : { kind: 'pcs', pcs };
  }
  const publishing = body.publish !== 'draft';
  // Publishing needs seats the caller named, or a suggestion the tagger is sure of (set above).
  if (publishing && !fields.audience)
    throw new ApiError(
      'unprocessable',
      'no seats to publish to: send seats, or publish as a draft for an editor to choose',
      'seats',
    );

  if (!(await deps.tokens.claimExternal(body.external_id, token.id))) {
    const other = await deps.tokens.external(body.external_id);
    if (other?.draftId) return repeat(body, other, token.id);
    throw new ApiError('busy', 'this external_id is being handled by another request; try again shortly');
  }
  const actor = { id: `api:${token.id}`, role: 'system' as const };
  let rec: ExternalRecord;
  try {
    const draft = await deps.desk.createDraft(actor, fields, {
      kind: 'api',
      tokenId: token.id,
      externalId: body.external_id,
    });
    rec = {
      tokenId: token.id,
      draftId: draft.id,
      at: now,
      status: 'draft',
      seats: seatsOf(fields.audience),
      suggested: seatsOf(fields.suggestedAudience),
    };
    await deps.tokens.recordExternal(body.external_id, rec);
  } catch (err) {
    await deps.tokens.releaseExternal(body.external_id).catch(() => undefined);
    throw err;
  }
  const draftId = rec.draftId as string;
  if (publishing) {
    const out = await deps.desk.publishDraft(
      actor,
      draftId,
      atMs !== undefined ? { kind: 'at', atMs } : { kind: 'now' },
    );
    rec = { ...rec, briefingId: out.briefingId, status: atMs !== undefined ? 'scheduled' : 'published' };
    await deps.tokens.recordExternal(body.external_id, rec);
  } else {
    await deps.desk.notifyEditors(draftId).catch(() => undefined);
  }
  return { created: true, response: respond(body, rec) };
}

function repeat(
  body: BriefingRequestBody,
  rec: ExternalRecord,
  tokenId: string,
): { created: false; response: BriefingResponse } {
  // External ids are the caller's own: another token's id is a clash, never its briefing.
  if (rec.tokenId !== tokenId)
    throw new ApiError('busy', 'this external_id was sent with another token; use ids of your own');
  if (!rec.draftId)
    throw new ApiError('busy', 'this external_id is being handled by another request; try again shortly');
  return { created: false, response: respond(body, rec) };
}

/** What GET /api/v1/briefings/:id/delivery answers. */
export interface DeliveryStatusResponse {
  external_id: string;
  draft_id: string;
  briefing_id: string | null;
  status: 'draft' | 'published' | 'scheduled';
  /** Readers who have received it so far. */
  delivered: number;
  deliveries: Array<{
    id: string;
    status: string;
    total: number;
    sent: number;
    failed: number;
    blocked: number;
  }>;
}

/** The delivery status of a story sent through the API, by its external_id; undefined when unknown. */
export async function deliveryStatus(
  deps: ApiDeps,
  externalId: string,
): Promise<DeliveryStatusResponse | undefined> {
  const rec = await deps.tokens.external(externalId);
  if (!rec?.draftId) return undefined;
  // An editor may have published the draft since: the desk knows.
  const draft = rec.briefingId ? undefined : await deps.desk.getDraft(rec.draftId);
  const briefingId = rec.briefingId ?? draft?.briefingId;
  const status = rec.status === 'draft' && briefingId ? 'published' : (rec.status ?? 'draft');
  const deliveries = briefingId
    ? (await deps.deliveries.since(rec.at)).filter((d) => d.content.briefingId === briefingId)
    : [];
  return {
    external_id: externalId,
    draft_id: rec.draftId,
    briefing_id: briefingId ?? null,
    status,
    delivered: briefingId ? await deps.deliveries.recordCount(briefingContentKey(briefingId)) : 0,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      status: d.status,
      total: d.total,
      sent: d.sent,
      failed: d.failed,
      blocked: d.blocked,
    })),
  };
}
