import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { SignJWT } from 'jose';
import { eventually } from '../../support/eventually.ts';
import {
  type ServedApi,
  type Session,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  call,
  login,
  startServedApi,
} from '../../support/served-api.ts';
import { childEnv } from '../../support/tbot-process.ts';

// `tbot serve` on PostgreSQL and Redis: login, tokens, cookies and the users API, over HTTP.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

const BIN = fileURLToPath(new URL('../../../bin/tbot.js', import.meta.url));

test.before(async (t) => {
  t.context.api = await startServedApi();
});

test.after.always((t) => t.context.api?.stop());

const admin = (t: T) => login(t, 'admin', TEST_ADMIN_PASSWORD);

async function createUser(t: T, username: string, role: string, password = `${username}-passphrase-1`) {
  const { accessToken } = await admin(t);
  const response = await call(t, '/users', { token: accessToken, body: { username, password, role } });
  t.is(response.status, 201);
  return { ...((await response.json()) as { userId: string }), password };
}

test('creates the initial admin from INITIAL_ADMIN_PASSWORD and never logs the password', async (t) => {
  const session = await admin(t);
  t.is(session.expiresIn, 900);
  t.true(
    t.context.api.node.logs.some(
      (line) => line['msg'] === 'initial admin created from INITIAL_ADMIN_PASSWORD',
    ),
  );
  t.false(JSON.stringify(t.context.api.node.logs).includes(TEST_ADMIN_PASSWORD));
});

test('logs in and answers who the token speaks for', async (t) => {
  const session = await admin(t);
  t.truthy(session.refreshToken);
  const me = await call(t, '/auth/me', { token: session.accessToken });
  t.is(me.status, 200);
  t.like(await me.json(), { role: 'admin', username: 'admin' });
});

test('refuses a wrong password with 401', async (t) => {
  const response = await call(t, '/auth/login', {
    body: { username: 'admin', password: 'wrong-password-123' },
  });
  t.is(response.status, 401);
  t.like(await response.json(), { code: 'AUTH.UNAUTHENTICATED' });
});

test('slows password guessing: 429 with Retry-After after 5 failures, even for the right password', async (t) => {
  const { password } = await createUser(t, 'guessed', 'viewer');
  for (let i = 0; i < 5; i += 1) {
    const r = await call(t, '/auth/login', { body: { username: 'guessed', password: `guess-${i}` } });
    t.is(r.status, 401);
  }
  const blocked = await call(t, '/auth/login', { body: { username: 'guessed', password } });
  t.is(blocked.status, 429);
  t.true(Number(blocked.headers.get('retry-after')) > 0);
  t.like(await blocked.json(), { code: 'AUTH.RATE_LIMITED' });
});

