import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { SignJWT } from 'jose';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, adminToken, call, login, startServedApi } from '../../support/served-api.ts';

// `tbot serve`: an access token speaks for its user as the users read model has them now, not as they were
// when it was signed. A disabled user's token stops working, a demoted user's token loses the role, and a
// re-enabled user's token works again.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

const JWT_SECRET = 'e2e-revocation-secret-0123456789-abcdef';

test.before(async (t) => {
  t.context.api = await startServedApi({ env: { AUTH_JWT_SECRET: JWT_SECRET } });
});

test.after.always((t) => t.context.api?.stop());

/** Creates a user through the API and logs them in. */
async function signedInUser(t: T, username: string, role: string) {
  const password = `${username}-passphrase-1`;
  const created = await call(t, '/users', {
    token: await adminToken(t),
    body: { username, password, role },
  });
  t.is(created.status, 201);
  const { userId } = (await created.json()) as { userId: string };
  return { userId, session: await login(t, username, password) };
}

/** The answer to `path` with `token` once its status is `status` (the last answer if it never is). */
async function answerOnce(t: T, path: string, token: string, status: number): Promise<Response> {
  let last: Response | undefined;
  await eventually(async () => {
    last = await call(t, path, { token });
    return last.status === status;
  });
  if (!last) throw new Error(`no answer from ${path}`);
  return last;
}

test("a disabled user's unexpired access token is refused, and so is the refresh token", async (t) => {
  const { userId, session } = await signedInUser(t, 'leaver', 'operator');
  t.is((await call(t, '/auth/me', { token: session.accessToken })).status, 200);

  const disabled = await call(t, `/users/${userId}/disable`, { token: await adminToken(t), body: {} });
  t.is(disabled.status, 200);

  const refused = await answerOnce(t, '/auth/me', session.accessToken, 401);
  t.is(refused.status, 401);
  t.like(await refused.json(), { code: 'AUTH.ACCOUNT_DISABLED' });
  t.is((await call(t, '/audit', { token: session.accessToken })).status, 401);
  const refresh = await call(t, '/auth/refresh', { body: { refreshToken: session.refreshToken } });
  t.is(refresh.status, 401);
  t.like(await refresh.json(), { code: 'AUTH.UNAUTHENTICATED' });
});

test("a re-enabled user's unexpired access token works again at once; the refresh token stays revoked", async (t) => {
  const { userId, session } = await signedInUser(t, 'returner', 'operator');
  const admin = await adminToken(t);
  const enable = (headers: Record<string, string> = {}) =>
    call(t, `/users/${userId}/enable`, { token: admin, body: {}, headers });

  t.is((await call(t, `/users/${userId}/disable`, { token: admin, body: {} })).status, 200);
  const refused = await answerOnce(t, '/auth/me', session.accessToken, 401);
  t.like(await refused.json(), { code: 'AUTH.ACCOUNT_DISABLED' });
  // The refresh token is not presented while the user is disabled: the disable itself revoked it.
  const refresh = () => call(t, '/auth/refresh', { body: { refreshToken: session.refreshToken } });

  const headers = { 'Idempotency-Key': `enable-${randomUUID()}` };
  const enabled = await enable(headers);
  t.is(enabled.status, 200);
  t.like(await enabled.json(), { userId, disabled: false });
  // This node forgot the user when the write returned: no waiting, the very next request is accepted.
  const me = await call(t, '/auth/me', { token: session.accessToken });
  t.is(me.status, 200);
  t.like(await me.json(), { id: userId, role: 'operator' });

  const retried = await enable(headers);
  t.is(retried.status, 200);
  t.like(await retried.json(), { userId, disabled: false });
  const again = await enable();
  t.is(again.status, 422);
  t.like(await again.json(), { code: 'USER.ALREADY_ENABLED' });

  // The disable revoked every refresh token of the user: enabling brings none back, the user signs in again.
  const stale = await refresh();
  t.is(stale.status, 401);
  t.like(await stale.json(), { code: 'AUTH.UNAUTHENTICATED' });
  const fresh = await login(t, 'returner', 'returner-passphrase-1');
  t.is((await call(t, '/auth/me', { token: fresh.accessToken })).status, 200);
  t.is((await call(t, '/auth/refresh', { body: { refreshToken: fresh.refreshToken } })).status, 200);

  // The audit log says who enabled the user; its projection follows the log, so wait for the row.
  const enabledBy = await eventually(async () => {
    const audit = await call(t, `/audit?stream=user-${userId}&type=UserEnabled`, { token: admin });
    const { items } = (await audit.json()) as { items: { actor: object }[] };
    return items[0];
  });
  t.like(enabledBy, { actor: { kind: 'admin', name: 'admin' } });
});

