import type { Context, Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { Briefing } from '../briefings/types.js';
import { stateOfPc } from '../briefings/types.js';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import { isBriefingContent } from '../delivery/kinds/briefing.js';
import type { Lang } from '../i18n/index.js';
import type { AuditLog } from '../store/audit.js';
import type { Delivery } from '../store/deliveries.js';
import {
  deleteBriefingCopies,
  editBriefing,
  findBriefings,
  listDrafts,
  listRevisions,
  withdrawFromDesk,
} from '../usecases/desk.js';
import { DESK_BASE, type DeskEnv } from './auth.js';
import { deliveryHeadline, deliveryTarget } from './deliveries.js';
import { istText, progressOf } from './format.js';
import type { WebT } from './i18n.js';
import { Layout } from './layout.js';
import { actorOf, deskErrorText, type WriteDeps } from './write.js';

/** The notes a briefing's page shows after an action (`?m=`); anything else in the link is ignored. */
const MESSAGES = ['edited', 'corrected', 'withdrawn', 'deleting'] as const;

/** A table row: a link, and under it a muted line of facts (`data` the row's data-* attributes). */
const LinkRow: FC<{
  href: string;
  title: string;
  data: Record<`data-${string}`, string>;
  children?: Child;
}> = ({ href, title, data, children }) => (
  <tr {...data}>
    <td>
      <a href={href}>{title}</a>
      <div class="muted">{children}</div>
    </td>
  </tr>
);

/** Most rows the list shows (newest first). */
const LISTED = 100;

/** Statuses the list filters by. */
const STATUSES = ['draft', 'scheduled', 'published', 'withdrawn'] as const;
type Status = (typeof STATUSES)[number];

/** The status asked for: one of {@link STATUSES}; `sent`, its name before, is `published`. */
function statusQuery(raw: string | undefined): Status | '' {
  const s = raw === 'sent' ? 'published' : (raw ?? '');
  return (STATUSES as readonly string[]).includes(s) ? (s as Status) : '';
}

interface Row {
  id: string;
  title: string;
  status: Status;
  audience: Briefing['audience'] | undefined;
  by: string;
  at: number;
  href: string;
}

function audienceText(a: Briefing['audience'] | undefined, deps: WriteDeps, lang: Lang, t: WebT): string {
  if (!a) return t('list-no-audience');
  if (a.kind === 'national') return t('write-scope-national');
  if (a.kind === 'state') return stateName(deps.catalog, a.state, lang);
  const acs = (a.acs ?? []).map((ac) => t('write-seat-ac', { ac: acNameOf(deps.catalog, ac, lang) }));
  return [...a.pcs.map((pc) => pcNameOf(deps.catalog, pc, lang)), ...acs].join(', ');
}

export interface BriefingPagesDeps extends WriteDeps {
  audit: Pick<AuditLog, 'recent'>;
}

/** The briefings list (search by seat, state, editor, status), a briefing's page, edit and withdraw. */
export function briefingRoutes(
  app: Hono<DeskEnv>,
  deps: BriefingPagesDeps,
  tFor: (c: Context) => WebT,
  langOf: (c: Context) => Lang,
) {
  const deliveriesOf = async (id: string): Promise<Delivery[]> =>
    (await deps.desk.deliveries.recent(500)).filter(
      (d) => (isBriefingContent(d.content) && d.content.briefingId === id) || d.content.of === `b-${id}`,
    );

  app.get('/briefings', async (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const user = c.get('user');
    const q = {
      text: (c.req.query('q') ?? '').trim(),
      seat: (c.req.query('seat') ?? '').trim(),
      state: (c.req.query('state') ?? '').trim(),
      editor: (c.req.query('editor') ?? '').trim(),
      status: statusQuery(c.req.query('status')),
    };
    // Filtering by seat, state, editor or status looks through the newest 1,000 briefings, not only the
    // 50 newest (a seat's briefing from last week must be found on a busy desk); a title search keeps
    // the use case's own matching.
    const filtering = Boolean(q.seat || q.state || q.editor || q.status);
    const [drafts, briefings, scheduled, audit] = await Promise.all([
      listDrafts(deps.desk, { limit: 200 }),
      q.text || !filtering
        ? findBriefings(deps.desk, { text: q.text, limit: 50 })
        : deps.desk.briefings.newest(1000),
      deps.desk.deliveries.scheduled(),
      deps.audit.recent(1000),
    ]);
    const scheduledIds = new Set(
      scheduled.flatMap((d) => (isBriefingContent(d.content) ? [d.content.briefingId] : [])),
    );
    const rows: Row[] = [];
    for (const d of drafts.items) {
      if (d.status !== 'open') continue;
      if (q.text && !d.title.toLowerCase().includes(q.text.toLowerCase())) continue;
      rows.push({
        id: d.id,
        title: d.title,
        status: 'draft',
        audience: d.audience,
        by: d.createdBy,
        at: d.updatedAt,
        href: `${DESK_BASE}/write?draft=${d.id}`,
      });
    }
    // Who wrote a briefing is its first revision's author: read below, only for the rows that need it.
    const authorless = new Set<Row>();
    for (const b of briefings) {
      const row: Row = {
        id: b.id,
        title: b.title,
        status: scheduledIds.has(b.id) ? 'scheduled' : 'published',
        audience: b.audience,
        by: '',
        at: b.updatedAt ?? b.publishedMs,
        href: `${DESK_BASE}/briefings/${b.id}`,
      };
      rows.push(row);
      authorless.add(row);
    }
    const readAuthors = async (of: readonly Row[]) => {
      await Promise.all(
        of
          .filter((r) => authorless.has(r))
          .map(async (r) => {
            r.by = (await listRevisions(deps.desk, r.id))[0]?.by ?? '';
            authorless.delete(r);
          }),
      );
    };
    // Withdrawn briefings leave the store's lists; the audit log names them.
    const withdrawnIds = [
      ...new Set(
        audit
          .filter((a) => a.action === 'withdraw' && a.outcome.startsWith('withdrawn') && a.target)
          .map((a) => (a.target as string).split(' ')[0] as string),
      ),
    ].slice(0, 50);
    for (const id of withdrawnIds) {
      const b = await deps.desk.briefings.withdrawn(id);
      if (!b || (q.text && !b.title.toLowerCase().includes(q.text.toLowerCase()))) continue;
      rows.push({
        id,
        title: b.title,
        status: 'withdrawn',
        audience: b.audience,
        by: audit.find((a) => a.action === 'withdraw' && a.target?.split(' ')[0] === id)?.who ?? '',
        at: b.updatedAt ?? b.publishedMs,
        href: `${DESK_BASE}/briefings/${id}`,
      });
    }
    let seatPc: string | undefined;
    if (q.seat) {
      const r = deps.search(q.seat, { limit: 1 });
      seatPc = r.kind === 'one' ? r.hit.pc.code : r.kind === 'none' ? undefined : r.hits[0]?.pc.code;
    }
    const candidates = rows
      .filter((r) => !q.status || r.status === q.status)
      .filter((r) => {
        const a = r.audience;
        if (
          q.state &&
          !(a?.kind === 'state'
            ? a.state === q.state
            : a?.kind === 'pcs' && a.pcs.some((pc) => stateOfPc(pc) === q.state))
        )
          return false;
        if (q.seat && !(seatPc && a?.kind === 'pcs' && a.pcs.includes(seatPc))) return false;
        return true;
      })
      .sort((a, b) => b.at - a.at);
    if (q.editor) await readAuthors(candidates);
    const shown = candidates.filter((r) => !q.editor || r.by === q.editor).slice(0, LISTED);
    await readAuthors(shown);
    return c.html(
      <Layout t={t} lang={lang} title={t('list-title')} page="briefings" user={user}>
        <form method="get" class="card" id="filters">
          <label for="q">{t('list-search')}</label>
          <input id="q" name="q" value={q.text} />
          <label for="seat">{t('list-seat')}</label>
          <input id="seat" name="seat" value={q.seat} />
          <label for="state">{t('list-state')}</label>
          <select id="state" name="state">
            <option value="">{t('list-any')}</option>
            {deps.catalog.states.map((s) => (
              <option value={s.code} selected={q.state === s.code}>
                {stateName(deps.catalog, s.code, lang)}
              </option>
            ))}
          </select>
          <label for="editor">{t('list-editor')}</label>
          <input id="editor" name="editor" inputmode="numeric" value={q.editor} />
          <label for="status">{t('list-status')}</label>
          <select id="status" name="status">
            <option value="">{t('list-any')}</option>
            {STATUSES.map((s) => (
              <option value={s} selected={q.status === s}>
                {t(`status-${s}`)}
              </option>
            ))}
          </select>
          <div class="actions">
            <button type="submit" class="primary">
              {t('list-find')}
            </button>
          </div>
        </form>
        <div class="card">
          {shown.length === 0 ? (
            <p class="muted">{t('list-none')}</p>
          ) : (
            <table id="briefings">
              <tbody>
                {shown.map((r) => (
                  <LinkRow href={r.href} title={r.title} data={{ 'data-id': r.id, 'data-status': r.status }}>
                    {audienceText(r.audience, deps, lang, t)} · {t(`status-${r.status}`)} · {istText(r.at)}
                    {r.by ? ` · ${r.by}` : ''}
                  </LinkRow>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </Layout>,
    );
  });

  app.get('/briefings/:id', async (c) => {
    const t = tFor(c);
    const lang = langOf(c);
    const user = c.get('user');
    const id = c.req.param('id');
    const live = await deps.desk.briefings.get(id);
    const withdrawn = live ? undefined : await deps.desk.briefings.withdrawn(id);
    const b = live ?? withdrawn;
    if (!b) return c.html(<Layout t={t} lang={lang} title={t('err-briefing-not-found')} user={user} />, 404);
    const [revisions, deliveries, scheduled] = await Promise.all([
      listRevisions(deps.desk, id),
      deliveriesOf(id),
      deps.desk.deliveries.scheduled(),
    ]);
    const what = await Promise.all(deliveries.map((d) => deliveryHeadline(deps, d, t)));
    // Published: in the archive, whether or not it went to readers (briefings imported from files did
    // not; its deliveries below say who got it). Scheduled while its delivery waits for its time.
    const detailStatus: Status = withdrawn
      ? 'withdrawn'
      : scheduled.some((d) => isBriefingContent(d.content) && d.content.briefingId === id)
        ? 'scheduled'
        : 'published';
    const m = c.req.query('m');
    const message = m && (MESSAGES as readonly string[]).includes(m) ? m : undefined;
    const hidden = <input type="hidden" name="_csrf" value={user.csrf} />;
    return c.html(
      <Layout t={t} lang={lang} title={b.title} page="briefings" user={user}>
        {message ? (
          <p class="card" id="message">
            {t(`msg-${message}`)}
          </p>
        ) : null}
        <div class="card">
          <p class="muted">
            {audienceText(b.audience, deps, lang, t)} · {t(`status-${detailStatus}`)} · <code>{b.id}</code>
          </p>
          <p>{b.summary}</p>
        </div>
        <div class="card">
          <h2>{t('detail-deliveries')}</h2>
          <table>
            <tbody>
              {deliveries.map((d, i) => {
                const p = progressOf(d);
                return (
                  <LinkRow
                    href={`${DESK_BASE}/deliveries?d=${encodeURIComponent(d.id)}`}
                    title={what[i] ?? ''}
                    data={{ 'data-delivery': d.id }}
                  >
                    {deliveryTarget(deps, d, lang)} · {istText(d.scheduledAt ?? d.createdAt)} ·{' '}
                    {t(`delivery-${d.status}`)} · {p.percent}%
                  </LinkRow>
                );
              })}
            </tbody>
          </table>
        </div>
        <div class="card">
          <h2>{t('detail-revisions')}</h2>
          <ol>
            {revisions.map((r) => (
              <li>
                {istText(r.at)} · {r.by} · {r.changed.join(', ')}
              </li>
            ))}
          </ol>
        </div>
        {withdrawn ? (
          <form method="post" action={`${DESK_BASE}/briefings/${id}/delete-copies`} class="card">
            {hidden}
            <p>{t('detail-delete-copies-help')}</p>
            <button type="submit" class="danger">
              {t('detail-delete-copies')}
            </button>
          </form>
        ) : (
          <>
            <form method="post" action={`${DESK_BASE}/briefings/${id}/edit`} class="card" id="edit">
              {hidden}
              <h2>{t('detail-edit')}</h2>
              <p class="muted">{t('detail-edit-help')}</p>
              <label for="title">{t('write-field-title')}</label>
              <input id="title" name="title" value={b.title} />
              <label for="summary">{t('write-field-summary')}</label>
              <input id="summary" name="summary" value={b.summary} />
              <label for="body">{t('write-field-body')}</label>
              <textarea id="body" name="body">
                {b.body}
              </textarea>
              <div class="actions">
                <button type="submit" class="primary">
                  {t('detail-correct')}
                </button>
              </div>
            </form>
            <form method="post" action={`${DESK_BASE}/briefings/${id}/withdraw`} class="card">
              {hidden}
              <p>{t('detail-withdraw-help')}</p>
              <button type="submit" class="danger">
                {t('detail-withdraw')}
              </button>
            </form>
          </>
        )}
      </Layout>,
    );
  });

  const back = (c: Context, id: string, m: (typeof MESSAGES)[number]) =>
    c.redirect(`${DESK_BASE}/briefings/${encodeURIComponent(id)}?m=${m}`, 303);
  const failed = (c: Context, err: unknown) => {
    const text = deskErrorText(err, tFor(c));
    if (!text) throw err;
    return c.html(
      <Layout t={tFor(c)} lang={langOf(c)} title={text}>
        <p class="error" id="error">
          {text}
        </p>
      </Layout>,
      400,
    );
  };

  /** A briefing page's form: done, back to the page with its notice; refused, the reason in words. */
  const action = (
    name: string,
    run: (
      c: Context<DeskEnv>,
      actor: ReturnType<typeof actorOf>,
      id: string,
    ) => Promise<(typeof MESSAGES)[number]>,
  ) =>
    app.post(`/briefings/:id/${name}`, async (c) => {
      const id = c.req.param('id');
      try {
        return back(c, id, await run(c, actorOf(c.get('user')), id));
      } catch (err) {
        return failed(c, err);
      }
    });

  action('edit', async (c, actor, id) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    const r = await editBriefing(deps.desk, actor, id, {
      ...(str('title') !== undefined ? { title: str('title') } : {}),
      ...(str('summary') !== undefined ? { summary: str('summary') } : {}),
      ...(str('body') !== undefined ? { body: str('body') } : {}),
    });
    return r.corrected ? 'corrected' : 'edited';
  });

  action('withdraw', async (_c, actor, id) => {
    await withdrawFromDesk(deps.desk, actor, id);
    return 'withdrawn';
  });

  action('delete-copies', async (_c, actor, id) => {
    await deleteBriefingCopies(deps.desk, actor, id);
    return 'deleting';
  });
}
