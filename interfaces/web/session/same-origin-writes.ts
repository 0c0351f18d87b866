import type { Middleware } from 'koa';
import { HttpProblem } from '../../http/problem.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a write that a browser says came from another site (`Sec-Fetch-Site`, else `Origin` against the
 * request's host), before anything reads it: the CSRF token is the defence; this also covers the sign-in form,
 * which has no session yet (login CSRF).
 */
export function sameOriginWrites(): Middleware {
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method)) {
      const site = ctx.get('Sec-Fetch-Site');
      const origin = ctx.get('Origin');
      const crossSite =
        site !== ''
          ? site === 'cross-site' || site === 'same-site'
          : origin !== '' && originHost(origin) !== ctx.host;
      if (crossSite) {
        throw new HttpProblem({
          status: 403,
          code: 'AUTH.CSRF_FORBIDDEN',
          detail: 'A write from another site is refused',
        });
      }
    }
    await next();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
