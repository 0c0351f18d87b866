import { type Child, SafeHtml } from '../jsx/jsx-runtime.ts';
import type { WebView } from '../web-view.ts';
import { SiteHeader } from './site-header.tsx';

/** htmx without inline styles or eval (the CSP allows neither); its indicator rules are in admin.css. */
const DOCTYPE = new SafeHtml('<!doctype html>');

const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  // No page snapshots in localStorage: they would keep personal data in the browser after sign-out.
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
});

export interface PageProps {
  readonly view: WebView;
  readonly title: string;
  readonly children?: Child;
}

/**
 * Every page: the document, the header with the navigation, and `main`. Scripts load deferred from files;
 * `hx-headers` puts the CSRF token on every htmx request of the page.
 */
export function PageLayout({ view, title, children }: PageProps): SafeHtml {
  const { t, assets } = view;
  const headers = view.csrfToken ? JSON.stringify({ 'X-CSRF-Token': view.csrfToken }) : undefined;
  return (
    <>
      {DOCTYPE}
      <html lang={view.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${title} · ${t('appName')}`}</title>
          <link rel="stylesheet" href={assets.url('pico.css')} />
          <link rel="stylesheet" href={assets.url('admin.css')} />
          <script src={assets.url('htmx.js')} defer></script>
          <script src={assets.url('htmx-sse.js')} defer></script>
          <script src={assets.url('admin.js')} defer></script>
        </head>
        <body hx-headers={headers}>
          <a class="skip-link" href="#main">
            {t('skipToContent')}
          </a>
          <SiteHeader view={view} />
          <main class="container" id="main" tabindex="-1">
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}
