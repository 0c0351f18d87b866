import type { Context, Middleware } from 'koa';
import type { HttpMetrics } from '../../infrastructure/metrics/http-metrics.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every request into `tbot_http_request_duration_seconds{method,route,status}`. Install it outside the
 * error handler, so that it sees the status actually sent.
 */
export function requestMetrics(metrics: HttpMetrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    let status: number | undefined;
    try {
      await next();
    } catch (error) {
      status = 500;
      throw error;
    } finally {
      const labels = {
        method: METHODS.has(ctx.method) ? ctx.method : 'OTHER',
        route: routeTemplate(ctx),
        status: String(status ?? ctx.status),
      };
      metrics.observeRequest(labels, (performance.now() - started) / 1000);
    }
  };
}

/** A layer of @koa/router, as it records on the context the layers whose path matched. */
interface MatchedLayer {
  readonly path: string | RegExp;
  readonly methods: readonly string[];
}

/**
 * The template of the route that answered (`/api/v1/audit/streams/:stream`), never the URL: labels must stay
 * few. Taken from every router's matches rather than `_matchedRoute`, which a router middleware that answers
 * early (415, 429) leaves at its own pattern. A path matched without its method (405) keeps the template;
 * no match at all is `unmatched`.
 */
export function routeTemplate(ctx: Context): string {
  const matched = ((ctx as { matched?: readonly MatchedLayer[] }).matched ?? []).filter(
    (layer) => layer.methods.length > 0,
  );
  const route = matched.findLast((layer) => layer.methods.includes(ctx.method)) ?? matched.at(-1);
  return route ? String(route.path) : 'unmatched';
}
