import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Binds a cookie session's CSRF token to the session: only the server can make the token of a session. */
export interface CsrfTokens {
  /** The CSRF token of the session `sessionId` (the access token's `sid`). */
  tokenFor(sessionId: string): string;
  /** Whether `token` is the session's CSRF token (compared in constant time). */
  matches(sessionId: string, token: string): boolean;
}

// A label of its own: the key never equals the JWT key, so a CSRF token is no HMAC usable as a signature.
const KEY_LABEL = 'tbot csrf token v1';

/**
 * CSRF tokens as HMAC-SHA256 of the session id, under a key derived (HKDF-SHA256) from the access tokens'
 * secret: every node that accepts the session's access token computes the same token, nothing is stored, and a
 * token chosen by an attacker (a planted `tbot_csrf` cookie echoed in the header) matches no session.
 */
export function csrfTokens(jwtSecret: string): CsrfTokens {
  const key = Buffer.from(hkdfSync('sha256', jwtSecret, '', KEY_LABEL, 32));
  const tokenFor = (sessionId: string) => createHmac('sha256', key).update(sessionId).digest('base64url');
  return {
    tokenFor,
    matches(sessionId, token) {
      const expected = Buffer.from(tokenFor(sessionId));
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
