import type Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthReport, ReadinessReport } from '../../application/health/index.ts';
import type { HttpMetrics } from '../../infrastructure/metrics/http-metrics.ts';
import { type ApiFeature, apiRouter, underApi } from './api/index.ts';
import { type CurrentUsers, authenticate, csrfTokens } from './auth/index.ts';
import { errorHandler } from './error-handler.ts';
import type { IdempotencyKeyStore } from './idempotency/index.ts';
import { healthRoutes } from './health/index.ts';
import { metricsRoutes } from './metrics/index.ts';
import { type ApiRateLimits, rateLimit } from './rate-limit.ts';
import { requestContext } from './request-context.ts';
import { requestMetrics } from './request-metrics.ts';
import { httpsOrigin } from './https-origin.ts';
import { secureHeaders } from './secure-headers.ts';
import { trustedProxy } from './trusted-proxy.ts';

/**
 * Authentication of `/api/v1`: when the access tokens' HS256 key is given, so is where each token's user is
 * read (its current role, or disabled); without a key, requests have no user.
 */
export type HttpAppAuth =
  | { readonly jwtSecret: string; readonly currentUsers: CurrentUsers }
  | { readonly jwtSecret?: undefined; readonly currentUsers?: undefined };

export type HttpAppDeps = HttpAppBaseDeps & HttpAppAuth;

interface HttpAppBaseDeps {
  readonly logger: Logger;
  readonly version: string;
  readonly healthReport: () => Promise<HealthReport>;
  readonly readinessReport: () => Promise<ReadinessReport>;
  readonly metrics: Registry;
  readonly httpMetrics: HttpMetrics;
  readonly apiRateLimits: ApiRateLimits;
  /** The features' routes, installed under `/api/v1` (see `apiRouter`). */
  readonly features?: readonly ApiFeature[];
  /** Routes outside `/api/v1` and its authentication and rate limit (the Telegram webhook, its own secret). */
  readonly routers?: readonly Router[];
  /** The largest JSON body the API reads; 1 MiB by default. */
  readonly jsonLimitBytes?: number;
  /** Where `Idempotency-Key`s are bound to their first request (see `claimIdempotencyKey`). */
  readonly idempotencyKeys?: IdempotencyKeyStore;
  /** `PUBLIC_URL`: an https URL makes session cookies `Secure` and sends HSTS (see `reachedOverHttps`). */
  readonly publicUrl?: string | undefined;
  /** `HTTP_TRUST_PROXY`: the peers whose `X-Forwarded-*` headers are believed; none by default. */
  readonly trustProxy?: readonly string[];
}

/**
 * The Koa application. Outermost first: what a trusted proxy says of the client (address, https), request id
 * and access log, duration metrics (they see the status
 * sent), security headers, the error handler (every error answer becomes a problem), then the operations
 * routes (not rate limited: probes and scrapers) and the API.
 */
export function createHttpApp(deps: HttpAppDeps): Koa {
  const trustProxy = deps.trustProxy ?? [];
  // Koa believes X-Forwarded-* of every peer with `proxy`: `trustedProxy` deletes them from any other peer.
  const app = new Koa({ proxy: trustProxy.length > 0 });
  app.silent = true;
  if (trustProxy.length > 0) app.use(trustedProxy(trustProxy));
  app.use(httpsOrigin(deps.publicUrl));
  app.use(requestContext(deps.logger));
  app.use(requestMetrics(deps.httpMetrics));
  app.use(secureHeaders());
  app.use(errorHandler(deps.logger));
  install(app, healthRoutes({ health: deps.healthReport, readiness: deps.readinessReport }));
  install(app, metricsRoutes(deps.metrics));
  for (const router of deps.routers ?? []) install(app, router);

  // Authentication before the rate limit, which counts per user once `ctx.state.user` is set.
  if (deps.jwtSecret !== undefined) {
    const csrf = csrfTokens(deps.jwtSecret);
    app.use(underApi(authenticate(deps.jwtSecret, deps.currentUsers, csrf)));
  }
  app.use(underApi(rateLimit(deps.apiRateLimits, deps.logger)));
  const api = apiRouter({
    version: deps.version,
    ...(deps.jsonLimitBytes === undefined ? {} : { jsonLimitBytes: deps.jsonLimitBytes }),
    ...(deps.idempotencyKeys === undefined ? {} : { idempotencyKeys: deps.idempotencyKeys }),
    // Each feature's router, installed under /api/v1 with its paths relative to it.
    features: deps.features ?? [],
  });
  install(app, api);
  return app;
}

function install(app: Koa, router: Router): void {
  app.use(router.routes()).use(router.allowedMethods());
}
