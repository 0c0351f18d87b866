import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { apiCall } from '../../support/api-call.ts';
import { freePort } from '../../support/free-port.ts';
import {
  type ServedApi,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  adminToken,
  call,
  startServedApi,
} from '../../support/served-api.ts';
import { runTbot } from '../../support/tbot-process.ts';

// `tbot serve` behind a TLS-terminating proxy: with an https PUBLIC_URL the session cookies are Secure and
// HSTS is sent; X-Forwarded-* count only from the peers of HTTP_TRUST_PROXY; production refuses plain-http
// cookie sessions unless HTTP_ALLOW_INSECURE_COOKIES says so.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

test.before(async (t) => {
  t.context.api = await startServedApi({
    env: { PUBLIC_URL: 'https://tbot.example.test', HTTP_TRUST_PROXY: '127.0.0.1' },
  });
});

test.after.always((t) => t.context.api?.stop());

const HSTS = 'max-age=31536000; includeSubDomains';
const loginBody = { username: 'admin', password: TEST_ADMIN_PASSWORD };

async function createUser(t: T, username: string) {
  const password = `${username}-passphrase-1`;
  const response = await call(t, '/users', {
    token: await adminToken(t),
    body: { username, password, role: 'viewer' },
  });
  t.is(response.status, 201);
  return password;
}

/** The status of a login of `username` said to come from `client` (through the proxy at 127.0.0.1). */
const loginFrom = (baseUrl: string, username: string, password: string, forwardedFor: string) =>
  apiCall(baseUrl, '/auth/login', {
    body: { username, password },
    headers: { 'X-Forwarded-For': forwardedFor },
  }).then((response) => response.status);

/** Five failed logins of `username` said to come from `forwardedFor`: its limit for that address. */
async function exhaust(t: T, baseUrl: string, username: string, forwardedFor: string) {
  for (let i = 0; i < 5; i += 1) t.is(await loginFrom(baseUrl, username, `wrong-${i}`, forwardedFor), 401);
}

test('an https PUBLIC_URL makes every session cookie Secure and sends HSTS', async (t) => {
  const response = await call(t, '/auth/login?cookie=1', { body: loginBody });
  t.is(response.status, 200);
  const cookies = response.headers.getSetCookie();
  t.is(cookies.length, 3);
  for (const cookie of cookies) t.regex(cookie, /;\s*secure/i, cookie);
  t.is(response.headers.get('strict-transport-security'), HSTS);
  const health = await fetch(`${t.context.api.node.baseUrl}/health`);
  t.is(health.headers.get('strict-transport-security'), HSTS);
});

test("a trusted proxy's X-Forwarded-For is the client address the login limit counts", async (t) => {
  const { baseUrl } = t.context.api.node;
  const password = await createUser(t, 'behind-proxy');
  await exhaust(t, baseUrl, 'behind-proxy', '203.0.113.7');
  t.is(await loginFrom(baseUrl, 'behind-proxy', password, '203.0.113.7'), 429);
  // Addresses the client wrote left of the one the proxy appended change nothing.
  t.is(await loginFrom(baseUrl, 'behind-proxy', password, '198.51.100.1, 203.0.113.7'), 429);
  t.is(await loginFrom(baseUrl, 'behind-proxy', password, '203.0.113.8'), 200);
});

test('from a peer that is not a trusted proxy, X-Forwarded-Proto and -For are ignored', async (t) => {
  const other = await t.context.api.serveAnotherNode({ HTTP_TRUST_PROXY: '192.0.2.1' });
  const claimed = await apiCall(other.baseUrl, '/auth/login?cookie=1', {
    body: loginBody,
    headers: { 'X-Forwarded-Proto': 'https' },
  });
  t.is(claimed.status, 200);
  for (const cookie of claimed.headers.getSetCookie()) t.notRegex(cookie, /;\s*secure/i, cookie);
  t.is(claimed.headers.get('strict-transport-security'), null);

  const password = await createUser(t, 'direct-client');
  await exhaust(t, other.baseUrl, 'direct-client', '203.0.113.20');
  t.is(await loginFrom(other.baseUrl, 'direct-client', password, '203.0.113.21'), 429);
});

test("without PUBLIC_URL, a trusted proxy's X-Forwarded-Proto: https makes the cookies Secure", async (t) => {
  const other = await t.context.api.serveAnotherNode({ HTTP_TRUST_PROXY: '127.0.0.0/8' });
  const viaTls = await apiCall(other.baseUrl, '/auth/login?cookie=1', {
    body: loginBody,
    headers: { 'X-Forwarded-Proto': 'https' },
  });
  for (const cookie of viaTls.headers.getSetCookie()) t.regex(cookie, /;\s*secure/i, cookie);
  t.is(viaTls.headers.get('strict-transport-security'), HSTS);
  const plain = await apiCall(other.baseUrl, '/auth/login?cookie=1', { body: loginBody });
  for (const cookie of plain.headers.getSetCookie()) t.notRegex(cookie, /;\s*secure/i, cookie);
});

test('production refuses to start over plain http unless HTTP_ALLOW_INSECURE_COOKIES=true', async (t) => {
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: t.context.api.database.url,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    PUBLIC_URL: 'http://tbot.example.test',
  };
  const refused = await runTbot(['serve'], env);
  t.is(refused.code, 2, refused.stderr);
  t.regex(refused.stderr, /PUBLIC_URL: must be an https:\/\/ URL in production/);
  t.regex(refused.stderr, /HTTP_ALLOW_INSECURE_COOKIES=true/);

  const allowed = await t.context.api.serveAnotherNode({ ...env, HTTP_ALLOW_INSECURE_COOKIES: 'true' });
  t.is((await fetch(`${allowed.baseUrl}/health`)).status, 200);
});
