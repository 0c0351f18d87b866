import type { Middleware } from 'koa';
import { reachedOverHttps } from './https-origin.ts';

/** For JSON answers: nothing may load from them or frame them. An HTML page sets its own policy. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Security headers on every answer, error answers included (they are set before the request is handled, so
 * a route may override one, as an HTML page must for its CSP). HSTS whenever the browser reached the request
 * over https (`reachedOverHttps`: an https `PUBLIC_URL` or the connection); sent over plain HTTP it is ignored.
 */
export function secureHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set(HEADERS);
    if (reachedOverHttps(ctx)) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
    ctx.remove('X-Powered-By');
  };
}
