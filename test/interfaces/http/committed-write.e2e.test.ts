import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import {
  type EmbeddedPostgresServer,
  startEmbeddedPostgres,
} from '../../../infrastructure/postgres/embedded/index.ts';
import type { ApiCall } from '../../support/api-call.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { type TcpProxy, startTcpProxy } from '../../support/tcp-proxy.ts';

// `tbot serve` on a PostgreSQL cluster of this file's own, reached through a proxy the test can cut. Holding
// the read horizon there (an appender's open transaction) stops every read model of the node without
// touching the server other test files share; cutting the proxy is an outage as the node sees it.
interface Context {
  dataDir: string;
  cluster: EmbeddedPostgresServer;
  proxy: TcpProxy;
  api: ServedApi;
  token: string;
}
const base = anyTest as TestFn<Context>;
const test = base.serial;

const quiet = { debug: () => undefined, info: () => undefined, error: () => undefined };

base.before(async (t) => {
  t.context.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tbot-committed-'));
  t.context.cluster = await startEmbeddedPostgres({ dataDir: t.context.dataDir, port: 0, logger: quiet });
  t.context.proxy = await startTcpProxy({ host: '127.0.0.1', port: t.context.cluster.port });
  const proxied = new URL(t.context.cluster.url);
  proxied.port = String(t.context.proxy.port);
  t.context.api = await startServedApi({ env: { DATABASE_URL: proxied.toString() } });
  t.context.token = await t.context.api.adminToken();
});

base.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.proxy?.close();
  await t.context.cluster?.stop();
  if (t.context.dataDir) await fs.rm(t.context.dataDir, { recursive: true, force: true });
});

const call = (t: { context: Context }, apiPath: string, options: ApiCall = {}) =>
  t.context.api.call(apiPath, { token: t.context.token, ...options });

/** Straight to the cluster, around the proxy. */
async function direct<T>(t: { context: Context }, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: t.context.cluster.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Holds the read horizon of the node's log: an appender that has appended and not committed. No reader reads
 * past it, so no read model advances, until the returned function rolls it back.
 */
async function holdHorizon(t: { context: Context }): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: t.context.cluster.url });
  await client.connect();
  await client.query('begin');
  await client.query(
    `select * from es.append_events('test-horizon-holder', 'any', array[gen_random_uuid()], array['HorizonHeld'],
       array[1], array['{}'::jsonb], array['{}'::jsonb], null)`,
  );
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

interface Accepted {
  status: string;
  id: string;
  location: string;
  events: string[];
  duplicate: boolean;
}
interface DepartmentBody {
  departmentId: string;
  name: string;
}

test('writes whose read model lags answer 202 with Location and what they recorded, never 404', async (t) => {
  const created = await call(t, '/departments', { body: { name: 'Бухгалтерия' } });
  t.is(created.status, 201);
  const department = (await created.json()) as DepartmentBody;

  const held = await holdHorizon(t);
  t.teardown(() => held().catch(() => undefined));

  const fresh = await call(t, '/departments', { body: { name: 'Склад' } });
  t.is(fresh.status, 202, 'a new department the read model does not have yet is no 404');
  const accepted = (await fresh.json()) as Accepted;
  t.like(accepted, { status: 'accepted', events: ['DepartmentCreated'], duplicate: false });
  t.is(fresh.headers.get('Location'), `/api/v1/departments/${accepted.id}`);
  t.is(fresh.headers.get('Location'), accepted.location);

  const renamed = await call(t, `/departments/${department.departmentId}`, {
    method: 'PATCH',
    body: { name: 'Бухгалтерия и финансы' },
  });
  t.is(renamed.status, 202, 'an edit is not answered with the state from before it');
  t.like(await renamed.json(), {
    id: department.departmentId,
    events: ['DepartmentRenamed'],
  });

  const employee = await call(t, '/employees', { body: { fullName: 'Петрова Анна Сергеевна' } });
  t.is(employee.status, 202);
  const hired = (await employee.json()) as Accepted;
  t.deepEqual(hired.events, ['EmployeeRegistered']);

  await held();
  const shown = await eventually(async () => {
    const response = await call(t, accepted.location.replace('/api/v1', ''));
    return response.status === 200 ? ((await response.json()) as DepartmentBody) : null;
  });
  t.like(shown, { departmentId: accepted.id, name: 'Склад' });
  const after = await eventually(async () => {
    const response = await call(t, `/departments/${department.departmentId}`);
    const body = (await response.json()) as DepartmentBody;
    return body.name === 'Бухгалтерия и финансы' ? body : null;
  });
  t.truthy(after);
  t.is((await call(t, hired.location.replace('/api/v1', ''))).status, 200);
});

