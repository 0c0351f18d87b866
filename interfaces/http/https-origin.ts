import type { Context, Middleware } from 'koa';

const HTTPS_ORIGIN = 'httpsOrigin';

/**
 * Whether the browser reached this request over https: `PUBLIC_URL` is an https URL (TLS ends at a proxy in
 * front of the node), or the connection itself, or a trusted proxy's `X-Forwarded-Proto`, says so. Session
 * cookies are `Secure` and HSTS is sent exactly then.
 */
export function reachedOverHttps(ctx: Context): boolean {
  return ctx.state[HTTPS_ORIGIN] === true || ctx.secure;
}

/** Marks every request as reached over https when `publicUrl` (`PUBLIC_URL`) is an https URL. */
export function httpsOrigin(publicUrl: string | undefined): Middleware {
  const https = publicUrl !== undefined && new URL(publicUrl).protocol === 'https:';
  return async (ctx, next) => {
    if (https) ctx.state[HTTPS_ORIGIN] = true;
    await next();
  };
}
