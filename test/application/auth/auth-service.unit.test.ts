import test from 'ava';
import { makeAuth } from '../../../application/auth/index.ts';
import type {
  LoginThrottle,
  PasswordHasher,
  RefreshOutcome,
  UserCredentials,
  UserDirectory,
} from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';

const anna: UserCredentials = {
  userId: 'a0000000-0000-4000-8000-000000000001',
  username: 'anna',
  role: 'operator',
  disabled: false,
  createdAt: '2026-11-24T12:00:00.000Z',
  updatedAt: '2026-11-24T12:00:00.000Z',
  passwordHash: 'hash:right-password',
};

/** Fakes recording what login asked of them. */
function setup(user: UserCredentials | null = anna, blockedFor: number | null = null) {
  const verified: string[] = [];
  const throttled: string[] = [];
  const hasher: PasswordHasher = {
    hash: (password) => Promise.resolve(`hash:${password}`),
    verify: (hash, password) => {
      verified.push(hash);
      return Promise.resolve(hash === `hash:${password}`);
    },
  };
  const users: UserDirectory = {
    list: () => Promise.resolve([]),
    findById: () => Promise.resolve(user),
    findByUsername: () => Promise.resolve(user),
    credentials: () => Promise.resolve(user),
    count: () => Promise.resolve(user ? 1 : 0),
  };
  const throttle: LoginThrottle = {
    blockedFor: () => Promise.resolve(blockedFor),
    failed: (username, ip) => Promise.resolve(void throttled.push(`failed ${username} ${ip}`)),
    succeeded: (username, ip) => Promise.resolve(void throttled.push(`ok ${username} ${ip}`)),
  };
  let rotation: RefreshOutcome = {
    status: 'rotated',
    userId: anna.userId,
    refreshToken: 'refresh-2',
    sessionId: 'session-1',
  };
  const revoked: string[] = [];
  const auth = makeAuth({
    users,
    hasher,
    throttle,
    accessTokens: {
      expiresInSeconds: 900,
      issue: (s) => Promise.resolve(`jwt:${s.userId}:${s.role}:${s.sessionId}`),
    },
    refreshTokens: {
      issue: () => Promise.resolve({ refreshToken: 'refresh-1', sessionId: 'session-1' }),
      sessionOf: () => Promise.resolve('session-1'),
      rotate: () => Promise.resolve(rotation),
      revoke: (token) => Promise.resolve(void revoked.push(token)),
      revokeAllOf: (userId) => Promise.resolve(void revoked.push(`all of ${userId}`)),
    },
  });
  return { auth, verified, throttled, revoked, rotate: (r: RefreshOutcome) => (rotation = r) };
}

test('logs in with the right password, without answering the hash', async (t) => {
  const { auth, throttled } = setup();
  const session = await auth.login('anna', 'right-password', '10.0.0.1');
  const { passwordHash: _hash, ...view } = anna;
  t.deepEqual(session, {
    accessToken: `jwt:${anna.userId}:operator:session-1`,
    refreshToken: 'refresh-1',
    expiresIn: 900,
    sessionId: 'session-1',
    user: view,
  });
  t.false('passwordHash' in session.user);
  t.deepEqual(throttled, ['ok anna 10.0.0.1']);
});

test('refuses a wrong password and counts the failure', async (t) => {
  const { auth, throttled } = setup();
  const error = await t.throwsAsync(auth.login('anna', 'wrong', '10.0.0.1'), { instanceOf: DomainError });
  t.is(error?.code, 'AUTH.UNAUTHENTICATED');
  t.deepEqual(throttled, ['failed anna 10.0.0.1']);
});

test('verifies a decoy hash for an unknown name, so timing tells nothing', async (t) => {
  const { auth, verified } = setup(null);
  const error = await t.throwsAsync(auth.login('nobody', 'x', '10.0.0.1'), { instanceOf: DomainError });
  t.is(error?.code, 'AUTH.UNAUTHENTICATED');
  t.is(verified.length, 1);
});

test('refuses a disabled user even with the right password', async (t) => {
  const { auth } = setup({ ...anna, disabled: true });
  const error = await t.throwsAsync(auth.login('anna', 'right-password', '10.0.0.1'), {
    instanceOf: DomainError,
  });
  t.is(error?.code, 'AUTH.UNAUTHENTICATED');
});

test('does not even check the password while throttled', async (t) => {
  const { auth, verified } = setup(anna, 60_000);
  const error = await t.throwsAsync(auth.login('anna', 'right-password', '10.0.0.1'), {
    instanceOf: DomainError,
  });
  t.is(error?.code, 'AUTH.RATE_LIMITED');
  t.deepEqual(error?.context, { retryAfterMs: 60_000 });
  t.deepEqual(verified, []);
});

test('refresh answers the rotated token; a reused or unknown one is refused', async (t) => {
  const { auth, rotate } = setup();
  t.like(await auth.refresh('refresh-1'), {
    refreshToken: 'refresh-2',
    expiresIn: 900,
    // The session goes on: the new access token names the family of the token presented.
    sessionId: 'session-1',
    accessToken: `jwt:${anna.userId}:operator:session-1`,
  });
  for (const outcome of [{ status: 'reused' }, { status: 'invalid' }] as const) {
    rotate(outcome);
    const error = await t.throwsAsync(auth.refresh('refresh-1'), { instanceOf: DomainError });
    t.is(error?.code, 'AUTH.UNAUTHENTICATED');
  }
});

test('refresh of a disabled user revokes the new token and refuses', async (t) => {
  const { auth, revoked } = setup({ ...anna, disabled: true });
  await t.throwsAsync(auth.refresh('refresh-1'), { instanceOf: DomainError });
  t.deepEqual(revoked, ['refresh-2']);
});