test('answers 401 without a token, with a forged or expired one, and with alg none', async (t) => {
  const { userId } = await createUser(t, 'tokens', 'admin');
  const claims = { role: 'admin', username: 'tokens', sid: randomUUID() };
  const sign = (secret: string, exp: number | string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer('tbot')
      .setAudience('tbot-api')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(secret));
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: userId, exp: now + 600 })}.`;

  t.is((await call(t, '/users')).status, 401);
  t.is(
    (await call(t, '/users', { token: await sign('another-secret-of-32-characters-or-more', '10m') })).status,
    401,
  );
  t.is((await call(t, '/users', { token: await sign(TEST_JWT_SECRET, now - 60) })).status, 401);
  t.is((await call(t, '/users', { token: unsigned })).status, 401);
  t.is((await call(t, '/users', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } })).status, 401);
  t.is((await call(t, '/users', { token: await sign(TEST_JWT_SECRET, '10m') })).status, 200);
});

test('answers 403 to a viewer on an admin route', async (t) => {
  const viewer = await createUser(t, 'viewer', 'viewer');
  const session = await login(t, 'viewer', viewer.password);
  t.is((await call(t, '/auth/me', { token: session.accessToken })).status, 200);
  const response = await call(t, '/users', { token: session.accessToken });
  t.is(response.status, 403);
  t.like(await response.json(), { code: 'AUTH.FORBIDDEN' });
});

test('rotates the refresh token; a used one is refused and revokes its family', async (t) => {
  const first = await admin(t);
  const refreshed = await call(t, '/auth/refresh', { body: { refreshToken: first.refreshToken } });
  t.is(refreshed.status, 200);
  const second = (await refreshed.json()) as Session;
  t.not(second.refreshToken, first.refreshToken);
  t.is((await call(t, '/auth/me', { token: second.accessToken })).status, 200);

  t.is((await call(t, '/auth/refresh', { body: { refreshToken: first.refreshToken } })).status, 401);
  t.is((await call(t, '/auth/refresh', { body: { refreshToken: second.refreshToken } })).status, 401);
});

test('logout revokes the refresh token', async (t) => {
  const session = await admin(t);
  const out = await call(t, '/auth/logout', { body: { refreshToken: session.refreshToken } });
  t.is(out.status, 204);
  t.is((await call(t, '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status, 401);
});

test('cookie mode: httpOnly cookies, and a write needs the CSRF header', async (t) => {
  const response = await call(t, '/auth/login?cookie=1', {
    body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  t.is(response.status, 200);
  const setCookies = response.headers.getSetCookie();
  t.true(setCookies.some((c) => /^tbot_access=.*httponly/i.test(c) && /samesite=strict/i.test(c)));
  t.true(setCookies.some((c) => /^tbot_refresh=.*httponly/i.test(c)));
  const csrfCookie = setCookies.find((c) => c.startsWith('tbot_csrf='));
  t.false(/httponly/i.test(csrfCookie ?? 'httponly'));
  const cookies = setCookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = (csrfCookie ?? '').split(';')[0]?.slice('tbot_csrf='.length) ?? '';
  const body = { username: 'cookie-made', password: 'cookie-passphrase-1', role: 'operator' };

  t.is((await call(t, '/auth/me', { headers: { Cookie: cookies } })).status, 200);
  const refused = await call(t, '/users', { body, headers: { Cookie: cookies } });
  t.is(refused.status, 403);
  t.like(await refused.json(), { code: 'AUTH.CSRF_FORBIDDEN' });
  const wrong = await call(t, '/users', { body, headers: { Cookie: cookies, 'X-CSRF-Token': 'x' } });
  t.is(wrong.status, 403);
  const accepted = await call(t, '/users', { body, headers: { Cookie: cookies, 'X-CSRF-Token': csrf } });
  t.is(accepted.status, 201);
});

test('SQL-looking input is only data', async (t) => {
  const { accessToken } = await admin(t);
  const injection = "admin' OR '1'='1'; drop table core.users; --";
  const r = await call(t, '/auth/login', { body: { username: injection, password: TEST_ADMIN_PASSWORD } });
  t.is(r.status, 401);
  const create = await call(t, '/users', {
    token: accessToken,
    body: { username: injection, password: 'sql-passphrase-1', role: 'admin' },
  });
  t.is(create.status, 422);
  t.is(
    (await call(t, `/users/${encodeURIComponent("1' or '1'='1")}/disable`, { token: accessToken, body: {} }))
      .status,
    422,
  );
  t.is((await call(t, '/users', { token: accessToken })).status, 200);
});

test('refuses an oversized body with 413', async (t) => {
  const response = await call(t, '/auth/login', {
    body: { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) },
  });
  t.is(response.status, 413);
});

test('users: create, duplicate name, role, password, disable, idempotent retry', async (t) => {
  const { accessToken: token } = await admin(t);
  const headers = { 'Idempotency-Key': `create-${randomUUID()}` };
  const body = { username: 'Olga', password: 'olga-passphrase-1', role: 'viewer' };
  const created = await call(t, '/users', { token, body, headers });
  t.is(created.status, 201);
  const olga = (await created.json()) as Record<string, unknown>;
  t.like(olga, { username: 'Olga', role: 'viewer', disabled: false });
  t.false('passwordHash' in olga);
  const retried = await call(t, '/users', { token, body, headers });
  t.is(retried.status, 201);
  t.like(await retried.json(), { userId: olga['userId'] });

  const duplicate = await call(t, '/users', { token, body: { ...body, username: 'OLGA' } });
  t.is(duplicate.status, 409);
  const short = await call(t, '/users', { token, body: { ...body, username: 'short', password: 'short' } });
  t.is(short.status, 422);

  const id = String(olga['userId']);
  const role = await call(t, `/users/${id}/role`, { token, method: 'PATCH', body: { role: 'operator' } });
  t.like(await role.json(), { role: 'operator' });
  const reset = await call(t, `/users/${id}/password`, { token, body: { password: 'olga-new-passphrase' } });
  t.is(reset.status, 200);
  const session = await login(t, 'olga', 'olga-new-passphrase');
  t.is((await call(t, '/auth/me', { token: session.accessToken })).status, 200);

  const disabled = await call(t, `/users/${id}/disable`, { token, method: 'POST' });
  t.like(await disabled.json(), { disabled: true });
  const refused = await call(t, '/auth/login', {
    body: { username: 'olga', password: 'olga-new-passphrase' },
  });
  t.is(refused.status, 401);
  t.is((await call(t, '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status, 401);

  const unknown = await call(t, `/users/${randomUUID()}/disable`, { token, method: 'POST' });
  t.is(unknown.status, 404);
  const list = (await (await call(t, '/users', { token })).json()) as { items: { username: string }[] };
  t.true(list.items.some((u) => u.username === 'Olga'));
  t.false(JSON.stringify(list).includes('argon2'));
});

/** `tbot ARGS` with `input` on its standard input. */
async function runWithInput(t: T, args: string[], input: string) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv({ DATABASE_URL: t.context.api.database.url, LOG_LEVEL: 'warn' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

test('tbot users create-admin reads the password from stdin', async (t) => {
  const made = await runWithInput(t, ['users', 'create-admin', 'cli-admin'], 'cli-admin-passphrase\n');
  t.is(made.code, 0, made.stderr);
  t.regex(made.stdout, /created admin cli-admin/);
  t.false(made.stdout.includes('cli-admin-passphrase'));
  const { accessToken } = await admin(t);
  // Written straight to the log: the users read model shows it a moment later.
  await eventually(async () => {
    const list = (await (await call(t, '/users', { token: accessToken })).json()) as {
      items: { username: string }[];
    };
    return list.items.some((u) => u.username === 'cli-admin');
  });
  const session = await login(t, 'cli-admin', 'cli-admin-passphrase');
  t.is((await call(t, '/users', { token: session.accessToken })).status, 200);

  const again = await runWithInput(t, ['users', 'create-admin', 'cli-admin'], 'cli-admin-passphrase\n');
  t.is(again.code, 2);
  const short = await runWithInput(t, ['users', 'create-admin', 'cli-short'], 'short\n');
  t.is(short.code, 2);
  t.regex(short.stderr, /12 characters/);
});
