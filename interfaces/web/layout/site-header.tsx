import { PostForm } from '../components/post-form.tsx';
import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import type { WebView } from '../web-view.ts';

const sectionOf = (url: string, path: string) =>
  path === '/admin'
    ? url.split('?')[0] === '/admin'
    : url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`);

/** The header: the sections the user's role may open, the language switch, who is signed in, sign-out. */
export function SiteHeader({ view }: { readonly view: WebView }): SafeHtml {
  const { t, user } = view;
  const other = view.language === 'ru' ? 'en' : 'ru';
  const switchHref = `/admin/language/${other}?back=${encodeURIComponent(view.url)}`;
  const entries = user ? view.nav.filter((entry) => entry.roles.includes(user.role)) : [];
  return (
    <header class="site container">
      <nav aria-label={t('navMain')}>
        <ul>
          <li>
            <strong>
              <a href="/admin">{t('appName')}</a>
            </strong>
          </li>
        </ul>
        <ul>
          {entries.map((entry) => (
            <li>
              <a href={entry.path} aria-current={sectionOf(view.url, entry.path) ? 'page' : undefined}>
                {t(entry.label)}
              </a>
            </li>
          ))}
        </ul>
        <ul>
          <li>
            <a href={switchHref} lang={other} hreflang={other}>
              {t('switchToOther')}
            </a>
          </li>
          {user ? (
            <>
              <li class="who">{t('signedInAs', { username: user.username, role: user.role })}</li>
              <li>
                <a href="/admin/password">{t('changePassword')}</a>
              </li>
              <li>
                <PostForm view={view} action="/admin/session/sign-out">
                  <button type="submit" class="secondary outline">
                    {t('signOut')}
                  </button>
                </PostForm>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
    </header>
  );
}
