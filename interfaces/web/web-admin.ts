import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import {
  type CsrfTokens,
  type CurrentUsers,
  type AuthenticatedUser,
  authenticate,
} from '../http/auth/index.ts';
import { type ApiRateLimits, rateLimit } from '../http/rate-limit.ts';
import type { AdminAssets } from './assets/admin-assets.ts';
import { assetsRouter } from './assets/assets-router.ts';
import { languageOf, translator } from './i18n/index.ts';
import { formBody } from './session/form-body.ts';
import { sameOriginWrites } from './session/same-origin-writes.ts';
import { middlewareChain } from './middleware-chain.ts';
import type { WebFeature } from './web-feature.ts';
import { PageNotFound } from './web-refusals.ts';
import { webErrors } from './web-errors.tsx';
import { webPageHeaders } from './web-page-headers.ts';
import { type NavEntry, setWebView, webView } from './web-view.ts';

export interface WebAdminDeps {
  readonly logger: Logger;
  readonly jwtSecret: string;
  readonly currentUsers: CurrentUsers;
  readonly csrf: CsrfTokens;
  /** The API's budgets, counted apart (`web-ip`, `web-user`): browsing the admin does not spend a script's. */
  readonly rateLimits: ApiRateLimits;
  readonly assets: AdminAssets;
  /** The language when the browser chose none: the bot's `bot.language` setting, read per request. */
  readonly defaultLanguage: () => unknown;
  /** The sections, in the header's order (sign-in first: it declares no navigation). */
  readonly features: readonly WebFeature[];
}

/** The view before authentication: language, assets, where; no user yet (error pages need it already). */
function baseView(deps: WebAdminDeps, nav: readonly NavEntry[]): Middleware {
  return async (ctx, next) => {
    const language = languageOf(ctx, deps.defaultLanguage());
    setWebView(ctx, {
      t: translator(language),
      language,
      user: null,
      csrfToken: null,
      url: ctx.url,
      assets: deps.assets,
      nav,
      htmx: ctx.get('HX-Request') === 'true',
    });
    await next();
  };
}

/** After authentication: the user (the API's `authenticate` set it) and their session's CSRF token. */
function userView(csrf: CsrfTokens): Middleware {
  return async (ctx, next) => {
    const user = (ctx.state['user'] as AuthenticatedUser | undefined) ?? null;
    const sessionId = (ctx.state['jwt'] as { sid?: unknown } | undefined)?.sid;
    setWebView(ctx, {
      ...webView(ctx),
      user,
      csrfToken: user && typeof sessionId === 'string' ? csrf.tokenFor(sessionId) : null,
    });
    await next();
  };
}

// A section's routes as a plain step: the chain runs inside a route, whose context has the router's fields.
const routesOf = (feature: WebFeature) => feature.router.routes() as unknown as Middleware;

/**
 * The web admin under `/admin` (and `/` sending there), as routers for `createHttpApp`'s `routers`: the
 * hashed assets, then every page behind one chain: headers (CSP), HTML errors, same-origin writes, the form
 * body (its `_csrf` field becomes the CSRF header), the API's own authentication and CSRF check, the API's rate
 * limit, the view. Pages then call the application layer as the API's routes do.
 */
export function webAdminRouters(deps: WebAdminDeps): Router[] {
  const nav = deps.features.flatMap((feature) => feature.nav);
  const pages = new Router();
  pages.get('/', (ctx) => ctx.redirect('/admin'));
  const chain: Middleware[] = [
    webPageHeaders(),
    baseView(deps, nav),
    webErrors(deps.logger),
    sameOriginWrites(),
    formBody(),
    authenticate(deps.jwtSecret, deps.currentUsers, deps.csrf),
    rateLimit(deps.rateLimits, deps.logger),
    userView(deps.csrf),
  ];
  const notFound: Middleware = () => {
    throw new PageNotFound();
  };
  const handle = middlewareChain([...chain, ...deps.features.map(routesOf), notFound]);
  pages.all('/admin', handle);
  pages.all('/admin/{*rest}', handle);
  return [assetsRouter(deps.assets), pages];
}
