import type { UserRole } from '../../domain/users/index.ts';

/** Who an access token speaks for. */
export interface TokenSubject {
  readonly userId: string;
  readonly username: string;
  readonly role: UserRole;
  /** The session the token belongs to (claim `sid`): its refresh-token family, kept across refreshes. */
  readonly sessionId: string;
}

/**
 * Who signs access tokens and for whom: a verifier refuses a token that does not name both, so that a token
 * HS256-signed with the same key for another purpose is not taken for an access token.
 */
export const ACCESS_TOKEN_ISSUER = 'tbot';
export const ACCESS_TOKEN_AUDIENCE = 'tbot-api';

/** Signs short-lived access tokens (JWT HS256: claims `sub`, `role`, `username`, `sid`, `iss`, `aud`, `iat`, `exp`). */
export interface AccessTokenIssuer {
  readonly expiresInSeconds: number;
  issue(subject: TokenSubject): Promise<string>;
}

/** What presenting a refresh token led to. */
export type RefreshOutcome =
  | {
      readonly status: 'rotated';
      readonly userId: string;
      readonly refreshToken: string;
      /** The family of the token presented and of the new one: the session goes on. */
      readonly sessionId: string;
    }
  /** A revoked token came back: it was stolen or replayed, and its whole family is now revoked. */
  | { readonly status: 'reused' }
  | { readonly status: 'invalid' };

/** A new refresh token, and the session (its family id) it starts. */
export interface IssuedRefreshToken {
  readonly refreshToken: string;
  readonly sessionId: string;
}

/**
 * Opaque refresh tokens (256 random bits), stored hashed. Each use rotates: the token presented is revoked and
 * a new one of the same family issued.
 */
export interface RefreshTokenStore {
  /** A new token, the first of a new family. */
  issue(userId: string): Promise<IssuedRefreshToken>;
  rotate(refreshToken: string): Promise<RefreshOutcome>;
  /** The session (family id) of a token this store issued, spent or revoked ones included; `null` if unknown. */
  sessionOf(refreshToken: string): Promise<string | null>;
  /** Revokes the token's whole family; unknown tokens are ignored. */
  revoke(refreshToken: string): Promise<void>;
  /** Revokes every token of the user (disabled, or a password reset): each session must log in again. */
  revokeAllOf(userId: string): Promise<void>;
}

/** Slows password guessing: by user name and client address together, and by address alone. */
export interface LoginThrottle {
  /** Milliseconds until another attempt is allowed, `null` when it is allowed now. */
  blockedFor(username: string, ip: string): Promise<number | null>;
  failed(username: string, ip: string): Promise<void>;
  succeeded(username: string, ip: string): Promise<void>;
}
