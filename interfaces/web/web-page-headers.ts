import type { Middleware } from 'koa';

/**
 * The admin pages' policy: scripts, styles and connections from this origin only (no inline script or style,
 * no eval: htmx is configured without them), images also as `data:` (Pico's icons), forms post only here, and
 * nothing frames the pages.
 */
export const ADMIN_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Page answers: the policy above; never cached (they show one user's data); htmx's caches vary by its header. */
export function webPageHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', ADMIN_CONTENT_SECURITY_POLICY);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Vary', 'HX-Request');
    await next();
  };
}
