import type { Child, FC } from 'hono/jsx';
import type { Lang } from '../i18n/index.js';
import { DESK_BASE, type DeskUser } from './auth.js';
import type { WebT } from './i18n.js';

/** The pages of the navigation bar, in order. */
const NAV = [
  ['home', ''],
  ['write', '/write'],
  ['briefings', '/briefings'],
  ['deliveries', '/deliveries'],
  ['charts', '/charts'],
  ['sessions', '/sessions'],
] as const;

export type NavPage = (typeof NAV)[number][0];

/**
 * Every desk page: Devanagari font, 360 px and up, the navigation bar, the user and sign-out. Scripts
 * and styles come from /desk/assets only (the Content-Security-Policy allows nothing else).
 */
export const Layout: FC<{
  t: WebT;
  lang: Lang;
  title: string;
  page?: NavPage;
  user?: DeskUser;
  scripts?: readonly string[];
  children?: Child;
}> = ({ t, lang, title, page, user, scripts, children }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · ${t('desk-name')}`}</title>
      <link rel="stylesheet" href={`${DESK_BASE}/assets/desk.css`} />
      {user ? <meta name="csrf-token" content={user.csrf} /> : null}
    </head>
    <body>
      <header class="top">
        <a class="brand" href={DESK_BASE}>
          {t('desk-name')}
        </a>
        {user ? (
          <nav>
            {NAV.map(([key, path]) => (
              <a href={`${DESK_BASE}${path}`} aria-current={page === key ? 'page' : undefined}>
                {t(`nav-${key}`)}
              </a>
            ))}
          </nav>
        ) : null}
        {user ? (
          <form method="post" action={`${DESK_BASE}/sign-out`} class="signout">
            <span class="who">
              {user.name || String(user.id)} · {t(`role-${user.role}`)}
            </span>
            <input type="hidden" name="_csrf" value={user.csrf} />
            <button type="submit">{t('sign-out')}</button>
          </form>
        ) : null}
      </header>
      <main>
        <h1>{title}</h1>
        {children}
      </main>
      <footer class="muted">
        <a
          href={`${DESK_BASE}/language/${lang === 'hi' ? 'en' : 'hi'}`}
          lang={lang === 'hi' ? 'en' : 'hi'}
          id="other-language"
        >
          {t('other-language')}
        </a>
      </footer>
      {(scripts ?? []).map((src) => (
        <script src={src} defer />
      ))}
    </body>
  </html>
);
