import Router from '@koa/router';
import type { Registry } from 'prom-client';
import { renderMetrics } from '../../../infrastructure/metrics/index.ts';

/** `GET /metrics`: Prometheus exposition of the node's registry. */
export function metricsRoutes(registry: Registry): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    const { contentType, body } = await renderMetrics(registry);
    ctx.type = contentType;
    ctx.body = body;
  });
  return router;
}
