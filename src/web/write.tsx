import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AlsoReadRef, Audience, BriefingPhoto } from '../briefings/types.js';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import { acOfHit, type Search } from '../catalog/search.js';
import type { TagResult } from '../catalog/tagger.js';
import type { Catalog } from '../catalog/types.js';
import type { Outgoing } from '../delivery/content-kind.js';
import type { Lang } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { ElectionStore } from '../store/elections.js';
import {
  createDraft,
  type DeskActor,
  type DeskDeps,
  DeskError,
  type DraftFields,
  getDraft,
  previewDraftMessages,
  publishDraft,
  updateDraft,
} from '../usecases/desk.js';
import { assemblyStatesOf, seatSuggestion } from '../usecases/desk-seats.js';
import { DESK_BASE, type DeskEnv, type DeskUser } from './auth.js';
import type { WebT } from './i18n.js';
import { Layout } from './layout.js';
import { imageType, MAX_PHOTO_BYTES, type PhotoUploader } from './photo.js';

export interface WriteDeps {
  /** Uploads a photo through the bot (absent: uploads are refused, a photo goes by its https address). */
  uploadPhoto?: PhotoUploader;
  desk: DeskDeps;
  catalog: Catalog;
  search: Search;
  /** The core's seat tagger, the one /new uses: the page suggests exactly what /new would. */
  tag: (text: string) => TagResult;
  /** The election switch: a state in a Vidhan Sabha election has its named assembly seats suggested. */
  elections: Pick<ElectionStore, 'assemblyStates'>;
  logger?: Pick<Logger, 'warn'>;
}

/** The actor of a desk user: their Telegram id and role, as the use cases check scope by it. */
export function actorOf(user: DeskUser): DeskActor {
  return { id: String(user.id), role: user.role };
}

/** The words of a DeskError for the page: its field when it names one, else its code. */
export function deskErrorText(err: unknown, t: WebT): string | undefined {
  if (!(err instanceof DeskError)) return undefined;
  if (err.code === 'invalid' && err.field) {
    const known = [
      'title',
      'summary',
      'body',
      'photo',
      'sourceUrl',
      'audience',
      'alsoRead',
      'layout',
      'when',
    ];
    const key = known.includes(err.field) ? `err-field-${err.field}` : 'err-invalid';
    // Markdown problems carry the line ("line 3: …", in English for logs): the page names the line
    // in the editor's language, as it tells them where to look.
    const line = err.field === 'body' ? /^line (\d+)\b/.exec(err.message)?.[1] : undefined;
    return line ? t('err-field-body-line', { line }) : t(key);
  }
  return t(`err-${err.code}`);
}

/** A date-time from the page's picker (`2026-11-30T18:30`, India time) as epoch ms; NaN when malformed. */
export function istLocalToMs(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return Number.NaN;
  return Date.parse(`${value}:00+05:30`);
}

/** "ये भी पढ़ें" as typed: one per line, `title | https://…` or a briefing id. Empty: automatic. */
export function parseAlsoRead(text: string): AlsoReadRef[] | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  return lines.map((line): AlsoReadRef => {
    const bar = line.lastIndexOf('|');
    if (bar > 0) return { kind: 'url', title: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() };
    return { kind: 'briefing', id: line };
  });
}

/**
 * The form as the page's script posts it. Parsed, not cast: a request built by hand with a number for
 * the title or a string for the seats is refused in words (400), never a crash inside the use cases.
 * Lengths are bounded loosely here; the use cases hold the real limits and name the field.
 */
const writeFormSchema = z.object({
  draftId: z.string().max(100).optional(),
  title: z.string().max(2_000).optional(),
  summary: z.string().max(4_000).optional(),
  body: z.string().max(200_000).optional(),
  photoUrl: z.string().max(2_000).optional(),
  /** A photo uploaded through the bot (its Telegram file id); wins over `photoUrl`. */
  photoFileId: z.string().max(500).optional(),
  scope: z.enum(['seats', 'state', 'national']).optional(),
  /** PC codes chosen. */
  seats: z.array(z.string().max(20)).max(600).optional(),
  /** Assembly seat codes chosen (`UP-A80`). */
  acs: z.array(z.string().max(20)).max(600).optional(),
  state: z.string().max(10).optional(),
  alsoRead: z.string().max(20_000).optional(),
});
type WriteForm = z.infer<typeof writeFormSchema>;

/** One field of a JSON body that may be anything (`null`, a number, an array): undefined unless an object has it. */
function fieldOf(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)[key]
    : undefined;
}

