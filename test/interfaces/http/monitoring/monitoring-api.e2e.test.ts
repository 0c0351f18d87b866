import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { makeCheckStateCommands } from '../../../../application/monitoring/index.ts';
import { createPostgresEventStore } from '../../../../infrastructure/event-store/index.ts';
import type { ApiCall } from '../../../support/api-call.ts';
import { eventually } from '../../../support/eventually.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { type ServedApi, adminToken, startServedApi } from '../../../support/served-api.ts';
import { createSignedInUser } from '../../../security/support/security-api.ts';

// Monitoring through HTTP on `tbot serve` (PostgreSQL, Redis): a group routed to a forum topic, a server
// with a TCP check read back, renamed and paused, a maintenance window set and ended, an acknowledgement
// without an incident refused, and bad input refused naming the field with nothing written.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Group {
  groupId: string;
  name: string;
  alertRoute: { chatId: number; messageThreadId: number | null } | null;
  servers: number;
}
interface Check {
  checkId: string;
  definition: Record<string, unknown>;
  timing: { intervalSeconds: number; timeoutSeconds: number };
  state: string;
}
interface Server {
  serverId: string;
  name: string;
  host: string;
  groupId: string | null;
  status: string;
  state: string;
  checks: Check[];
}
interface Window {
  windowId: string;
  status: string;
  target: { kind: string; serverId?: string };
  endedAt: string | null;
}

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });
const json = async <B>(response: Response): Promise<B> => (await response.json()) as B;

const monitoringEvents = async (t: T) =>
  Number(
    (
      await t.context.api.database.pool.query<{ n: string }>(
        "select count(*) n from es.events where stream_id like 'monitoring-%'",
      )
    ).rows[0]?.n ?? -1,
  );

const tcpServer = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  host: `${name}.corp.example`,
  checks: [{ definition: { kind: 'tcp', port: 5432 }, timing: { intervalSeconds: 30 } }],
  ...overrides,
});

let groupId = '';
let server: Server | undefined;

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always((t) => t.context.api?.stop());

test('creates a group routed to a chat and a forum topic, once for one Idempotency-Key', async (t) => {
  const body = { name: 'Базы данных', alertRoute: { chatId: -1001234567890, messageThreadId: 42 } };
  const headers = { 'Idempotency-Key': 'group-1' };
  const created = await call(t, '/monitoring/groups', { body, headers });
  t.is(created.status, 201);
  const group = await json<Group>(created);
  t.like(group, {
    name: 'Базы данных',
    alertRoute: { chatId: -1001234567890, messageThreadId: 42 },
    servers: 0,
  });
  groupId = group.groupId;
  const events = await monitoringEvents(t);
  const again = await call(t, '/monitoring/groups', { body, headers });
  t.is((await json<Group>(again)).groupId, groupId);
  t.is(await monitoringEvents(t), events, 'the retry wrote nothing');
  const listed = await json<{ items: Group[] }>(await call(t, '/monitoring/groups'));
  t.deepEqual(
    listed.items.map((g) => g.name),
    ['Базы данных'],
  );
});

test('a patch of several fields is one request: each part once for its Idempotency-Key', async (t) => {
  const patch = {
    method: 'PATCH',
    body: { name: 'Базы', statusRule: { kind: 'atLeast', count: 2 }, quietHours: null },
    headers: { 'Idempotency-Key': 'group-patch-1' },
  };
  const before = await monitoringEvents(t);
  const patched = await call(t, `/monitoring/groups/${groupId}`, patch);
  t.is(patched.status, 200);
  t.like(await json<object>(patched), { name: 'Базы', statusRule: { kind: 'atLeast', count: 2 } });
  const written = await monitoringEvents(t);
  t.is(written, before + 2, 'renamed and its rule set; quiet hours were none already');
  const again = await call(t, `/monitoring/groups/${groupId}`, patch);
  t.is(again.status, 200);
  await again.arrayBuffer();
  t.is(await monitoringEvents(t), written, 'the retry wrote nothing');
  const renamedBack = await call(t, `/monitoring/groups/${groupId}`, {
    method: 'PATCH',
    body: { name: 'Базы данных' },
  });
  t.is(renamedBack.status, 200);
  await renamedBack.arrayBuffer();
});

