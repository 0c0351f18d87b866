import { SignJWT } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  type AccessTokenIssuer,
} from '../../application/ports/index.ts';

/** 15 minutes: short enough that a disabled user or a new role takes effect soon without a revocation list. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Signs HS256 access tokens with `secret` (claims `sub`, `role`, `username`, `sid`, `iss`, `aud`, `iat`, `exp`). */
export function jwtAccessTokens(secret: string, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): AccessTokenIssuer {
  const key = new TextEncoder().encode(secret);
  return {
    expiresInSeconds: ttlSeconds,
    issue: (subject) =>
      new SignJWT({ role: subject.role, username: subject.username, sid: subject.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject.userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
}
