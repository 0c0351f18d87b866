import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { eventually } from '../../support/eventually.ts';
import { type TcpTarget, startTcpTarget } from '../../support/monitoring-targets/tcp-target.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';

// `tbot_servers{group}`, `tbot_server_up{group}` and `tbot_server_down{group}` on `/metrics` of `tbot serve`,
// whose own scheduler probes real TCP listeners on 127.0.0.1: one accepts, one refuses, then accepts again.
interface Context {
  api: ServedApi;
  admin: string;
  up: TcpTarget;
  flapping: TcpTarget;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

const timing = { intervalSeconds: 10, timeoutSeconds: 2, retries: 0, retryIntervalSeconds: 10 };
const GROUP = 'Базы данных';
const EMPTY = 'Пустая';
let emptyGroupId = '';

const post = async (t: T, path: string, body: object): Promise<{ groupId: string; serverId: string }> => {
  const response = await t.context.api.call(path, { token: t.context.admin, body });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { groupId: string; serverId: string };
};

const scrape = async (t: T): Promise<string> => (await fetch(`${t.context.api.node.baseUrl}/metrics`)).text();

/** The value of `name{group="..."}` in a scrape, `null` when the series is not there. */
const valueOf = (metrics: string, name: string, group: string): number | null => {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{group="${group}"} `));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
};

const figures = (metrics: string, group: string) => ({
  servers: valueOf(metrics, 'tbot_servers', group),
  up: valueOf(metrics, 'tbot_server_up', group),
  down: valueOf(metrics, 'tbot_server_down', group),
});

test.before(async (t) => {
  t.context.up = await startTcpTarget();
  t.context.flapping = await startTcpTarget();
  await t.context.flapping.refuse();
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.up?.close();
  await t.context.flapping?.close();
});

test('counts the servers of each group, those UP and those DOWN, as the scheduler finds them', async (t) => {
  const { groupId } = await post(t, '/monitoring/groups', { name: GROUP });
  emptyGroupId = (await post(t, '/monitoring/groups', { name: EMPTY })).groupId;
  const tcp = (port: number) => [{ definition: { kind: 'tcp', port }, timing }];
  await post(t, '/monitoring/servers', {
    name: 'db-up',
    host: '127.0.0.1',
    groupId,
    checks: tcp(t.context.up.port),
  });
  await post(t, '/monitoring/servers', {
    name: 'db-flapping',
    host: '127.0.0.1',
    groupId,
    checks: tcp(t.context.flapping.port),
  });
  await post(t, '/monitoring/servers', { name: 'lonely', host: '127.0.0.1', checks: tcp(t.context.up.port) });

  const metrics = await eventually(
    async () => {
      const scraped = await scrape(t);
      const group = figures(scraped, GROUP);
      return group.up === 1 && group.down === 1 && figures(scraped, '').up === 1 ? scraped : null;
    },
    60_000,
    500,
  );
  if (metrics === null) throw new Error(`no probe result reached /metrics: ${await scrape(t)}`);
  t.deepEqual(figures(metrics, GROUP), { servers: 2, up: 1, down: 1 });
  t.deepEqual(figures(metrics, EMPTY), { servers: 0, up: 0, down: 0 });
  t.deepEqual(figures(metrics, ''), { servers: 1, up: 1, down: 0 }, 'the server in no group');
  t.regex(metrics, /^# TYPE tbot_server_up gauge$/m);
});

test('a server that comes back counts UP again', async (t) => {
  await t.context.flapping.accept();
  const metrics = await eventually(
    async () => {
      const scraped = await scrape(t);
      return figures(scraped, GROUP).up === 2 ? scraped : null;
    },
    60_000,
    500,
  );
  if (metrics === null) throw new Error(`the server did not come back on /metrics: ${await scrape(t)}`);
  t.deepEqual(figures(metrics, GROUP), { servers: 2, up: 2, down: 0 });
});

test('a removed group leaves /metrics with the next scrape', async (t) => {
  t.not(valueOf(await scrape(t), 'tbot_servers', EMPTY), null);
  const removed = await t.context.api.call(`/monitoring/groups/${emptyGroupId}`, {
    token: t.context.admin,
    method: 'DELETE',
  });
  t.is(removed.status, 200);
  await removed.arrayBuffer();
  // The DELETE answered 200 once the read model showed it: the next scrape reads the same model.
  const metrics = await scrape(t);
  t.deepEqual(figures(metrics, EMPTY), { servers: null, up: null, down: null });
  t.is(valueOf(metrics, 'tbot_servers', GROUP), 2);
});
