import type { Context } from 'koa';
import { z } from 'zod';
import type { Auth, AuthSession } from '../../../application/auth/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { USER_ROLES } from '../../../domain/users/index.ts';
import { HttpProblem } from '../problem.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { REFRESH_COOKIE, clearSessionCookies, setSessionCookies, wantsCookies } from './auth-cookies.ts';
import { checkCsrf } from './authenticate.ts';
import type { CsrfTokens } from './csrf-tokens.ts';
import { currentUser } from './auth-state.ts';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(256) }).optional();

interface AuthRoutesDeps {
  readonly auth: Auth;
  readonly csrf: CsrfTokens;
}

/**
 * The refresh token of the body (programs) or, with its session's CSRF header, of the cookie (the web admin);
 * `null` without one, or for a cookie naming no session this node issued (nothing to refresh or revoke).
 */
async function refreshTokenOf(
  ctx: Context,
  deps: AuthRoutesDeps,
  body: z.output<typeof RefreshBody>,
): Promise<string | null> {
  if (body) return body.refreshToken;
  const cookie = ctx.cookies.get(REFRESH_COOKIE);
  if (!cookie) return null;
  // The session of the token as stored, spent ones too: a replayed spent token still revokes its family.
  const sessionId = await deps.auth.sessionOf(cookie);
  if (sessionId === null) return null;
  checkCsrf(ctx, deps.csrf, sessionId);
  return cookie;
}

function answer(ctx: Context, csrf: CsrfTokens, session: AuthSession, cookies: boolean): void {
  if (cookies) setSessionCookies(ctx, session, csrf.tokenFor(session.sessionId));
  ctx.set('Cache-Control', 'no-store');
  const { accessToken, refreshToken, expiresIn, user } = session;
  ctx.body = { accessToken, refreshToken, expiresIn, user };
}

const Role = z.enum(USER_ROLES);
const Me = z.object({ id: z.uuid(), username: z.string(), role: Role });
const Session = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('Seconds the access token is valid'),
  user: z.object({ userId: z.uuid(), username: z.string(), role: Role, disabled: z.boolean() }),
});
const COOKIE_NOTE =
  'With `?cookie=1` or `X-Auth-Mode: cookie` (the web admin) the tokens are also set as httpOnly SameSite=Strict cookies, with a ' +
  'CSRF cookie whose value cookie-authenticated writes send back as `X-CSRF-Token`. The CSRF token is bound to the ' +
  'session (an HMAC of its id), so a CSRF cookie set by anyone else is refused; it stays the same across refreshes.';

/** `/api/v1/auth`: login, refresh (rotating), logout, and who am I. */
export function authRoutes(deps: AuthRoutesDeps): ApiFeature {
  const auth = apiFeature('/auth', 'Auth');

  auth.post(
    '/login',
    {
      summary: 'Sign in with a user name and password',
      description: `Failed logins are slowed per user name and per IP (429 with Retry-After). ${COOKIE_NOTE}`,
      access: 'public',
      request: { body: LoginBody },
      responses: { 200: { description: 'A session', schema: Session } },
    },
    async (ctx, { body }) => {
      try {
        const session = await deps.auth.login(body.username, body.password, ctx.ip);
        answer(ctx, deps.csrf, session, wantsCookies(ctx));
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
    },
  );

  auth.post(
    '/refresh',
    {
      summary: 'Trade a refresh token for a new session (the old token is spent)',
      description:
        'The refresh token comes in the body, or (the web admin) in its cookie with the CSRF header. A spent ' +
        'token presented again revokes its whole family.',
      access: 'public',
      request: { body: RefreshBody },
      responses: { 200: { description: 'A new session', schema: Session } },
    },
    async (ctx, { body }) => {
      const token = await refreshTokenOf(ctx, deps, body);
      if (token === null) throw new DomainError('AUTH.UNAUTHENTICATED', 'Send a valid refresh token');
      const viaCookie = ctx.request.body === undefined;
      answer(ctx, deps.csrf, await deps.auth.refresh(token), viaCookie || wantsCookies(ctx));
    },
  );

  auth.post(
    '/logout',
    {
      summary: 'Revoke a refresh token and clear the session cookies',
      access: 'public',
      request: { body: RefreshBody },
      responses: { 204: { description: 'Signed out' } },
    },
    async (ctx, { body }) => {
      const token = await refreshTokenOf(ctx, deps, body);
      if (token !== null) await deps.auth.logout(token);
      clearSessionCookies(ctx);
      ctx.status = 204;
    },
  );

  auth.get(
    '/me',
    {
      summary: 'Who the token belongs to',
      access: USER_ROLES,
      responses: { 200: { description: 'The signed-in user', schema: Me } },
    },
    (ctx) => {
      ctx.body = currentUser(ctx);
    },
  );

  return auth.feature;
}
