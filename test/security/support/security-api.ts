import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import type { UserRole } from '../../../domain/users/index.ts';
import type { ApiCall } from '../../support/api-call.ts';
import { type ServedApi, TEST_JWT_SECRET, startServedApi } from '../../support/served-api.ts';

// The security suite's served API: one per test file, with the rate limits out of the way (the suite sends a
// few thousand requests from one address; the limits have tests of their own), and its signed-in users.

/** A served API with high rate limits, `env` over them: call in `test.before`, `stop()` in `test.after.always`. */
export function startSecurityApi(env: Readonly<Record<string, string>> = {}): Promise<ServedApi> {
  return startServedApi({
    env: {
      API_RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      API_RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
      ...env,
    },
  });
}

/** A signed-in user of the served API: its id, name and access token. */
export interface SignedInUser {
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly token: string;
}

/** Creates a user of `role` through the API (as admin) and signs it in. */
export async function createSignedInUser(
  api: ServedApi,
  adminToken: string,
  role: UserRole,
  name = `sec-${role}`,
): Promise<SignedInUser> {
  const username = `${name}-${randomUUID().slice(0, 6)}`;
  const password = `${name}-passphrase-${randomUUID()}`;
  const created = await api.call('/users', { token: adminToken, body: { username, password, role } });
  if (created.status !== 201) throw new Error(`cannot create ${username}: ${created.status}`);
  const { userId } = (await created.json()) as { userId: string };
  const { accessToken } = await api.login(username, password);
  return { userId, username, password, token: accessToken };
}

const key = (secret: string) => new TextEncoder().encode(secret);

/**
 * Tokens that must authenticate no one, made from a real token's claims: signed with another key, expired,
 * without `exp`, and unsigned (`alg: none`).
 */
export async function badTokens(realToken: string): Promise<Record<string, string>> {
  const { exp: _exp, iat: _iat, ...claims } = decodeJwt(realToken);
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload: Record<string, unknown>, secret = TEST_JWT_SECRET) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key(secret));
  const unsigned = [
    Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ ...claims, iat: now, exp: now + 600 })).toString('base64url'),
    '',
  ].join('.');
  return {
    forged: await sign({ ...claims, iat: now, exp: now + 600 }, 'another-secret-0123456789-0123456789-xyz'),
    expired: await sign({ ...claims, iat: now - 7200, exp: now - 3600 }),
    'without exp': await sign({ ...claims, iat: now }),
    'alg none': unsigned,
  };
}

/** Runs `work` on every item with at most `limit` at a time (the node and PostgreSQL share two cores). */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * `/api/v1{path}` as `apiCall` sends it, but unchecked: a probe checks the answer itself
 * (`checkAgainstOpenApi`) so that one breach is one failure, not the end of the run.
 */
export function rawCall(baseUrl: string, path: string, options: ApiCall = {}): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  return fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}
