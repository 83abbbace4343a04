import type { Context, Hono } from 'hono';
import { isBriefingContent } from '../delivery/kinds/briefing.js';
import { DeliveryActionError } from '../delivery/service.js';
import type { Lang } from '../i18n/index.js';
import type { Delivery } from '../store/deliveries.js';
import { targetLabel } from '../telegram/targets.js';
import { controlDelivery } from '../usecases/deliveries.js';
import { DESK_BASE, type DeskEnv } from './auth.js';
import { istText, progressOf } from './format.js';
import type { WebT } from './i18n.js';
import { Layout } from './layout.js';
import { actorOf, type WriteDeps } from './write.js';

/** What the page's script reads every two seconds. */
function row(d: Delivery) {
  const p = progressOf(d);
  return {
    id: d.id,
    kind: d.content.kind,
    status: d.status,
    sent: d.sent,
    blocked: d.blocked,
    failed: d.failed,
    skipped: d.skipped,
    pending: p.pending,
    total: d.total,
    percent: p.percent,
    createdAt: d.createdAt,
    scheduledAt: d.scheduledAt,
  };
}

/** A text's first line as plain words (tags out, the four entities Telegram HTML uses back), clipped. */
function firstLine(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e] ?? '');
  const line =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * What a delivery is, in words an editor recognises: a briefing's headline (a correction or deletion
 * of one names it too), a message's first line, the digest. Never a bare id or a kind's code name.
 */
export async function deliveryHeadline(deps: WriteDeps, d: Delivery, t: WebT): Promise<string> {
  const titleOf = async (id: string) =>
    ((await deps.desk.briefings.get(id)) ?? (await deps.desk.briefings.withdrawn(id)))?.title ?? id;
  const c = d.content;
  if (isBriefingContent(c)) return titleOf(c.briefingId);
  if ((c.kind === 'correction' || c.kind === 'deletion') && typeof c.of === 'string') {
    const what = c.of.startsWith('b-') ? await titleOf(c.of.slice(2)) : t('kind-message');
    return t(`kind-${c.kind}`, { what });
  }
  if (c.kind === 'text' && typeof c.text === 'string') return firstLine(c.text) || t('kind-message');
  if (c.kind === 'digest') return t('kind-digest');
  return t('kind-message');
}

/** Who a delivery goes to, as the Telegram desk says it (plain text: the page escapes it once). */
export function deliveryTarget(deps: WriteDeps, d: Delivery, lang: Lang): string {
  return firstLine(targetLabel(d.target, deps.catalog, lang, deps.desk.i18n.forLang(lang)));
}

/** Deliveries shown: running and scheduled first, then the latest. */
async function listed(deps: WriteDeps): Promise<Delivery[]> {
  const [active, scheduled, recent] = await Promise.all([
    deps.desk.deliveries.active(),
    deps.desk.deliveries.scheduled(),
    deps.desk.deliveries.recent(20),
  ]);
  const seen = new Set<string>();
  return [...active, ...scheduled, ...recent].filter((d) => !seen.has(d.id) && seen.add(d.id));
}

/** Live deliveries: the page, a JSON the page polls, and pause / resume / cancel. */
export function deliveryRoutes(
  app: Hono<DeskEnv>,
  deps: WriteDeps,
  tFor: (c: Context) => WebT,
  langOf: (c: Context) => Lang,
) {
  app.get('/deliveries', async (c) => {
    const t = tFor(c);
    const user = c.get('user');
    const list = await listed(deps);
    const lang = langOf(c);
    const what = await Promise.all(list.map((d) => deliveryHeadline(deps, d, t)));
    return c.html(
      <Layout
        t={t}
        lang={lang}
        title={t('deliveries-title')}
        page="deliveries"
        user={user}
        scripts={[`${DESK_BASE}/assets/desk.js`]}
      >
        <p class="muted">{t('deliveries-live')}</p>
        <div id="deliveries" data-live="true">
          {list.map((d, i) => {
            const r = row(d);
            return (
              <div class="card delivery" data-id={d.id} data-status={d.status}>
                <p>
                  <b class="what">{what[i]}</b>
                  <br />
                  <span class="muted">
                    {deliveryTarget(deps, d, lang)} · {istText(d.scheduledAt ?? d.createdAt)}
                  </span>{' '}
                  · <b class="status">{t(`delivery-${d.status}`)}</b>
                </p>
                <progress class="bar" max={100} value={r.percent} />
                <p class="counts">
                  <span class="percent">{r.percent}%</span> · {t('deliveries-sent')}:{' '}
                  <span class="sent">{r.sent}</span> · {t('deliveries-pending')}:{' '}
                  <span class="pending">{r.pending}</span> · {t('deliveries-failed')}:{' '}
                  <span class="failed">{r.failed}</span> · {t('deliveries-blocked')}:{' '}
                  <span class="blocked">{r.blocked}</span> · {t('deliveries-total')}:{' '}
                  <span class="total">{r.total}</span>
                </p>
                <div class="actions">
                  {(['pause', 'resume', 'cancel'] as const).map((action) => (
                    <form method="post" action={`${DESK_BASE}/deliveries/${d.id}/${action}`}>
                      <input type="hidden" name="_csrf" value={user.csrf} />
                      <button type="submit" class={action === 'cancel' ? 'danger' : ''} data-action={action}>
                        {t(`deliveries-${action}`)}
                      </button>
                    </form>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </Layout>,
    );
  });

  app.get('/api/deliveries', async (c) => {
    const t = tFor(c);
    const list = await listed(deps);
    return c.json({
      ok: true,
      deliveries: list.map((d) => ({ ...row(d), statusText: t(`delivery-${d.status}`) })),
    });
  });

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post(`/deliveries/:id/${action}`, async (c) => {
      const id = c.req.param('id');
      const user = c.get('user');
      // What reaches all readers is the owners' to pause, resume or cancel, as sending it was.
      const d = await deps.desk.deliveries.get(id);
      if (d?.target.kind === 'all' && user.role !== 'owner') {
        const t = tFor(c);
        await deps.desk.audit.record({
          who: String(user.id),
          action: `web:${action}`,
          outcome: 'refused: national',
          target: id,
        });
        return c.html(
          <Layout t={t} lang={langOf(c)} title={t('deliveries-title')} user={user}>
            <p class="error" id="error">
              {t('err-national-owners-only')}
            </p>
          </Layout>,
          403,
        );
      }
      try {
        await controlDelivery(deps.desk, { deliveryId: id, by: actorOf(c.get('user')), action });
      } catch (err) {
        if (!(err instanceof DeliveryActionError)) throw err;
        const t = tFor(c);
        return c.html(
          <Layout t={t} lang={langOf(c)} title={t('deliveries-title')} user={c.get('user')}>
            <p class="error" id="error">
              {t('deliveries-not-now')}
            </p>
            <p>
              <a href={`${DESK_BASE}/deliveries`}>{t('nav-deliveries')}</a>
            </p>
          </Layout>,
          409,
        );
      }
      return c.redirect(`${DESK_BASE}/deliveries?d=${encodeURIComponent(id)}`, 303);
    });
  }
}
