import Koa from 'koa';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthReport } from '../../application/health/index.ts';
import { errorHandler } from './error-handler.ts';
import { healthRoutes } from './health/index.ts';
import { metricsRoutes } from './metrics/index.ts';
import { requestContext } from './request-context.ts';

export interface HttpAppDeps {
  readonly logger: Logger;
  readonly healthReport: () => Promise<HealthReport>;
  readonly metrics: Registry;
}

/** The Koa application: request context and errors first, then each feature's routes. */
export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  app.use(requestContext(deps.logger));
  app.use(errorHandler(deps.logger));
  const health = healthRoutes(deps.healthReport);
  app.use(health.routes()).use(health.allowedMethods());
  const metrics = metricsRoutes(deps.metrics);
  app.use(metrics.routes()).use(metrics.allowedMethods());
  return app;
}
