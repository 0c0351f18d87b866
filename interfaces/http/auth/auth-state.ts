import type { Context, Middleware } from 'koa';
import type { UserRole } from '../../../domain/users/index.ts';
import { HttpProblem } from '../problem.ts';

/** `ctx.state.user` of an authenticated request. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly role: UserRole;
  readonly username: string;
}

const ACCOUNT_DISABLED = 'authAccountDisabled';

/** Marks a request whose token is valid but whose user is disabled: it has no user, and says why. */
export function refuseDisabledAccount(ctx: Context): void {
  ctx.state[ACCOUNT_DISABLED] = true;
}

/** The request's user, or 401 (`AUTH.ACCOUNT_DISABLED` for a valid token of a disabled user). */
export function currentUser(ctx: Context): AuthenticatedUser {
  const user = ctx.state['user'] as AuthenticatedUser | undefined;
  if (!user && ctx.state[ACCOUNT_DISABLED] === true) {
    throw new HttpProblem({
      status: 401,
      code: 'AUTH.ACCOUNT_DISABLED',
      detail: 'This account is disabled: its tokens are no longer accepted',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  if (!user) {
    throw new HttpProblem({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
      detail: 'Sign in: send a valid access token as `Authorization: Bearer ...`',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  return user;
}

/** 401 without a valid token, 403 when the user's role is not one of `roles`. */
export function requireRole(...roles: readonly UserRole[]): Middleware {
  return async (ctx, next) => {
    const user = currentUser(ctx);
    if (!roles.includes(user.role)) {
      throw new HttpProblem({
        status: 403,
        code: 'AUTH.FORBIDDEN',
        detail: `This needs the role ${roles.join(' or ')}; you are ${user.role}`,
      });
    }
    await next();
  };
}