/** The draft fields a form holds. */
function fieldsOf(f: WriteForm): DraftFields {
  let audience: Audience | undefined;
  if (f.scope === 'national') audience = { kind: 'national' };
  else if (f.scope === 'state' && f.state) audience = { kind: 'state', state: f.state };
  else if (f.scope === 'seats') {
    // Codes as the page sends them; anything else is not a seat (the use case names unknown codes).
    const codes = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    const pcs = codes(f.seats);
    const acs = codes(f.acs);
    if (acs.length > 0) audience = { kind: 'pcs', pcs, acs };
    else if (pcs.length > 0) audience = { kind: 'pcs', pcs };
  }
  const photo: BriefingPhoto | undefined = f.photoFileId
    ? { kind: 'telegram', fileId: f.photoFileId }
    : f.photoUrl?.trim()
      ? { kind: 'url', url: f.photoUrl.trim() }
      : undefined;
  const alsoRead = parseAlsoRead(f.alsoRead ?? '');
  return {
    title: f.title ?? '',
    summary: f.summary ?? '',
    body: f.body ?? '',
    ...(audience ? { audience } : {}),
    ...(photo ? { photo } : {}),
    ...(alsoRead ? { alsoRead } : {}),
  };
}

/** One message of the preview: Telegram HTML, and the photo shown above it. */
export interface PreviewPart {
  html: string;
  photo?: string;
}

/** The messages a reader would get, as the preview shows them: Telegram HTML and the photo above. */
export function previewParts(messages: readonly Outgoing[]): PreviewPart[] {
  return messages.flatMap((o): PreviewPart[] => {
    if (o.method === 'photo')
      return [{ html: o.caption ?? '', ...(/^https:/.test(o.photo) ? { photo: o.photo } : {}) }];
    if (o.method === 'text') {
      const lp = o.linkPreview as { url?: string; show_above_text?: boolean };
      return [{ html: o.text, ...(lp.url && lp.show_above_text ? { photo: lp.url } : {}) }];
    }
    return [];
  });
}

