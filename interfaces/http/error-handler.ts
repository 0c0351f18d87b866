import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { loggableError } from '../../infrastructure/logging/index.ts';
import { type ProblemSpec, httpCode, problemFromError, writeProblem } from './problem.ts';

/**
 * Turns every error answer into an RFC 9457 problem: errors thrown by routes and middleware (mapped by
 * `problemFromError`, faults logged with the request's id), and error statuses set without a body (no route,
 * method not allowed).
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) writeProblem(ctx, bodilessProblem(ctx));
    } catch (error) {
      const problem = problemFromError(error);
      // Without the data a driver error quotes (a NUL's row, a duplicate key's value): see `loggableError`.
      if (problem.status >= 500) {
        logger.error({ err: loggableError(error), status: problem.status }, 'request failed');
      }
      // Too late to answer with a problem when a streamed body has begun; the client sees a cut response.
      if (ctx.headerSent) return;
      writeProblem(ctx, problem);
    }
  };
}

function bodilessProblem(ctx: Context): ProblemSpec {
  const { status } = ctx;
  const detail =
    status === 404
      ? `No route for ${ctx.method} ${ctx.path}`
      : status === 405
        ? `${ctx.method} is not allowed on ${ctx.path} (allowed: ${ctx.response.get('Allow')})`
        : ctx.message;
  return { status, code: httpCode(status), detail };
}
