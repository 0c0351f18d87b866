import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { type ServedApi, adminToken, call, login, startServedApi } from '../../support/served-api.ts';

// Every operation `/api/v1/openapi.json` lists, driven over HTTP against `tbot serve` on PostgreSQL and Redis:
// each answers, refuses a request without a token (401) and a role it does not allow (403).
interface Context {
  api: ServedApi;
  admin: string;
  viewer: string;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Operation {
  operationId: string;
  'x-roles'?: string[];
  requestBody?: unknown;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

test.before(async (t) => {
  t.context.api = await startServedApi();
  const admin = await adminToken(t);
  const password = 'viewer-passphrase-1';
  const created = await call(t, '/users', {
    token: admin,
    body: { username: 'sweep-viewer', password, role: 'viewer' },
  });
  if (created.status !== 201) throw new Error(`cannot create the viewer: ${created.status}`);
  t.context.admin = admin;
  t.context.viewer = (await login(t, 'sweep-viewer', password)).accessToken;
});

test.after.always((t) => t.context.api?.stop());

async function operations(t: T): Promise<{ method: string; path: string; op: Operation }[]> {
  const response = await call(t, '/openapi.json');
  t.is(response.status, 200);
  const document = (await response.json()) as Document;
  t.is(document.openapi, '3.1.0');
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      // Any well-formed value: the sweep is about who may call, not what exists.
      path: path.replace('/api/v1', '').replace('{id}', randomUUID()).replace('{stream}', 'user-nobody'),
      op,
    })),
  );
}

const send = (t: T, method: string, path: string, token?: string) =>
  call(t, path, {
    method,
    ...(method === 'GET' ? {} : { body: {} }),
    ...(token === undefined ? {} : { token }),
  });

test('refuses every non-public operation without a token, with 401 and a problem', async (t) => {
  const ops = await operations(t);
  t.true(ops.length >= 15);
  for (const { method, path, op } of ops) {
    const response = await send(t, method, path);
    if (op['x-roles']) {
      t.is(response.status, 401, `${method} ${path}`);
      t.regex(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    } else {
      t.not(response.status, 401, `${method} ${path} is public`);
      t.not(response.status, 404, `${method} ${path} is documented but does not answer`);
    }
    await response.arrayBuffer();
  }
});

test('answers 403 to a role an operation does not allow, and lets an allowed role through', async (t) => {
  for (const { method, path, op } of await operations(t)) {
    const roles = op['x-roles'];
    if (!roles) continue;
    const response = await send(t, method, path, t.context.viewer);
    const { code } = (await response.json()) as { code?: string };
    if (!roles.includes('viewer')) t.is(response.status, 403, `${method} ${path}`);
    else {
      t.false([401, 403].includes(response.status), `${method} ${path}`);
      t.not(code, 'HTTP.NOT_FOUND', `${method} ${path} does not answer`);
    }
  }
});

test('serves a readable docs page listing every path, under its own content policy', async (t) => {
  const response = await call(t, '/docs');
  t.is(response.status, 200);
  t.regex(response.headers.get('content-type') ?? '', /^text\/html/);
  t.regex(response.headers.get('content-security-policy') ?? '', /style-src 'unsafe-inline'/);
  t.notRegex(response.headers.get('content-security-policy') ?? '', /script-src/);
  const page = await response.text();
  for (const { path } of await operations(t)) {
    if (!path.includes('nobody') && !/[0-9a-f]{8}-/.test(path))
      t.true(page.includes(`/api/v1${path === '/' ? '' : path}`), path);
  }
});