/** The write page and its JSON endpoints: suggestions, seat search, save, preview, publish. */
export function writeRoutes(
  app: Hono<DeskEnv>,
  deps: WriteDeps,
  tFor: (c: Context) => WebT,
  langOf: (c: Context) => Lang,
) {
  const tag = deps.tag;

  app.get('/write', async (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const user = c.get('user');
    const draftId = c.req.query('draft');
    const draft = draftId ? await getDraft(deps.desk, draftId) : undefined;
    const seats = draft?.audience?.kind === 'pcs' ? draft.audience.pcs : [];
    const acs = draft?.audience?.kind === 'pcs' ? (draft.audience.acs ?? []) : [];
    const scope =
      draft?.audience?.kind === 'state'
        ? 'state'
        : draft?.audience?.kind === 'national'
          ? 'national'
          : 'seats';
    const alsoRead = (draft?.alsoRead ?? [])
      .map((r) => (r.kind === 'url' ? `${r.title} | ${r.url}` : r.id))
      .join('\n');
    return c.html(
      <Layout
        t={t}
        lang={lang}
        title={t('write-title')}
        page="write"
        user={user}
        scripts={[`${DESK_BASE}/assets/desk.js`]}
      >
        <div
          class="write"
          id="write"
          data-draft={draft?.status === 'open' ? draft.id : ''}
          data-part-label={t('write-part')}
          data-need-text={t('write-need-text')}
          data-saved={t('write-saved')}
          data-need-when={t('write-need-when')}
          data-uploading={t('write-uploading')}
        >
          <form class="card" id="write-form" autocomplete="off">
            <label for="title">{t('write-field-title')}</label>
            <input id="title" name="title" maxlength={200} value={draft?.title ?? ''} />
            <label for="summary">{t('write-field-summary')}</label>
            <input id="summary" name="summary" maxlength={320} value={draft?.summary ?? ''} />
            <label for="body">{t('write-field-body')}</label>
            <textarea id="body" name="body">
              {draft?.body ?? ''}
            </textarea>
            <p class="muted">{t('write-body-help')}</p>
            <label for="photo-url">{t('write-field-photo')}</label>
            <input
              id="photo-url"
              name="photoUrl"
              type="url"
              placeholder="https://"
              value={draft?.photo?.kind === 'url' ? draft.photo.url : ''}
            />
            <p class="muted">{t('write-photo-help')}</p>
            {/* Always there: a draft's photo sent in Telegram must survive the page's autosave. */}
            <input
              id="photo-file-id"
              type="hidden"
              value={draft?.photo?.kind === 'telegram' ? draft.photo.fileId : ''}
            />
            {deps.uploadPhoto ? (
              <>
                <label for="photo-file">{t('write-field-photo-file')}</label>
                <input id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" />
                <p class="muted">{t('write-photo-file-help')}</p>
              </>
            ) : null}

            <fieldset>
              <legend>{t('write-field-audience')}</legend>
              <label>
                <input type="radio" name="scope" value="seats" checked={scope === 'seats'} />{' '}
                {t('write-scope-seats')}
              </label>
              <p class="muted">{t('write-suggested')}</p>
              <div class="chips" id="suggested" aria-live="polite" />
              <input id="seat-search" type="search" placeholder={t('write-seat-search')} />
              <div class="chips" id="seat-results" />
              <p class="muted">{t('write-chosen')}</p>
              <div class="chips" id="seats">
                {seats.map((pc) => (
                  <button type="button" class="chip" aria-pressed="true" data-pc={pc}>
                    {pcNameOf(deps.catalog, pc, lang)}
                  </button>
                ))}
                {acs.map((ac) => (
                  <button type="button" class="chip" aria-pressed="true" data-ac={ac}>
                    {t('write-seat-ac', { ac: acNameOf(deps.catalog, ac, lang) })}
                  </button>
                ))}
              </div>
              <label>
                <input type="radio" name="scope" value="state" checked={scope === 'state'} />{' '}
                {t('write-scope-state')}
              </label>
              <select id="state" name="state">
                {deps.catalog.states.map((s) => (
                  <option
                    value={s.code}
                    selected={draft?.audience?.kind === 'state' && draft.audience.state === s.code}
                  >
                    {stateName(deps.catalog, s.code, lang)}
                  </option>
                ))}
              </select>
              {user.role === 'owner' ? (
                <label>
                  <input type="radio" name="scope" value="national" checked={scope === 'national'} />{' '}
                  {t('write-scope-national')}
                </label>
              ) : null}
            </fieldset>

            <label for="also-read">{t('write-field-also-read')}</label>
            <textarea id="also-read" name="alsoRead" class="short">
              {alsoRead}
            </textarea>
            <p class="muted">{t('write-also-read-help')}</p>

            <label for="when">{t('write-field-when')}</label>
            <input id="when" name="when" type="datetime-local" />
            <p class="error" id="write-error" role="alert" />
            <p class="muted" id="write-status" aria-live="polite" />
            <div class="actions">
              <button type="button" id="save">
                {t('write-save')}
              </button>
              <button type="button" id="publish" class="primary">
                {t('write-publish')}
              </button>
              <button type="button" id="schedule">
                {t('write-schedule')}
              </button>
            </div>
          </form>
          <section>
            <h2>{t('write-preview')}</h2>
            <div class="phone" id="preview" data-parts="0">
              <p class="muted">{t('write-preview-empty')}</p>
            </div>
          </section>
        </div>
      </Layout>,
    );
  });

  // Seats named in the text as it is typed (the desk's one rule, src/usecases/desk-seats.ts): the
  // suggested audience, and as chips its seats (a state in a Vidhan Sabha election: its assembly seats
  // first) then any other assembly seat the text names.
  app.post('/api/suggest', async (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const given = fieldOf(await c.req.json().catch(() => undefined), 'text');
    const text = typeof given === 'string' ? given.slice(0, 20_000) : '';
    const r = tag(text);
    const { audience, namedAcs } = seatSuggestion(r, await assemblyStatesOf(deps.elections));
    const chosenAcs = audience?.kind === 'pcs' ? (audience.acs ?? []) : [];
    const acChip = (ac: string) => ({
      ac,
      name: t('write-seat-ac', { ac: acNameOf(deps.catalog, ac, lang) }),
    });
    return c.json({
      ok: true,
      ...(audience ? { audience } : {}),
      seats: [
        ...chosenAcs.map(acChip),
        ...r.pcs.slice(0, 12).map((pc) => ({ pc, name: pcNameOf(deps.catalog, pc, lang) })),
        ...namedAcs.filter((ac) => !chosenAcs.includes(ac)).map(acChip),
      ],
      states: r.states.map((s) => ({ state: s, name: stateName(deps.catalog, s, lang) })),
    });
  });

  // Seat search in Hindi or English (the bot's search: names, segments, misspellings); a hit through an
  // assembly seat offers that seat before its PC.
  app.get('/api/seats', (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const r = deps.search(q, { limit: 8 });
    const hits = r.kind === 'one' ? [r.hit] : r.kind === 'none' ? r.suggestions : r.hits;
    return c.json({
      ok: true,
      seats: hits.slice(0, 12).flatMap((h) => {
        const pc = { pc: h.pc.code, name: pcNameOf(deps.catalog, h.pc.code, lang) };
        const ac = acOfHit(deps.catalog, h);
        return ac
          ? [{ ac: ac.code, name: t('write-seat-ac', { ac: acNameOf(deps.catalog, ac.code, lang) }) }, pc]
          : [pc];
      }),
    });
  });

  /** Creates or updates the page's draft; answers its id and the preview. */
  app.post('/api/draft', async (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const actor = actorOf(c.get('user'));
    const parsed = writeFormSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ ok: false, error: t('err-invalid') }, 400);
    const form = parsed.data;
    try {
      const fields = fieldsOf(form);
      const existing = form.draftId ? await getDraft(deps.desk, form.draftId) : undefined;
      const draft =
        existing && existing.status === 'open'
          ? await updateDraft(deps.desk, actor, existing.id, {
              ...fields,
              audience: fields.audience,
              photo: fields.photo,
              alsoRead: fields.alsoRead,
            })
          : await createDraft(deps.desk, actor, fields, { kind: 'web' });
      // Saved; the preview needs an audience too (the audience line heads every message).
      try {
        const { messages } = await previewDraftMessages(deps.desk, draft.id, lang);
        return c.json({ ok: true, draftId: draft.id, parts: previewParts(messages) });
      } catch (err) {
        const text = deskErrorText(err, t);
        if (!text) throw err;
        return c.json({ ok: true, draftId: draft.id, parts: [], notice: text });
      }
    } catch (err) {
      const text = deskErrorText(err, t);
      if (text) return c.json({ ok: false, error: text }, 400);
      throw err;
    }
  });

  // A photo from the editor's computer: at most 5 MB, JPEG, PNG or WebP by its bytes, stored at Telegram.
  app.post(
    '/api/photo',
    bodyLimit({
      maxSize: MAX_PHOTO_BYTES + 64 * 1024,
      onError: (c) => c.json({ ok: false, error: tFor(c)('err-photo-size') }, 413),
    }),
    async (c) => {
      const t = tFor(c);
      const user = c.get('user');
      if (!deps.uploadPhoto) return c.json({ ok: false, error: t('err-photo-off') }, 404);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const file = form.photo;
      if (!(file instanceof File)) return c.json({ ok: false, error: t('err-photo-type') }, 400);
      if (file.size > MAX_PHOTO_BYTES) return c.json({ ok: false, error: t('err-photo-size') }, 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const type = imageType(bytes);
      if (!type) return c.json({ ok: false, error: t('err-photo-type') }, 415);
      try {
        const fileId = await deps.uploadPhoto(user.id, bytes, type);
        await deps.desk.audit.record({ who: String(user.id), action: 'web:photo-upload', outcome: 'ok' });
        return c.json({ ok: true, fileId });
      } catch (err) {
        await deps.desk.audit.record({ who: String(user.id), action: 'web:photo-upload', outcome: 'failed' });
        deps.logger?.warn({ err }, 'desk: photo upload to Telegram failed');
        return c.json({ ok: false, error: t('err-photo-upload') }, 502);
      }
    },
  );

  app.post('/api/drafts/:id/publish', async (c) => {
    const t = tFor(c);
    const actor = actorOf(c.get('user'));
    const at = fieldOf(await c.req.json().catch(() => undefined), 'at');
    // Anything but a picker's string (or nothing) is refused: a malformed time must never mean "now".
    if (at !== undefined && at !== null && typeof at !== 'string')
      return c.json({ ok: false, error: t('err-field-when') }, 400);
    let when: { kind: 'now' } | { kind: 'at'; atMs: number } = { kind: 'now' };
    if (typeof at === 'string' && at) {
      const atMs = istLocalToMs(at);
      if (!Number.isFinite(atMs) || atMs <= deps.desk.now())
        return c.json({ ok: false, error: t('err-field-when') }, 400);
      when = { kind: 'at', atMs };
    }
    try {
      const { briefing, plan } = await publishDraft(deps.desk, actor, c.req.param('id'), when);
      return c.json({
        ok: true,
        briefingId: briefing.id,
        deliveryId: plan.delivery?.id,
        audience: plan.audience,
      });
    } catch (err) {
      const text = deskErrorText(err, t);
      if (text) return c.json({ ok: false, error: text }, 400);
      throw err;
    }
  });
}
