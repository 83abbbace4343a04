import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK_LINK_TTL_MS } from '../../src/store/desk-sessions.js';
import { createDeskEnv, type DeskEnvT, EDITOR, OWNER } from './desk-env.js';

let d: DeskEnvT;
beforeEach(async () => {
  d = await createDeskEnv();
});
afterEach(async () => {
  await d.cleanup();
});

/** Every route of the desk that is not open to anyone (assets, the sign-in page and the link are). */
function guardedRoutes(): Array<{ method: string; path: string }> {
  const open = /^\/desk\/(assets\/|sign-in$|login$|language\/)/;
  const seen = new Set<string>();
  return d.app.routes
    .filter((r) => r.method !== 'ALL' && !open.test(r.path))
    .map((r) => ({ method: r.method, path: r.path.replace(/:(\w+)/g, 'x1') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

describe('web desk sign-in and sessions', () => {
  it('when there is no session, then every desk route answers 401, or a redirect to sign-in for a page', async () => {
    const routes = guardedRoutes();
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      const json = await d.app.request(r.path, { method: r.method, headers: { origin: d.origin } });
      expect(json.status, `${r.method} ${r.path}`).toBe(401);
      if (r.method === 'GET') {
        const page = await d.app.request(r.path, { headers: { accept: 'text/html' } });
        expect(page.status, r.path).toBe(302);
        expect(page.headers.get('location')).toBe('/desk/sign-in');
      }
    }
    // A made-up cookie is no session either.
    const forged = await d.app.request('/desk/api/figures', {
      headers: { cookie: `${d.cookieName}=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    // Said in the page's language: the write page shows it when a session runs out during autosave.
    expect(await forged.json()).toEqual({ ok: false, error: d.core.i18n.t('hi', 'web.err-signed-out') });
  });

  it('when a link is opened, then it shows a button and is not used up; pressed, it opens a session with a strict cookie', async () => {
    const token = await d.core.deskSessions.issueLink(OWNER, 'राधा');
    const shown = await d.app.request(`/desk/login?t=${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(`value="${token}"`);
    const res = await d.app.request('/desk/login', {
      method: 'POST',
      headers: { origin: d.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `t=${token}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-desk=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    // Redis keeps only hashes of the link and the cookie.
    const value = /__Host-desk=([^;]+)/.exec(cookie)?.[1] as string;
    const keys = await d.env.redis.keys(`${d.env.prefix}:desk:*`);
    for (const k of keys) {
      expect(k).not.toContain(value);
      expect(k).not.toContain(token);
      const v = (await d.env.redis.type(k)) === 'string' ? await d.env.redis.get(k) : '';
      expect(v ?? '').not.toContain(value);
    }
    const home = await d.app.request('/desk', { headers: { cookie: `__Host-desk=${value}` } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('राधा');
    expect((await d.core.audit.recent(5)).map((a) => [a.who, a.action])).toContainEqual([
      String(OWNER),
      'web:sign-in',
    ]);
  });

  it('when a link is used a second time or after ten minutes, then it is refused', async () => {
    const post = (t: string) =>
      d.app.request('/desk/login', {
        method: 'POST',
        headers: { origin: d.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: `t=${t}`,
      });
    const token = await d.core.deskSessions.issueLink(EDITOR, 'संपादक');
    expect((await post(token)).status).toBe(303);
    const again = await post(token);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('पहले ही इस्तेमाल हो चुका है');

    const late = await d.core.deskSessions.issueLink(EDITOR, 'संपादक');
    d.clock.now += DESK_LINK_TTL_MS + 1000;
    expect((await post(late)).status).toBe(401);
    expect((await post('not-a-token')).status).toBe(401);
  });

  it('when a link is for someone who is no longer an editor, then no session opens', async () => {
    const token = await d.core.deskSessions.issueLink(EDITOR, 'संपादक');
    await d.core.editors.remove(EDITOR);
    const res = await d.app.request('/desk/login', {
      method: 'POST',
      headers: { origin: d.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `t=${token}`,
    });
    expect(res.status).toBe(403);
  });

  it('when an editor is removed after signing in, then their session stops working at once', async () => {
    const cookie = await d.signIn(EDITOR);
    expect((await d.app.request('/desk', { headers: d.headers(cookie) })).status).toBe(200);
    await d.core.editors.remove(EDITOR);
    expect((await d.app.request('/desk/api/figures', { headers: d.headers(cookie) })).status).toBe(401);
  });

  it('when a POST comes from another site, or without the CSRF token, then it is refused', async () => {
    const cookie = await d.signIn(OWNER);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    // Another site's form, even one that somehow knew the token.
    const crossSite = await d.app.request('/desk/sign-out', {
      method: 'POST',
      headers: d.headers(cookie, { ...form, origin: 'https://evil.example' }),
      body: '',
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ ok: false, error: d.core.i18n.t('hi', 'web.err-refused') });
    // No Origin and no Referer: refused too.
    const { origin: _, ...noOrigin } = d.headers(cookie, form);
    expect((await d.app.request('/desk/sign-out', { method: 'POST', headers: noOrigin })).status).toBe(403);
    // Same origin without the token, or with a wrong one.
    const { 'x-csrf-token': __, ...noToken } = d.headers(cookie, form);
    expect(
      (await d.app.request('/desk/sign-out', { method: 'POST', headers: noToken, body: '' })).status,
    ).toBe(403);
    expect(
      (
        await d.app.request('/desk/sign-out', {
          method: 'POST',
          headers: { ...noToken },
          body: '_csrf=wrong',
        })
      ).status,
    ).toBe(403);
    // The sign-in POST itself is refused from another site.
    const token = await d.core.deskSessions.issueLink(OWNER, 'राधा');
    const login = await d.app.request('/desk/login', {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...form },
      body: `t=${token}`,
    });
    expect(login.status).toBe(403);
    // Still signed in: nothing above ended the session.
    expect((await d.app.request('/desk', { headers: d.headers(cookie) })).status).toBe(200);
    // The page's own form, with the token as a field, signs out.
    const { 'x-csrf-token': token2, ...base } = d.headers(cookie, form);
    const out = await d.app.request('/desk/sign-out', {
      method: 'POST',
      headers: base,
      body: `_csrf=${encodeURIComponent(token2 as string)}`,
    });
    expect(out.status).toBe(303);
    expect((await d.app.request('/desk/api/figures', { headers: d.headers(cookie) })).status).toBe(401);
  });

  it("when an owner ends an editor's session, then it is gone; an editor cannot end an owner's", async () => {
    const owner = await d.signIn(OWNER);
    const editor = await d.signIn(EDITOR);
    const all = await d.core.deskSessions.list();
    expect(all).toHaveLength(2);
    const ownerHandle = all.find((s) => s.userId === OWNER)?.handle as string;
    const editorHandle = all.find((s) => s.userId === EDITOR)?.handle as string;
    const end = (cookie: string, handle: string) =>
      d.app.request('/desk/sessions/end', {
        method: 'POST',
        headers: d.headers(cookie, { 'content-type': 'application/x-www-form-urlencoded' }),
        body: `handle=${handle}`,
      });
    expect((await end(editor, ownerHandle)).status).toBe(403);
    const page = await (await d.app.request('/desk/sessions', { headers: d.headers(editor) })).text();
    expect(page).not.toContain(ownerHandle);
    // When it started, in India time like every other time on the desk (06:00 UTC is 11:30 IST).
    expect(page).toContain('30/11/2026, 11:30');
    expect(page).not.toContain('UTC');
    expect((await end(owner, editorHandle)).status).toBe(303);
    expect((await d.app.request('/desk', { headers: d.headers(editor) })).status).toBe(401);
    expect((await d.app.request('/desk', { headers: d.headers(owner) })).status).toBe(200);
    const actions = (await d.core.audit.recent(10)).map((a) => `${a.who} ${a.action} ${a.outcome}`);
    expect(actions).toContain(`${OWNER} web:end-session ok`);
    expect(actions).toContain(`${EDITOR} web:end-session refused`);
  });

  it('when the page language is switched, then the desk speaks English, and back to Hindi', async () => {
    const cookie = await d.signIn(OWNER);
    const sw = await d.app.request('/desk/language/en');
    expect(sw.status).toBe(303);
    const lang = /desk-lang=(\w+)/.exec(sw.headers.get('set-cookie') ?? '')?.[1];
    expect(lang).toBe('en');
    const { cookie: session, ...rest } = d.headers(cookie);
    const en = await (
      await d.app.request('/desk', { headers: { ...rest, cookie: `${session}; desk-lang=en` } })
    ).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Election desk');
    const hi = await (await d.app.request('/desk', { headers: d.headers(cookie) })).text();
    expect(hi).toContain('चुनाव डेस्क');
  });

  it('when the desk runs over plain http, then the cookie is not marked Secure', async () => {
    const plain = await createDeskEnv('http://127.0.0.1:8081');
    try {
      const token = await plain.core.deskSessions.issueLink(OWNER, 'राधा');
      const res = await plain.app.request('/desk/login', {
        method: 'POST',
        headers: { origin: plain.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: `t=${token}`,
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^desk=/);
      expect(cookie).not.toContain('Secure');
      expect(cookie).toContain('SameSite=Strict');
    } finally {
      await plain.cleanup();
    }
  });

  it('when a browser already signed in signs in again, then its earlier session ends (one session per browser)', async () => {
    const first = await d.signIn(EDITOR);
    const token = await d.core.deskSessions.issueLink(EDITOR, 'संपादक');
    const res = await d.app.request('/desk/login', {
      method: 'POST',
      headers: {
        origin: d.origin,
        cookie: `${d.cookieName}=${first}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `t=${token}`,
    });
    expect(res.status).toBe(303);
    expect((await d.app.request('/desk', { headers: d.headers(first) })).status).toBe(401);
    expect(await d.core.deskSessions.list(EDITOR)).toHaveLength(1);
  });

  it('when anyone posts a huge body to the open sign-in route, then it is refused before it is read', async () => {
    const res = await d.app.request('/desk/login', {
      method: 'POST',
      headers: { origin: d.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `t=${'A'.repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ ok: false, error: d.core.i18n.t('hi', 'web.err-too-large') });
    const page = await d.app.request(`/desk/login?t=${'A'.repeat(43)}`);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});
