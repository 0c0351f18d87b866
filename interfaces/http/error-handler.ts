import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/**
 * The last line of defence: an error that escapes a route becomes an RFC 9457 problem without internals,
 * and is logged with the request's context. Routes map their expected errors themselves.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.type = 'application/problem+json';
        ctx.body = {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `No route for ${ctx.method} ${ctx.path}`,
        };
      }
    } catch (error) {
      const status = httpStatusOf(error);
      if (status >= 500) logger.error({ err: error }, 'request failed');
      ctx.status = status;
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: 'about:blank',
        title: status >= 500 ? 'Internal Server Error' : 'Request Error',
        status,
        ...(status < 500 && error instanceof Error ? { detail: error.message } : {}),
        requestId: ctx.state['requestId'] as string | undefined,
      };
    }
  };
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
