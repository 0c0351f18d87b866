import Router from '@koa/router';
import type { HealthReport } from '../../../application/health/index.ts';

/** `GET /health`: liveness with version, uptime and dependency status; 200 while the process answers. */
export function healthRoutes(report: () => Promise<HealthReport>): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await report();
  });
  return router;
}