test('a password reset signs the user out: the refresh token is refused, the new password logs in', async (t) => {
  const { userId, session } = await signedInUser(t, 'forgetful', 'viewer');
  const admin = await adminToken(t);
  const reset = await call(t, `/users/${userId}/password`, {
    token: admin,
    body: { password: 'a-brand-new-passphrase' },
  });
  t.is(reset.status, 200);
  const refresh = await call(t, '/auth/refresh', { body: { refreshToken: session.refreshToken } });
  t.is(refresh.status, 401);
  const fresh = await login(t, 'forgetful', 'a-brand-new-passphrase');
  t.is((await call(t, '/auth/refresh', { body: { refreshToken: fresh.refreshToken } })).status, 200);
});

test('enabling is for admins, and for users that exist', async (t) => {
  const { userId, session } = await signedInUser(t, 'not-an-admin', 'operator');
  const own = await call(t, `/users/${userId}/enable`, { token: session.accessToken, body: {} });
  t.is(own.status, 403);
  const unknown = await call(t, `/users/${randomUUID()}/enable`, { token: await adminToken(t), body: {} });
  t.is(unknown.status, 404);
  t.like(await unknown.json(), { code: 'USER.NOT_FOUND' });
});

test("a demoted admin's old token loses the admin routes; promoted back, it has them again", async (t) => {
  const { userId, session } = await signedInUser(t, 'demoted-admin', 'admin');
  t.is((await call(t, '/users', { token: session.accessToken })).status, 200);
  const changeRole = async (role: string) =>
    call(t, `/users/${userId}/role`, { token: await adminToken(t), method: 'PATCH', body: { role } });

  t.is((await changeRole('viewer')).status, 200);
  const forbidden = await answerOnce(t, '/users', session.accessToken, 403);
  t.is(forbidden.status, 403);
  t.like(await forbidden.json(), { code: 'AUTH.FORBIDDEN' });
  const me = await call(t, '/auth/me', { token: session.accessToken });
  t.like(await me.json(), { id: userId, role: 'viewer' });

  t.is((await changeRole('admin')).status, 200);
  t.is((await answerOnce(t, '/users', session.accessToken, 200)).status, 200);
});

test("a demoted operator's old token answers with the lower role", async (t) => {
  const { userId, session } = await signedInUser(t, 'demoted-operator', 'operator');
  const demoted = await call(t, `/users/${userId}/role`, {
    token: await adminToken(t),
    method: 'PATCH',
    body: { role: 'viewer' },
  });
  t.is(demoted.status, 200);
  await eventually(async () => {
    const me = (await (await call(t, '/auth/me', { token: session.accessToken })).json()) as {
      role?: string;
    };
    return me.role === 'viewer';
  });
  const me = await call(t, '/auth/me', { token: session.accessToken });
  t.like(await me.json(), { role: 'viewer' });
});

test('a validly signed token of a user that does not exist authenticates no one', async (t) => {
  const token = await new SignJWT({ role: 'admin', username: 'nobody' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(randomUUID())
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  const response = await call(t, '/users', { token });
  t.is(response.status, 401);
  t.like(await response.json(), { code: 'AUTH.UNAUTHENTICATED' });
});
