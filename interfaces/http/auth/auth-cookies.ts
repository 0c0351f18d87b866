import type { Context } from 'koa';
import { API_PREFIX } from '../api/api-prefix.ts';
import { reachedOverHttps } from '../https-origin.ts';

/**
 * The web admin's cookies: the tokens (httpOnly) and the session's CSRF token (see `csrfTokens`), which its
 * script echoes in `X-CSRF-Token`.
 */
export const ACCESS_COOKIE = 'tbot_access';
export const REFRESH_COOKIE = 'tbot_refresh';
export const CSRF_COOKIE = 'tbot_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const REFRESH_PATH = `${API_PREFIX}/auth`;
const REFRESH_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** `?cookie=1` or `X-Auth-Mode: cookie`: the answer sets cookies (the web admin) instead of only a JSON body. */
export const wantsCookies = (ctx: Context): boolean =>
  ctx.query['cookie'] === '1' || ctx.get('X-Auth-Mode').toLowerCase() === 'cookie';

/**
 * Sets the session cookies: SameSite=Strict, httpOnly for the tokens, `Secure` whenever the browser reached
 * the request over https (an https `PUBLIC_URL`, or TLS up to the node or a trusted proxy). The refresh token
 * goes only to `/api/v1/auth`.
 */
export function setSessionCookies(
  ctx: Context,
  session: { accessToken: string; refreshToken: string; expiresIn: number },
  csrfToken: string,
): void {
  const secure = reachedOverHttps(ctx);
  // The cookies library refuses a Secure cookie on a connection it sees as plain: here TLS ended before us.
  if (secure) ctx.cookies.secure = true;
  const common = { sameSite: 'strict', secure, overwrite: true } as const;
  ctx.cookies.set(ACCESS_COOKIE, session.accessToken, {
    ...common,
    httpOnly: true,
    path: '/',
    maxAge: session.expiresIn * 1000,
  });
  ctx.cookies.set(REFRESH_COOKIE, session.refreshToken, {
    ...common,
    httpOnly: true,
    path: REFRESH_PATH,
    maxAge: REFRESH_MAX_AGE_MS,
  });
  ctx.cookies.set(CSRF_COOKIE, csrfToken, {
    ...common,
    httpOnly: false,
    path: '/',
    maxAge: REFRESH_MAX_AGE_MS,
  });
}

export function clearSessionCookies(ctx: Context): void {
  ctx.cookies.set(ACCESS_COOKIE, null, { path: '/' });
  ctx.cookies.set(REFRESH_COOKIE, null, { path: REFRESH_PATH });
  ctx.cookies.set(CSRF_COOKIE, null, { path: '/' });
}
