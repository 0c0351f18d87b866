import anyTest, { type TestFn } from 'ava';
import type { ServedApi } from '../support/served-api.ts';
import { TEST_ADMIN_PASSWORD } from '../support/served-api.ts';
import { type DocumentedOperation, documentedOperations, pathOf } from './support/documented-operations.ts';
import { inParallel, rawCall, startSecurityApi } from './support/security-api.ts';

// CSRF on every cookie-authenticated write the OpenAPI document lists: the web admin's session cookies
// authenticate a write only with the CSRF header, and only with the session's own CSRF token (a cookie the
// attacker chose, echoed in the header, must not pass).

interface Context {
  api: ServedApi;
  operations: DocumentedOperation[];
}
const test = anyTest as TestFn<Context>;

/** The web admin's session: its cookies as a `Cookie` header, and the CSRF token it was given. */
interface CookieSession {
  readonly cookies: Map<string, string>;
  readonly csrf: string;
}

async function cookieLogin(api: ServedApi): Promise<CookieSession> {
  const response = await rawCall(api.node.baseUrl, '/auth/login', {
    body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    headers: { 'X-Auth-Mode': 'cookie' },
  });
  if (response.status !== 200) throw new Error(`cookie login answered ${response.status}`);
  await response.arrayBuffer();
  const cookies = new Map(
    response.headers.getSetCookie().map((line) => {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      return [pair.slice(0, equals), pair.slice(equals + 1)] as const;
    }),
  );
  const csrf = cookies.get('tbot_csrf');
  if (!cookies.get('tbot_access') || !csrf) throw new Error('the cookie login set no session cookies');
  return { cookies, csrf };
}

const cookieHeader = (cookies: ReadonlyMap<string, string>) =>
  [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

/** Every write the session cookies authenticate: the non-public writes, and refresh and logout by cookie. */
const cookieWrites = (t: { context: Context }) =>
  t.context.operations.filter(
    (op) => op.isWrite && (op.roles !== null || ['/auth/refresh', '/auth/logout'].includes(op.template)),
  );

/** Sends `op` with the cookies and `headers`, no body for refresh and logout (they read the cookie then). */
async function send(
  api: ServedApi,
  op: DocumentedOperation,
  cookies: ReadonlyMap<string, string>,
  headers: Record<string, string>,
): Promise<{ status: number; code: string | undefined }> {
  const byCookie = op.template.startsWith('/auth/');
  const response = await rawCall(api.node.baseUrl, pathOf(op), {
    method: op.method,
    ...(byCookie || !op.isWrite ? {} : { body: {} }),
    headers: { Cookie: cookieHeader(cookies), ...headers },
  });
  const text = await response.text();
  const code = text.startsWith('{') ? (JSON.parse(text) as { code?: string }).code : undefined;
  return { status: response.status, code };
}

test.before(async (t) => {
  t.context.api = await startSecurityApi();
  t.context.operations = await documentedOperations(t.context.api);
});

test.after.always((t) => t.context.api?.stop());

test('refuses every cookie-authenticated write without the CSRF header, with 403', async (t) => {
  const { api } = t.context;
  const session = await cookieLogin(api);
  const writes = cookieWrites(t);
  t.true(writes.length >= 25, `${writes.length} writes`);
  const failures: string[] = [];
  await inParallel(writes, 6, async (op) => {
    const { status, code } = await send(api, op, session.cookies, {});
    if (status !== 403 || code !== 'AUTH.CSRF_FORBIDDEN')
      failures.push(`${op.method} ${op.template} → ${status}`);
  });
  t.deepEqual(failures.sort(), []);
});

test('refuses a CSRF cookie of the attacker’s choosing echoed in the header', async (t) => {
  const { api } = t.context;
  const session = await cookieLogin(api);
  const chosen = 'attacker-chosen-csrf-token-0123456789';
  const cookies = new Map(session.cookies).set('tbot_csrf', chosen);
  const failures: string[] = [];
  await inParallel(cookieWrites(t), 6, async (op) => {
    const { status } = await send(api, op, cookies, { 'X-CSRF-Token': chosen });
    if (status !== 403) failures.push(`${op.method} ${op.template} → ${status}`);
  });
  t.deepEqual(failures.sort(), []);
});

test('lets a cookie write with the session’s own CSRF token through, and a read without one', async (t) => {
  const { api } = t.context;
  const session = await cookieLogin(api);
  const failures: string[] = [];
  // Refresh and logout would spend the session: the other writes, with `{}`, change nothing (422 or 404).
  const writes = cookieWrites(t).filter((op) => !op.template.startsWith('/auth/'));
  await inParallel(writes, 6, async (op) => {
    const { status } = await send(api, op, session.cookies, { 'X-CSRF-Token': session.csrf });
    if (status === 401 || status === 403 || status >= 500)
      failures.push(`${op.method} ${op.template} → ${status}`);
  });
  const reads = t.context.operations.filter((op) => !op.isWrite && op.roles !== null);
  await inParallel(reads, 6, async (op) => {
    const { status } = await send(api, op, session.cookies, {});
    if (status === 401 || status === 403 || status >= 500)
      failures.push(`${op.method} ${op.template} → ${status}`);
  });
  t.deepEqual(failures.sort(), []);
});
