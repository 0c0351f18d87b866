import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { withLogContext } from '../../infrastructure/logging/log-context.ts';
import { routeTemplate } from './request-metrics.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The path as the access log shows it: a route whose path carries a credential (`/monitoring/push/:token`)
 * shows its template, so the secret never reaches a log.
 */
function loggedPath(ctx: Context): string {
  const route = routeTemplate(ctx);
  return route.includes(':token') ? route : ctx.path;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, a new UUID otherwise), echoes it,
 * carries it through every log line written while handling the request, and logs one access line.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state['requestId'] = requestId;
    // For the routes that log (a committed write answered 202 after a failed read); lines carry the request id.
    ctx.state['logger'] = logger;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        logger.info(
          {
            method: ctx.method,
            path: loggedPath(ctx),
            status: ctx.status,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
          },
          'http request',
        );
      }
    });
  };
}
