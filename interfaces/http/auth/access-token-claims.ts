import { type UserRole, isUserRole } from '../../../domain/users/index.ts';

/** What a verified access token must carry to speak for anyone. */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly role: UserRole;
  readonly username: string;
  /** The session (refresh-token family): what a cookie session's CSRF token is bound to. */
  readonly sid: string;
  readonly iat: number;
  readonly exp: number;
}

/** A token may be issued this far in the future of this node's clock (nodes' clocks drift a little). */
const ISSUED_AT_SKEW_SECONDS = 60;

/**
 * The claims of a token whose signature, `iss`, `aud` and `exp` (when present) the verifier has checked, or
 * `null` when one that every access token we issue carries is missing: a token without `exp` would never
 * expire, one without `iat` or issued in the future cannot be ours.
 */
export function accessTokenClaims(decoded: unknown, nowSeconds: number): AccessTokenClaims | null {
  if (typeof decoded !== 'object' || decoded === null) return null;
  const { sub, role, username, sid, iat, exp } = decoded as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '' || !isUserRole(role) || typeof username !== 'string') return null;
  if (typeof sid !== 'string' || sid === '') return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) return null;
  if (typeof iat !== 'number' || !Number.isFinite(iat) || iat > nowSeconds + ISSUED_AT_SKEW_SECONDS)
    return null;
  return { sub, role, username, sid, iat, exp };
}