interface SettingsAnswer {
  changes: { key: string; from: unknown; to: unknown }[];
  settings: { key: string; value?: unknown }[];
}

test("a setting changed while the node's settings lag answers the new value", async (t) => {
  const held = await holdHorizon(t);
  t.teardown(() => held().catch(() => undefined));
  const response = await call(t, '/settings', {
    method: 'PUT',
    body: { changes: { 'monitoring.checkIntervalSeconds': 45 } },
  });
  const body = (await response.json()) as SettingsAnswer;
  t.is(
    body.settings.find((s) => s.key === 'monitoring.checkIntervalSeconds')?.value,
    45,
    'not the old value',
  );
  t.deepEqual(body.changes, [{ key: 'monitoring.checkIntervalSeconds', from: 60, to: 45 }]);
  t.is(response.status, 202);
  t.is(response.headers.get('Location'), '/api/v1/settings');

  await held();
  const seen = await eventually(async () => {
    const now = (await (await call(t, '/settings')).json()) as SettingsAnswer;
    return now.settings.find((s) => s.key === 'monitoring.checkIntervalSeconds')?.value === 45;
  });
  t.true(seen);
});

test('an outage of PostgreSQL answers 503 with Retry-After, and the node serves again after it', async (t) => {
  await t.context.proxy.cut();
  try {
    const response = await call(t, '/departments', { body: { name: 'Во время аварии' } });
    t.is(response.status, 503);
    t.is(response.headers.get('Retry-After'), '5');
    t.like(await response.json(), { status: 503, code: 'SERVICE.UNAVAILABLE' });
  } finally {
    await t.context.proxy.restore();
  }
  const served = await eventually(
    async () => {
      const response = await call(t, '/departments', { body: { name: 'После аварии' } });
      await response.arrayBuffer();
      return response.status === 201;
    },
    15_000,
    200,
  );
  t.true(served);
});

test('an outage right after the commit answers the committed write (202), not 503 or 500', async (t) => {
  const held = await holdHorizon(t);
  t.teardown(() => held().catch(() => undefined));
  const requestId = randomUUID();
  const answer = call(t, '/departments', {
    body: { name: 'Записан до аварии' },
    headers: { 'X-Request-Id': requestId },
  });
  // Committed: its event is in the log (the node now waits for its read model, which cannot advance).
  const committed = await eventually(() =>
    direct(t, async (client) => {
      const { rows } = await client.query(`select 1 from es.events where metadata->>'correlationId' = $1`, [
        requestId,
      ]);
      return rows.length === 1;
    }),
  );
  t.true(committed);
  await t.context.proxy.cut();
  let response: Response;
  try {
    response = await answer;
  } finally {
    await t.context.proxy.restore();
  }
  t.is(response.status, 202);
  const accepted = (await response.json()) as Accepted;
  t.like(accepted, { status: 'accepted', events: ['DepartmentCreated'] });

  await held();
  const shown = await eventually(
    async () => {
      const got = await call(t, accepted.location.replace('/api/v1', ''));
      await got.arrayBuffer();
      return got.status === 200;
    },
    15_000,
    200,
  );
  t.true(shown);
});
