import { createSecretKey } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import koaJwt from 'koa-jwt';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../../application/ports/index.ts';
import { accessTokenClaims } from './access-token-claims.ts';
import { HttpProblem } from '../problem.ts';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './auth-cookies.ts';
import type { CsrfTokens } from './csrf-tokens.ts';
import { type AuthenticatedUser, refuseDisabledAccount } from './auth-state.ts';
import type { CurrentUsers } from './current-users.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The bearer token, else the access cookie (remembered: cookie-authenticated writes need the CSRF header). */
function tokenOf(ctx: Context): string | null {
  const header = ctx.get('Authorization');
  if (header !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ?? null;
  }
  const cookie = ctx.cookies.get(ACCESS_COOKIE);
  if (cookie) ctx.state['authVia'] = 'cookie';
  return cookie ?? null;
}

/**
 * Refuses a cookie-authenticated write whose `X-CSRF-Token` is not the CSRF token of its session (`sessionId`,
 * `null` for none). The token is derived from the session, not compared with the CSRF cookie: a cookie an
 * attacker planted (a sibling subdomain can) and echoed in the header is no session's token.
 */
export function checkCsrf(ctx: Context, csrf: CsrfTokens, sessionId: string | null): void {
  if (SAFE_METHODS.has(ctx.method)) return;
  const header = ctx.get(CSRF_HEADER);
  if (sessionId === null || header === '' || !csrf.matches(sessionId, header)) {
    throw new HttpProblem({
      status: 403,
      code: 'AUTH.CSRF_FORBIDDEN',
      detail: `A write authenticated by cookie needs the ${CSRF_HEADER} header equal to the ${CSRF_COOKIE} cookie its login set`,
    });
  }
}

/**
 * Verifies the access token (koa-jwt, HS256 only: `alg: none` and RS/HS confusion are refused; `iss`, `aud`,
 * `sub`, `sid`, `iat` and `exp` required, see `accessTokenClaims`), then reads its
 * user from `users` and puts `{ id, role, username }` on `ctx.state.user` with the user's *current* role: a
 * demotion applies to the next request, and a disabled or unknown user's token authenticates no one (within
 * the cache's TTL on other nodes, see `cachedCurrentUsers`). A request without a valid token passes on without
 * a user: routes that need one say so with `requireRole`, which answers 401. Every answer to a request with a
 * credential is `Cache-Control: no-store`.
 */
export function authenticate(secret: string, users: CurrentUsers, csrf: CsrfTokens): Middleware {
  // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public key on every
  // request (measured: ~11% of the CPU of an authenticated read) before falling back to a shared secret.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const verify: Middleware = koaJwt({
    secret: key as unknown as Buffer,
    algorithms: ['HS256'],
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
    key: 'jwt',
    passthrough: true,
    getToken: tokenOf,
  });
  return async (ctx, next) => {
    // Whatever a request with a credential is answered (data, or an error naming the user) is that user's:
    // no browser or proxy cache may keep it. Set first, so that error answers carry it too.
    if (ctx.get('Authorization') !== '' || ctx.cookies.get(ACCESS_COOKIE)) {
      ctx.set('Cache-Control', 'no-store');
    }
    await verify(ctx, async () => {
      // The claims still say it is one of our access tokens; only the user id is taken from them.
      const claims = accessTokenClaims(ctx.state['jwt'], Math.floor(Date.now() / 1000));
      if (claims) {
        const current = await users.find(claims.sub);
        if (current?.disabled === true) refuseDisabledAccount(ctx);
        else if (current) {
          const user: AuthenticatedUser = {
            id: current.userId,
            role: current.role,
            username: current.username,
          };
          ctx.state['user'] = user;
          if (ctx.state['authVia'] === 'cookie') checkCsrf(ctx, csrf, claims.sid);
        }
      }
      await next();
    });
  };
}