test('registers a server with a TCP check into the group and reads it back', async (t) => {
  const created = await call(t, '/monitoring/servers', { body: tcpServer('db1', { groupId }) });
  t.is(created.status, 201);
  server = await json<Server>(created);
  t.like(server, { name: 'db1', host: 'db1.corp.example', groupId, status: 'active', state: 'unknown' });
  t.is(server.checks.length, 1);
  t.deepEqual(server.checks[0]?.definition, { kind: 'tcp', host: 'db1.corp.example', port: 5432 });
  t.like(server.checks[0]?.timing, { intervalSeconds: 30, timeoutSeconds: 10 });
  const read = await call(t, `/monitoring/servers/${server.serverId}`);
  t.is(read.status, 200);
  t.like(await json<Server>(read), { serverId: server.serverId, name: 'db1', state: 'unknown' });
  const group = await json<Group>(await call(t, `/monitoring/groups/${groupId}`));
  t.is(group.servers, 1);
});

test('renames and pauses the server', async (t) => {
  if (!server) throw new Error('no server registered');
  const renamed = await call(t, `/monitoring/servers/${server.serverId}`, {
    method: 'PATCH',
    body: { name: 'db-main' },
  });
  t.is(renamed.status, 200);
  t.is((await json<Server>(renamed)).name, 'db-main');
  const paused = await call(t, `/monitoring/servers/${server.serverId}/pause`, { body: {} });
  t.is(paused.status, 200);
  t.like(await json<Server>(paused), { status: 'paused', state: 'paused' });
  const states = await json<{ servers: Server[] }>(await call(t, '/monitoring/states'));
  t.like(
    states.servers.find((s) => s.serverId === server?.serverId),
    { name: 'db-main', state: 'paused' },
  );
});

test('opens a maintenance window on the server and ends it', async (t) => {
  if (!server) throw new Error('no server registered');
  const from = new Date();
  const until = new Date(from.getTime() + 30 * 60_000);
  const opened = await call(t, '/monitoring/maintenance', {
    body: {
      target: { kind: 'server', serverId: server.serverId },
      schedule: { kind: 'once', from: from.toISOString(), until: until.toISOString() },
      reason: 'замена диска',
    },
  });
  t.is(opened.status, 201);
  const window = await json<Window>(opened);
  t.like(window, { status: 'scheduled', target: { kind: 'server', serverId: server.serverId } });
  const listed = await json<{ items: Window[] }>(
    await call(t, `/monitoring/maintenance?serverId=${server.serverId}`),
  );
  t.deepEqual(
    listed.items.map((w) => w.windowId),
    [window.windowId],
  );
  const ended = await call(t, `/monitoring/maintenance/${window.windowId}/end`, { body: {} });
  t.is(ended.status, 200);
  t.is((await json<Window>(ended)).status, 'ended');
});

test('acknowledging without an incident: 404 for no such check, 409 when its check has none open', async (t) => {
  const check = server?.checks[0];
  if (!check) throw new Error('no check registered');
  const unknown = await call(t, `/monitoring/incidents/${randomUUID()}:1/acknowledge`, { body: {} });
  t.is(unknown.status, 404);
  const notOpen = await call(t, `/monitoring/incidents/${check.checkId}:1/acknowledge`, { body: {} });
  t.is(notOpen.status, 409);
  t.is((await json<Problem>(notOpen)).code, 'INCIDENT.NOT_OPEN');
  t.is((await call(t, `/monitoring/incidents/${check.checkId}:1`)).status, 404);
  t.deepEqual(await json<{ items: unknown[] }>(await call(t, '/monitoring/incidents?open=true')), {
    items: [],
  });
});

