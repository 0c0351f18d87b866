import Router from '@koa/router';
import type { HealthReport, ReadinessReport } from '../../../application/health/index.ts';

export interface HealthRoutesDeps {
  readonly health: () => Promise<HealthReport>;
  readonly readiness: () => Promise<ReadinessReport>;
}

/**
 * `GET /health`: liveness with version, uptime and dependency status; 200 while the process answers.
 * `GET /ready`: readiness; 200 `ready`, or 503 `not_ready` with the reasons (load balancers route around it).
 */
export function healthRoutes(deps: HealthRoutesDeps): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deps.health();
  });
  router.get('/ready', async (ctx) => {
    const report = await deps.readiness();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.status === 'ready' ? 200 : 503;
    ctx.body = report;
  });
  return router;
}
