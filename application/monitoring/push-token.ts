import { createHash, createHmac, randomBytes } from 'node:crypto';

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

/**
 * The push token of a check made by a command with an idempotency key: an HMAC of the key and the check under
 * the node's shared secret, so that a retried command (its first answer lost) answers the same token. Without
 * the secret, the key alone (which a client chooses and may log) tells nothing of the token.
 */
export function derivedPushToken(secret: string, idempotencyKey: string, checkId: string): PushToken {
  const token = createHmac('sha256', secret)
    .update(`tbot.monitoring.push-token\u0000${idempotencyKey}\u0000${checkId}`)
    .digest('base64url');
  return { token, digest: pushTokenDigest(token) };
}
