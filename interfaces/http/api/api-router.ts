import Router from '@koa/router';
import type { Middleware } from 'koa';
import { type IdempotencyKeyStore, idempotencyKeyStore } from '../idempotency/index.ts';
import { jsonBody } from '../json-body.ts';
import { openApiDocument } from '../openapi/index.ts';
import { aboutFeature } from './about-feature.ts';
import { API_PREFIX } from './api-prefix.ts';
import type { ApiFeature } from './api-feature.ts';

export interface ApiRouterDeps {
  readonly version: string;
  /** See `jsonBody`; 1 MiB by default. */
  readonly jsonLimitBytes?: number;
  /** Each feature's routes (one per feature, as `auditRoutes(deps)`), their paths relative to `/api/v1`. */
  readonly features: readonly ApiFeature[];
  /** Where `Idempotency-Key`s are bound to their first request; without it, a key is scoped by its request. */
  readonly idempotencyKeys?: IdempotencyKeyStore;
}

/**
 * `/api/v1`: JSON bodies for every route, the about and documentation routes, then the features' routes. A
 * feature declares each route with `apiFeature(...)`: the route's zod schemas both validate its input and
 * describe it in `/api/v1/openapi.json`, so the two cannot drift; the route throws `DomainError`s or
 * `HttpProblem`s and the error handler answers them.
 */
export function apiRouter(deps: ApiRouterDeps): Router {
  const api = new Router({ prefix: API_PREFIX });
  api.use(deps.jsonLimitBytes === undefined ? jsonBody() : jsonBody({ limitBytes: deps.jsonLimitBytes }));
  if (deps.idempotencyKeys) api.use(idempotencyKeyStore(deps.idempotencyKeys));
  const features = [aboutFeature(deps.version, () => document), ...deps.features];
  const document = openApiDocument(
    { version: deps.version },
    features.flatMap((feature) =>
      feature.operations.map((op) => ({
        ...op,
        path: op.path === '/' ? API_PREFIX : `${API_PREFIX}${op.path}`,
      })),
    ),
  );
  for (const { router } of features) api.use(router.routes(), router.allowedMethods());
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
