import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { CSRF_HEADER } from '../../http/auth/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { CSRF_FIELD } from '../components/csrf-field.tsx';

/** Far above any admin form; an upload (multipart) is its route's to read, bounded there. */
export const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a posted form (urlencoded) into `ctx.request.body`, and hands its `_csrf` field to the API's CSRF check
 * as the `X-CSRF-Token` header when the request has none (a form posted without htmx): one check, the API's.
 */
export function formBody(): Middleware {
  const parse = bodyParser({ enableTypes: ['form'], formLimit: `${FORM_LIMIT_BYTES}b`, encoding: 'utf-8' });
  return async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
      try {
        await parse(ctx, () => Promise.resolve());
      } catch (error) {
        const status = (error as { status?: unknown }).status === 413 ? 413 : 400;
        throw new HttpProblem({
          status,
          code: status === 413 ? 'HTTP.PAYLOAD_TOO_LARGE' : 'HTTP.BAD_REQUEST',
          detail: 'The form could not be read',
        });
      }
      const token = (ctx.request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (typeof token === 'string' && ctx.get(CSRF_HEADER) === '')
        ctx.request.headers[CSRF_HEADER.toLowerCase()] = token;
    }
    await next();
  };
}
