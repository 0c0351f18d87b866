import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Auth, AuthSession } from '../../../application/auth/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { HttpProblem } from '../problem.ts';
import { parseRequest } from '../request-input.ts';
import { REFRESH_COOKIE, clearSessionCookies, setSessionCookies, wantsCookies } from './auth-cookies.ts';
import { checkCsrf } from './authenticate.ts';
import { currentUser } from './auth-state.ts';

const LoginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(256) }).optional();

/** The refresh token of the body (programs) or, with its CSRF header, of the cookie (the web admin). */
function refreshTokenOf(ctx: Context): string | null {
  const { body } = parseRequest(ctx, { body: RefreshBody });
  if (body) return body.refreshToken;
  const cookie = ctx.cookies.get(REFRESH_COOKIE);
  if (!cookie) return null;
  checkCsrf(ctx);
  return cookie;
}

function answer(ctx: Context, session: AuthSession, cookies: boolean): void {
  if (cookies) setSessionCookies(ctx, session);
  ctx.set('Cache-Control', 'no-store');
  const { accessToken, refreshToken, expiresIn, user } = session;
  ctx.body = { accessToken, refreshToken, expiresIn, user };
}

/** `/api/v1/auth`: login, refresh (rotating), logout, and who am I. */
export function authRoutes(deps: { readonly auth: Auth }): Router {
  const router = new Router({ prefix: '/auth' });

  router.post('/login', async (ctx) => {
    const { body } = parseRequest(ctx, { body: LoginBody });
    try {
      answer(ctx, await deps.auth.login(body.username, body.password, ctx.ip), wantsCookies(ctx));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'AUTH.RATE_LIMITED') {
        const seconds = Math.max(1, Math.ceil(Number(error.context['retryAfterMs']) / 1000));
        throw new HttpProblem({
          status: 429,
          code: error.code,
          detail: `Too many failed logins: retry in ${seconds} s`,
          headers: { 'Retry-After': String(seconds) },
        });
      }
      throw error;
    }
  });

  router.post('/refresh', async (ctx) => {
    const token = refreshTokenOf(ctx);
    if (token === null) throw new DomainError('AUTH.UNAUTHENTICATED', 'Send the refresh token');
    const viaCookie = ctx.request.body === undefined;
    answer(ctx, await deps.auth.refresh(token), viaCookie || wantsCookies(ctx));
  });

  router.post('/logout', async (ctx) => {
    const token = refreshTokenOf(ctx);
    if (token !== null) await deps.auth.logout(token);
    clearSessionCookies(ctx);
    ctx.status = 204;
  });

  router.get('/me', (ctx) => {
    ctx.body = currentUser(ctx);
  });

  return router;
}
