import Router from '@koa/router';
import type { Middleware } from 'koa';
import { jsonBody } from '../json-body.ts';

export const API_PREFIX = '/api/v1';

export interface ApiRouterDeps {
  readonly version: string;
  /** See `jsonBody`; 1 MiB by default. */
  readonly jsonLimitBytes?: number;
  /** Each feature's router (one per feature, as `auditRoutes(deps)`), its paths relative to `/api/v1`. */
  readonly features: readonly Router[];
}

/**
 * `/api/v1`: JSON bodies for every route, `GET /api/v1` (what answers), then the features' routers. A
 * feature's route reads its input with `parseRequest(ctx, { params, query, body })` and throws `DomainError`s
 * or `HttpProblem`s: the error handler answers them.
 */
export function apiRouter(deps: ApiRouterDeps): Router {
  const api = new Router({ prefix: API_PREFIX });
  api.use(deps.jsonLimitBytes === undefined ? jsonBody() : jsonBody({ limitBytes: deps.jsonLimitBytes }));
  api.get('/', (ctx) => {
    ctx.body = { name: 'tbot', version: deps.version };
  });
  for (const feature of deps.features) api.use(feature.routes(), feature.allowedMethods());
  return api;
}

/**
 * Runs `middleware` for every request under `/api/v1`, routes or not (a router's own middleware runs only
 * when one of its routes matches: an unknown path must still spend from the rate limit).
 */
export function underApi(middleware: Middleware): Middleware {
  return async (ctx, next) => {
    if (ctx.path === API_PREFIX || ctx.path.startsWith(`${API_PREFIX}/`)) await middleware(ctx, next);
    else await next();
  };
}
