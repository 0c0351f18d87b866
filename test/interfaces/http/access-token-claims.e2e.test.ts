import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { type JWTPayload, SignJWT } from 'jose';
import {
  type ServedApi,
  TEST_JWT_SECRET,
  adminToken,
  call,
  startServedApi,
} from '../../support/served-api.ts';

// `tbot serve`: a token signed with the real key speaks for no one unless it carries every claim our access
// tokens carry: `sub`, `iat`, `exp` (a token without it would never expire), `iss` and `aud`.
interface Context {
  api: ServedApi;
  adminId: string;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.api = await startServedApi();
  const me = await call(t, '/auth/me', { token: await adminToken(t) });
  t.context.adminId = ((await me.json()) as { id: string }).id;
});

test.after.always((t) => t.context.api?.stop());

const now = () => Math.floor(Date.now() / 1000);

function complete(adminId: string): JWTPayload {
  return {
    sub: adminId,
    role: 'admin',
    username: 'admin',
    sid: randomUUID(),
    iss: 'tbot',
    aud: 'tbot-api',
    iat: now(),
    exp: now() + 600,
  };
}

const sign = (payload: JWTPayload) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(TEST_JWT_SECRET));

test('a hand-signed token with every claim is accepted (the control of the tests below)', async (t) => {
  const response = await call(t, '/users', { token: await sign(complete(t.context.adminId)) });
  t.is(response.status, 200);
});

for (const claim of ['exp', 'iat', 'sub', 'iss', 'aud'] as const) {
  test(`refuses a token signed with the real key but without \`${claim}\` (401)`, async (t) => {
    const { [claim]: _left, ...payload } = complete(t.context.adminId);
    const response = await call(t, '/users', { token: await sign(payload) });
    t.is(response.status, 401);
    t.like(await response.json(), { code: 'AUTH.UNAUTHENTICATED' });
  });
}

test('refuses a token of another issuer or audience, or issued in the future', async (t) => {
  const base = complete(t.context.adminId);
  for (const payload of [
    { ...base, iss: 'someone-else' },
    { ...base, aud: 'another-api' },
    { ...base, iat: now() + 3600, exp: now() + 7200 },
  ]) {
    t.is((await call(t, '/users', { token: await sign(payload) })).status, 401, JSON.stringify(payload));
  }
});
