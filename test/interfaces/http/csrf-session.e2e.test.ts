import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { decodeJwt } from 'jose';
import { type ServedApi, TEST_ADMIN_PASSWORD, call, startServedApi } from '../../support/served-api.ts';

// `tbot serve`, the web admin's cookie sessions: the CSRF token is the session's (an HMAC of the access
// token's `sid`), so a `tbot_csrf` cookie chosen by an attacker and echoed in `X-CSRF-Token` is refused.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

test.before(async (t) => {
  t.context.api = await startServedApi();
});

test.after.always((t) => t.context.api?.stop());

type Jar = Record<string, string>;

const jarOf = (response: Response): Jar =>
  Object.fromEntries(
    response.headers.getSetCookie().map((c) => {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

async function cookieLogin(t: T): Promise<Jar> {
  const response = await call(t, '/auth/login?cookie=1', {
    body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  t.is(response.status, 200);
  return jarOf(response);
}

let users = 0;
const newUser = () => {
  users += 1;
  return { username: `csrf-user-${users}`, password: 'csrf-passphrase-1', role: 'viewer' };
};

test('a chosen tbot_csrf cookie with the same header is refused (403)', async (t) => {
  const jar = await cookieLogin(t);
  const planted = { ...jar, tbot_csrf: 'chosen-by-the-attacker' };
  const response = await call(t, '/users', {
    body: newUser(),
    headers: { Cookie: cookieHeader(planted), 'X-CSRF-Token': 'chosen-by-the-attacker' },
  });
  t.is(response.status, 403);
  t.like(await response.json(), { code: 'AUTH.CSRF_FORBIDDEN' });
});

test("another session's CSRF token is refused; the session's own is accepted", async (t) => {
  const mine = await cookieLogin(t);
  const other = await cookieLogin(t);
  t.not(mine['tbot_csrf'], other['tbot_csrf']);
  const withToken = (token: string | undefined) => ({
    Cookie: cookieHeader({ ...mine, tbot_csrf: token ?? '' }),
    'X-CSRF-Token': token ?? '',
  });
  const refused = await call(t, '/users', { body: newUser(), headers: withToken(other['tbot_csrf']) });
  t.is(refused.status, 403);
  const accepted = await call(t, '/users', { body: newUser(), headers: withToken(mine['tbot_csrf']) });
  t.is(accepted.status, 201);
});

test('refresh keeps the session: same sid, same CSRF token, and a chosen one cannot refresh', async (t) => {
  const jar = await cookieLogin(t);
  const planted = await call(t, '/auth/refresh', {
    method: 'POST',
    headers: { Cookie: cookieHeader({ ...jar, tbot_csrf: 'chosen' }), 'X-CSRF-Token': 'chosen' },
  });
  t.is(planted.status, 403);

  const refreshed = await call(t, '/auth/refresh', {
    method: 'POST',
    headers: { Cookie: cookieHeader(jar), 'X-CSRF-Token': jar['tbot_csrf'] ?? '' },
  });
  t.is(refreshed.status, 200);
  const next = { ...jar, ...jarOf(refreshed) };
  t.not(next['tbot_refresh'], jar['tbot_refresh']);
  t.is(next['tbot_csrf'], jar['tbot_csrf']);
  const sid = decodeJwt(jar['tbot_access'] ?? '')['sid'];
  t.is(typeof sid, 'string');
  t.is(decodeJwt(next['tbot_access'] ?? '')['sid'], sid);

  const write = await call(t, '/users', {
    body: newUser(),
    headers: { Cookie: cookieHeader(next), 'X-CSRF-Token': jar['tbot_csrf'] ?? '' },
  });
  t.is(write.status, 201);
});

test("a cookie logout needs the session's CSRF token too; with it, the session ends", async (t) => {
  const jar = await cookieLogin(t);
  const planted = await call(t, '/auth/logout', {
    method: 'POST',
    headers: { Cookie: cookieHeader({ ...jar, tbot_csrf: 'chosen' }), 'X-CSRF-Token': 'chosen' },
  });
  t.is(planted.status, 403);
  const out = await call(t, '/auth/logout', {
    method: 'POST',
    headers: { Cookie: cookieHeader(jar), 'X-CSRF-Token': jar['tbot_csrf'] ?? '' },
  });
  t.is(out.status, 204);
  const refresh = await call(t, '/auth/refresh', { body: { refreshToken: jar['tbot_refresh'] ?? '' } });
  t.is(refresh.status, 401);
});