/** Sends a bad request and checks it is refused with `status`, naming `field`, and writes nothing. */
async function refused(
  t: T,
  path: string,
  options: ApiCall,
  status: number,
  field: string,
): Promise<Problem> {
  const before = await monitoringEvents(t);
  const response = await call(t, path, options);
  t.is(response.status, status, `${path} ${JSON.stringify(options.body)}`);
  const problem = await json<Problem>(response);
  const named = [problem.detail, ...(problem.errors ?? []).map((e) => e.path)].join(' ');
  t.true(named.includes(field), `${named} names ${field}`);
  t.is(await monitoringEvents(t), before, 'nothing written');
  return problem;
}

test('refuses bad input with 422 naming the field, writing nothing', async (t) => {
  const check = (definition: object, timing: object = {}) => ({ checks: [{ definition, timing }] });
  await refused(
    t,
    '/monitoring/servers',
    { body: tcpServer('bad1', check({ kind: 'tcp', port: 70000 })) },
    422,
    'body.checks.0.definition.port',
  );
  await refused(
    t,
    '/monitoring/servers',
    { body: tcpServer('bad2', check({ kind: 'tcp', port: 22 }, { intervalSeconds: 5 })) },
    422,
    'body.checks.0.timing.intervalSeconds',
  );
  await refused(
    t,
    '/monitoring/servers',
    { body: tcpServer('bad3', check({ kind: 'tcp', port: 22 }, { intervalSeconds: 3601 })) },
    422,
    'body.checks.0.timing.intervalSeconds',
  );
  await refused(
    t,
    '/monitoring/servers',
    {
      body: tcpServer(
        'bad4',
        check({ kind: 'http', url: 'https://intranet.corp.example/', keyword: 'я'.repeat(513) }),
      ),
    },
    422,
    'body.checks.0.definition.keyword',
  );
  const neverFires = await refused(
    t,
    '/monitoring/maintenance',
    {
      body: {
        target: { kind: 'group', groupId },
        schedule: { kind: 'recurring', cron: '0 0 30 2 *', timeZone: 'Europe/Moscow', durationMinutes: 60 },
      },
    },
    422,
    'body.schedule.cron',
  );
  t.is(neverFires.code, 'MAINTENANCE.CRON_NEVER_FIRES');
});

test('refuses a parent that would make a cycle, writing nothing', async (t) => {
  const a = await json<Server>(await call(t, '/monitoring/servers', { body: tcpServer('router') }));
  const b = await json<Server>(
    await call(t, '/monitoring/servers', { body: tcpServer('switch', { parentId: a.serverId }) }),
  );
  t.is(b.serverId.length, 36);
  const problem = await refused(
    t,
    `/monitoring/servers/${a.serverId}`,
    { method: 'PATCH', body: { parentId: b.serverId } },
    422,
    'body.parentId',
  );
  t.is(problem.code, 'SERVER.PARENT_CYCLE');
});

test('a viewer reads monitoring and changes nothing; an operator writes', async (t) => {
  const viewer = await createSignedInUser(t.context.api, t.context.admin, 'viewer', 'mon-viewer');
  const operator = await createSignedInUser(t.context.api, t.context.admin, 'operator', 'mon-operator');
  const read = await call(t, '/monitoring/servers', { token: viewer.token });
  t.is(read.status, 200);
  t.true((await json<{ items: Server[] }>(read)).items.length >= 1);
  const before = await monitoringEvents(t);
  const refusedWrite = await call(t, '/monitoring/groups', { token: viewer.token, body: { name: 'Чужая' } });
  t.is(refusedWrite.status, 403);
  await refusedWrite.arrayBuffer();
  t.is(await monitoringEvents(t), before, 'nothing written');
  const written = await call(t, '/monitoring/groups', { token: operator.token, body: { name: 'Сеть' } });
  t.is(written.status, 201);
  t.is((await json<Group>(written)).name, 'Сеть');
});

