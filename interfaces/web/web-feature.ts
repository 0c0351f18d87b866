import Router from '@koa/router';
import type { Context } from 'koa';
import type { UserRole } from '../../domain/users/index.ts';
import type { SafeHtml } from './jsx/jsx-runtime.ts';
import { PageForbidden, SignInRequired } from './web-refusals.ts';
import { type NavEntry, type WebView, webView } from './web-view.ts';

/** What a page route answers: the HTML to send, or nothing when it has answered itself (a redirect). */
export type PageHandler = (ctx: Context, view: WebView) => Promise<SafeHtml | void> | SafeHtml | void;

/** A section of the web admin: its routes, and the header's navigation entries for them. */
export interface WebFeature {
  readonly router: Router;
  readonly nav: readonly NavEntry[];
}

/** `'public'` (the sign-in page) or the roles that may open the page, as the API's `access`. */
export type PageAccess = 'public' | readonly UserRole[];

/** Sends `html` as the answer: a page or, to an htmx request, the fragment it swaps in. */
export function sendHtml(ctx: Context, html: SafeHtml, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html.html;
}

/** A parameter of the route's path (`:id`), as the router matched it; `undefined` when it has none. */
export function pathParam(ctx: Context, name: string): string | undefined {
  return (ctx as Context & { params?: Readonly<Record<string, string | undefined>> }).params?.[name];
}

/** Throws unless the request's user has one of `roles`: no user signs in first, another role is refused. */
export function requirePageRole(view: WebView, roles: readonly UserRole[]): void {
  if (!view.user) throw new SignInRequired();
  if (!roles.includes(view.user.role)) throw new PageForbidden();
}

/** Sends the browser to `location` after a write (303: the next request is a GET). htmx follows it too. */
export function redirectAfterPost(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

/**
 * Declares a section's pages, as `apiFeature` declares API routes: each route checks its access like the API
 * (same roles), then renders what its handler returns. Full paths (`/admin/employees/:id`).
 * @example
 * const pages = webFeature([{ path: '/admin/employees', label: 'navEmployees', roles: USER_ROLES }]);
 * pages.get('/admin/employees', USER_ROLES, async (ctx, view) => <EmployeesPage view={view} ... />);
 * return pages.feature;
 */
export function webFeature(nav: readonly NavEntry[] = []) {
  const router = new Router();
  const define =
    (method: 'get' | 'post') =>
    (path: string, access: PageAccess, handler: PageHandler): void => {
      router[method](path, async (ctx) => {
        const view = webView(ctx);
        if (access !== 'public') requirePageRole(view, access);
        const html = await handler(ctx, view);
        if (html !== undefined) sendHtml(ctx, html, ctx.status === 404 ? 200 : ctx.status);
      });
    };
  return { get: define('get'), post: define('post'), feature: { router, nav } satisfies WebFeature };
}
