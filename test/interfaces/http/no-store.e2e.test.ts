import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import {
  type ServedApi,
  TEST_ADMIN_PASSWORD,
  adminToken,
  call,
  login,
  startServedApi,
} from '../../support/served-api.ts';

// `tbot serve`: every answer to a signed-in request is the user's own, and says `Cache-Control: no-store` so
// that no browser or shared cache keeps it: reads, writes, refusals, and the answers that carry tokens.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

test.before(async (t) => {
  t.context.api = await startServedApi();
});

test.after.always((t) => t.context.api?.stop());

const noStore = (t: T, response: Response, what: string) =>
  t.is(response.headers.get('cache-control'), 'no-store', `${what} answered ${response.status}`);

test('every GET of the OpenAPI document without a path parameter, called signed in, is no-store', async (t) => {
  const token = await adminToken(t);
  const document = (await (await call(t, '/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const reads = Object.entries(document.paths)
    .filter(([path, operations]) => 'get' in operations && !path.includes('{'))
    .map(([path]) => path.replace(/^\/api\/v1/, ''));
  t.true(reads.length >= 5, reads.join(' '));
  // Plain fetch: this test is about a header, not about each answer's schema (other tests check those).
  const { baseUrl } = t.context.api.node;
  for (const path of reads) {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    noStore(t, response, `GET ${path}`);
  }
});

test('a write, a refusal and a cookie-authenticated read are no-store too', async (t) => {
  const token = await adminToken(t);
  const created = await call(t, '/users', {
    token,
    body: { username: 'store-viewer', password: 'store-passphrase-1', role: 'viewer' },
  });
  t.is(created.status, 201);
  noStore(t, created, 'POST /users');

  const viewer = await login(t, 'store-viewer', 'store-passphrase-1');
  const refused = await call(t, '/users', { token: viewer.accessToken });
  t.is(refused.status, 403);
  noStore(t, refused, 'GET /users as a viewer');

  const cookieLogin = await call(t, '/auth/login?cookie=1', {
    body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  noStore(t, cookieLogin, 'POST /auth/login');
  const cookies = cookieLogin.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  noStore(t, await call(t, '/auth/me', { headers: { Cookie: cookies } }), 'GET /auth/me by cookie');
});