interface Incident {
  incidentId: string;
  closedAt: string | null;
  acknowledgedBy: { kind: string; name: string } | null;
}

test('a check the scheduler finds down opens an incident that an operator acknowledges once', async (t) => {
  const web = await json<Server>(await call(t, '/monitoring/servers', { body: tcpServer('web1') }));
  const check = web.checks[0];
  if (!check) throw new Error('no check registered');
  // What the scheduler will do: record a failed probe of one slot (no retries: DOWN at once).
  const { database } = t.context.api;
  const store = createPostgresEventStore({ pool: database.pool, url: database.url });
  const at = new Date().toISOString();
  const slot = Math.floor(Date.parse(at) / 30_000);
  try {
    const checkStates = makeCheckStateCommands({ store });
    const result = { checkId: check.checkId, serverId: web.serverId, slot, at, error: 'refused', retries: 0 };
    await checkStates.recordResult({ ...result, status: 'down' }, { ...testMetadata, occurredAt: at });
  } finally {
    await store.close();
  }
  const open = await eventually(async () => {
    const listed = await json<{ items: Incident[] }>(
      await call(t, `/monitoring/incidents?open=true&serverId=${web.serverId}`),
    );
    return listed.items[0] ?? null;
  }, 20_000);
  t.like(open, { incidentId: `${check.checkId}:${slot}`, closedAt: null, acknowledgedBy: null });
  const path = `/monitoring/incidents/${check.checkId}:${slot}/acknowledge`;
  const taken = await call(t, path, { body: {}, headers: { 'Idempotency-Key': 'ack-1' } });
  t.is(taken.status, 200);
  t.like(await json<Incident>(taken), { acknowledgedBy: { kind: 'admin', name: 'admin' } });
  const events = await monitoringEvents(t);
  const again = await call(t, path, { body: {} });
  t.is(again.status, 200);
  await again.arrayBuffer();
  t.is(await monitoringEvents(t), events, 'taken once');
  t.like(await json<Server>(await call(t, `/monitoring/servers/${web.serverId}`)), { state: 'down' });
});

test('uptime, latency and recent results of a server read the results store; a bad range is 422', async (t) => {
  const web = (await json<{ items: Server[] }>(await call(t, '/monitoring/servers'))).items.find(
    (s) => s.name === 'web1',
  );
  const check = web?.checks[0];
  if (!web || !check) throw new Error('web1 is not there');
  // No scheduler runs in this file: nothing was recorded, and every figure says so.
  const uptime = await call(t, `/monitoring/servers/${web.serverId}/uptime`);
  t.is(uptime.status, 200);
  t.like(await json<object>(uptime), {
    last24h: { total: 0, up: 0, ratio: null },
    checks: [{ checkId: check.checkId, last30d: { total: 0, ratio: null } }],
  });
  const latency = await call(t, `/monitoring/servers/${web.serverId}/latency?checkId=${check.checkId}`);
  t.is(latency.status, 200);
  t.like(await json<object>(latency), { percentiles: { samples: 0, p99: null }, buckets: [] });
  const recent = await call(t, `/monitoring/servers/${web.serverId}/checks/${check.checkId}/results`);
  t.deepEqual(await json<object>(recent), { items: [] });
  const tooFine = await call(
    t,
    `/monitoring/servers/${web.serverId}/latency?bucketSeconds=60&from=2026-11-20T00:00:00Z&until=2026-11-30T00:00:00Z`,
  );
  t.is(tooFine.status, 422);
  t.true((await json<Problem>(tooFine)).errors?.some((e) => e.path === 'query.bucketSeconds'));
  t.is((await call(t, `/monitoring/servers/${randomUUID()}/uptime`)).status, 404);
});
