import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { numbered, uniqueStream } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { TEST_SERVER_URL } from '../../support/test-database.ts';
import { checkAgainstOpenApi } from '../../support/openapi-check.ts';

// `tbot serve` on PostgreSQL and Redis, driven over HTTP: what every route of the platform shares.
const test = anyTest as TestFn<{
  api: ServedApi;
  store: PostgresEventStore;
}>;

test.before(async (t) => {
  // Without auth settings, as a bare install starts: the platform's routes need neither a key nor an admin.
  t.context.api = await startServedApi({
    env: { AUTH_JWT_SECRET: undefined, INITIAL_ADMIN_PASSWORD: undefined },
  });
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
});

async function get(t: { context: { api: ServedApi } }, path: string, init: RequestInit = {}) {
  const response = await fetch(`${t.context.api.node.baseUrl}${path}`, init);
  await checkAgainstOpenApi(t.context.api.node.baseUrl, init.method ?? 'GET', response);
  return response;
}

test('sends the security headers on every answer', async (t) => {
  for (const path of ['/health', '/api/v1', '/nowhere']) {
    const response = await get(t, path);
    await response.arrayBuffer();
    const headers = Object.fromEntries(response.headers);
    t.like(
      headers,
      {
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cross-origin-resource-policy': 'same-origin',
      },
      path,
    );
    t.false('x-powered-by' in headers, path);
    t.false('strict-transport-security' in headers, `${path}: no HSTS over plain HTTP`);
  }
});

test('answers an unknown route with a problem that carries the request id', async (t) => {
  const response = await get(t, '/api/v1/nowhere?token=secret', {
    headers: { 'X-Request-Id': 'e2e-missing-1' },
  });
  t.is(response.status, 404);
  t.is(response.headers.get('content-type'), 'application/problem+json');
  t.deepEqual(await response.json(), {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'No route for GET /api/v1/nowhere',
    instance: '/api/v1/nowhere',
    code: 'HTTP.NOT_FOUND',
    requestId: 'e2e-missing-1',
  });
});

test('answers GET /api/v1 with its name and version, under the rate limit', async (t) => {
  const response = await get(t, '/api/v1');
  t.is(response.status, 200);
  t.deepEqual(Object.keys((await response.json()) as object), ['name', 'version']);
  t.is(response.headers.get('ratelimit-limit'), '300');
  t.regex(response.headers.get('ratelimit-remaining') ?? '', /^\d+$/);
  t.is((await get(t, '/health')).headers.get('ratelimit-limit'), null, 'probes are not rate limited');
});

test('is ready once the audit projection has caught up with new events', async (t) => {
  const stream = uniqueStream('ready');
  await t.context.store.append(stream, numbered(3, 'ReadinessProbed'));
  const caughtUp = await eventually(async () => {
    const { rows } = await t.context.api.database.pool.query<{ n: string }>(
      'select count(*) as n from core.audit_log where stream_id = $1',
      [stream],
    );
    return rows[0]?.n === '3';
  }, 20_000);
  t.true(caughtUp, 'the audit projection applied the events');
  const ready = await eventually(async () => {
    const response = await get(t, '/ready');
    return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
  }, 20_000);
  t.deepEqual(ready, {
    status: 'ready',
    reasons: [],
    checks: { database: 'pass', redis: 'pass', migrations: 'pass', projections: 'pass' },
  });
});

test.serial('is not ready while the database refuses connections, and ready again after', async (t) => {
  const { database } = t.context.api;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const name = pg.escapeIdentifier(database.name);
  await admin(`alter database ${name} allow_connections false`);
  t.teardown(() => admin(`alter database ${name} allow_connections true`));
  await admin(
    `select pg_terminate_backend(pid) from pg_stat_activity
     where datname = '${database.name}' and application_name like 'tbot:%'`,
  );
  const notReady = await eventually(async () => {
    const response = await get(t, '/ready');
    return response.status === 503
      ? ((await response.json()) as { status: string; reasons: string[] })
      : undefined;
  }, 20_000);
  t.is(notReady?.status, 'not_ready');
  t.true(
    notReady?.reasons.some((reason) => reason.startsWith('database: ')),
    JSON.stringify(notReady),
  );

  await admin(`alter database ${name} allow_connections true`);
  t.true(
    await eventually(async () => (await get(t, '/ready')).status === 200, 20_000),
    'the node reconnects',
  );
});

test('measures requests by route template, never by URL', async (t) => {
  await (await get(t, '/health?probe=1')).arrayBuffer();
  await (await get(t, '/nowhere/12345')).arrayBuffer();
  const metrics = await (await get(t, '/metrics')).text();
  t.regex(
    metrics,
    /^tbot_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+$/m,
  );
  t.regex(
    metrics,
    /^tbot_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} \d+$/m,
  );
  t.regex(metrics, /^tbot_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health"/m);
  t.notRegex(metrics, /route="[^"]*[?]/);
  t.notRegex(metrics, /12345/);
  // Each projection's lag counts the events of its own types, read from the database at scrape time.
  t.regex(metrics, /^tbot_projection_lag_events\{projection="users"\} \d+$/m);
});
