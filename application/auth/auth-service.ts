import { DomainError } from '../../domain/shared/index.ts';
import type {
  AccessTokenIssuer,
  LoginThrottle,
  PasswordHasher,
  RefreshTokenStore,
  UserDirectory,
  UserView,
} from '../ports/index.ts';

export interface AuthSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token is valid for. */
  readonly expiresIn: number;
  /** The session (claim `sid` of the access token): the same across refreshes, new at each login. */
  readonly sessionId: string;
  readonly user: UserView;
}

export interface AuthDeps {
  readonly users: UserDirectory;
  readonly hasher: PasswordHasher;
  readonly accessTokens: AccessTokenIssuer;
  readonly refreshTokens: RefreshTokenStore;
  readonly throttle: LoginThrottle;
}

export interface Auth {
  /** @throws {DomainError} `AUTH.UNAUTHENTICATED` (wrong name, password, or a disabled user), `AUTH.RATE_LIMITED`. */
  login(username: string, password: string, ip: string): Promise<AuthSession>;
  /** Rotates the refresh token. @throws {DomainError} `AUTH.UNAUTHENTICATED` */
  refresh(refreshToken: string): Promise<AuthSession>;
  /** Revokes the refresh token's family. */
  logout(refreshToken: string): Promise<void>;
  /** The session of a refresh token (spent or revoked ones too), `null` for one never issued. */
  sessionOf(refreshToken: string): Promise<string | null>;
}

const unauthenticated = (message = 'Wrong user name or password') =>
  new DomainError('AUTH.UNAUTHENTICATED', message);

/** Login, refresh and logout over the users read model and the token ports. */
export function makeAuth(deps: AuthDeps): Auth {
  const { users, hasher, accessTokens, refreshTokens, throttle } = deps;
  // Unknown names are verified against a real hash too, so that timing does not tell which names exist.
  let decoy: Promise<string> | undefined;

  const session = async (
    user: UserView,
    refresh: { readonly refreshToken: string; readonly sessionId: string },
  ): Promise<AuthSession> => ({
    accessToken: await accessTokens.issue({
      userId: user.userId,
      username: user.username,
      role: user.role,
      sessionId: refresh.sessionId,
    }),
    refreshToken: refresh.refreshToken,
    expiresIn: accessTokens.expiresInSeconds,
    sessionId: refresh.sessionId,
    user,
  });

  return {
    async login(username, password, ip) {
      const retryAfterMs = await throttle.blockedFor(username, ip);
      if (retryAfterMs !== null) {
        throw new DomainError('AUTH.RATE_LIMITED', 'Too many failed logins: try again later', {
          retryAfterMs,
        });
      }
      const user = await users.credentials(username);
      decoy ??= hasher.hash('decoy password never used');
      const ok = await hasher.verify(user?.passwordHash ?? (await decoy), password);
      if (!user || !ok || user.disabled) {
        await throttle.failed(username, ip);
        throw unauthenticated();
      }
      await throttle.succeeded(username, ip);
      const { passwordHash: _hidden, ...view } = user;
      return session(view, await refreshTokens.issue(user.userId));
    },

    async refresh(refreshToken) {
      const outcome = await refreshTokens.rotate(refreshToken);
      if (outcome.status !== 'rotated') throw unauthenticated('The refresh token is not valid');
      const user = await users.findById(outcome.userId);
      if (!user || user.disabled) {
        await refreshTokens.revoke(outcome.refreshToken);
        throw unauthenticated('The user is disabled');
      }
      return session(user, outcome);
    },

    logout: (refreshToken) => refreshTokens.revoke(refreshToken),
    sessionOf: (refreshToken) => refreshTokens.sessionOf(refreshToken),
  };
}
