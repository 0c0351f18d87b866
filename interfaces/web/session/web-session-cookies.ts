import type { Context } from 'koa';
import type { AuthSession } from '../../../application/auth/index.ts';
import {
  CSRF_COOKIE,
  REFRESH_COOKIE,
  type CsrfTokens,
  clearSessionCookies,
  setSessionCookies,
} from '../../http/auth/index.ts';
import { reachedOverHttps } from '../../http/https-origin.ts';

/**
 * The web admin's copy of the refresh token, sent only to `/admin/session/*` (refresh and sign-out): the API's
 * copy goes only to `/api/v1/auth`, which a page's form cannot reach with the CSRF header.
 */
export const WEB_SESSION_PATH = '/admin/session';
const REFRESH_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** The API's session cookies (HttpOnly, SameSite=Strict, Secure behind TLS) plus the web admin's refresh copy. */
export function setWebSessionCookies(ctx: Context, session: AuthSession, csrf: CsrfTokens): void {
  setSessionCookies(ctx, session, csrf.tokenFor(session.sessionId));
  ctx.cookies.set(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: reachedOverHttps(ctx),
    overwrite: true,
    path: WEB_SESSION_PATH,
    maxAge: REFRESH_MAX_AGE_MS,
  });
}

export function clearWebSessionCookies(ctx: Context): void {
  clearSessionCookies(ctx);
  ctx.cookies.set(REFRESH_COOKIE, null, { path: WEB_SESSION_PATH });
}

/** Whether the browser had a session (its CSRF cookie outlives the access token): an expiry, not a stranger. */
export const hadSession = (ctx: Context): boolean => Boolean(ctx.cookies.get(CSRF_COOKIE));

/** The web admin's refresh token (sent only under {@link WEB_SESSION_PATH}). */
export const webRefreshToken = (ctx: Context): string | undefined => ctx.cookies.get(REFRESH_COOKIE);
