import { createHash, randomBytes } from 'node:crypto';

/** A push check's secret: shown once to whoever made the check; only its digest is stored. */
export interface PushToken {
  readonly token: string;
  /** SHA-256 of the token, hex: what the push URL's token is compared against. */
  readonly digest: string;
}

export const pushTokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new push token: 32 random bytes, URL-safe. */
export function newPushToken(): PushToken {
  const token = randomBytes(32).toString('base64url');
  return { token, digest: pushTokenDigest(token) };
}
