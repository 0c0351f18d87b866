import type { Context } from 'koa';
import type { UserRole } from '../../domain/users/index.ts';
import type { AuthenticatedUser } from '../http/auth/index.ts';
import type { AdminAssets } from './assets/admin-assets.ts';
import type { Translate, WebLanguage, WebTextKey } from './i18n/index.ts';

/** One section in the header's navigation: shown to the roles that may open it. */
export interface NavEntry {
  readonly path: string;
  readonly label: WebTextKey;
  readonly roles: readonly UserRole[];
}

/** What every template of a request needs: its language, user, CSRF token, where it is, the assets. */
export interface WebView {
  readonly t: Translate;
  readonly language: WebLanguage;
  /** The signed-in user, `null` on the sign-in page. */
  readonly user: AuthenticatedUser | null;
  /** The session's CSRF token: in every form (`_csrf`) and every htmx request (`X-CSRF-Token`). */
  readonly csrfToken: string | null;
  /** The request's path and query: the navigation marks its section, sign-in comes back to it. */
  readonly url: string;
  readonly assets: AdminAssets;
  readonly nav: readonly NavEntry[];
  /** An htmx request (`HX-Request`): a route may answer only the fragment it swaps. */
  readonly htmx: boolean;
}

const VIEW = 'webView';

export function setWebView(ctx: Context, view: WebView): void {
  ctx.state[VIEW] = view;
}

/** The request's view, set by the web admin's middleware before any page route runs. */
export function webView(ctx: Context): WebView {
  const view = ctx.state[VIEW] as WebView | undefined;
  if (!view) throw new Error('the web admin middleware did not run');
  return view;
}
