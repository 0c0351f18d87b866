import anyTest, { type TestFn } from 'ava';
import type { PostgresEventStore } from '../../../../infrastructure/event-store/index.ts';
import { createPostgresEventStore } from '../../../../infrastructure/event-store/index.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { monitoringCommands } from '../../../application/monitoring/monitoring-fixture.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../../support/served-api.ts';

// `tbot serve` with every role: its scheduler judges the push check's slots, its API takes the pushes.
interface Context {
  api: ServedApi;
  store: PostgresEventStore;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.api = await startServedApi();
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
});

const INTERVAL_S = 10;
const timing = {
  intervalSeconds: INTERVAL_S,
  timeoutSeconds: 2,
  retries: 0,
  retryIntervalSeconds: 10,
  resendIntervalSeconds: 0,
};

test('a push records an up, a missed interval is DOWN, an unknown token is 404 with nothing written', async (t) => {
  const { api, store } = t.context;
  const { servers } = monitoringCommands(store);
  const registration = await servers.register(
    { name: 'backup01', host: 'backup01.corp.local', checks: [{ definition: { kind: 'push' }, timing }] },
    { metadata },
  );
  const token = registration.pushTokens[0]?.token ?? '';
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${registration.serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const rows = async () =>
    (
      await api.database.pool.query<{ status: string }>(
        'select status from monitoring.check_results where check_id = $1 order by slot',
        [checkId],
      )
    ).rows.map((row) => row.status);
  const changes = async () => (await store.readStream(`monitoring-check-${checkId}`)).map((e) => e.type);
  const allRows = async () =>
    Number(
      (await api.database.pool.query<{ n: string }>('select count(*) as n from monitoring.check_results'))
        .rows[0]?.n,
    );

  const pushed = await api.call(`/monitoring/push/${token}`);
  t.is(pushed.status, 200);
  t.deepEqual(await pushed.json(), { ok: true });
  t.is((await api.call(`/monitoring/push/${token}`, { method: 'POST' })).status, 200, 'POST as well as GET');
  t.deepEqual(await rows(), ['up'], 'two pushes in one interval are one up');
  t.deepEqual(await changes(), ['CheckWentUp']);
  const logged = api.node.logs.filter((line) => JSON.stringify(line).includes(token));
  t.deepEqual(logged, [], 'the token is a credential: no log line carries it');
  t.true(
    api.node.logs.some(
      (line) => line['msg'] === 'http request' && line['path'] === '/api/v1/monitoring/push/:token',
    ),
    'the access log names the route',
  );

  const before = await allRows();
  const unknown = await api.call(`/monitoring/push/${'x'.repeat(43)}`);
  t.is(unknown.status, 404);
  t.is(await allRows(), before, 'nothing written for an unknown token');
  t.is((await api.call('/monitoring/push/bad%20token')).status, 422);

  // No push any more: the scheduler finds a slot without one.
  const down = await eventually(
    async () => (await changes()).includes('ServerWentDown'),
    INTERVAL_S * 4 * 1000,
    250,
  );
  t.true(down, `state changes: ${(await changes()).join(', ')}`);
  const events = await store.readStream(`monitoring-check-${checkId}`);
  t.like(events.at(-1)?.data, { checkId, error: 'no push within the interval', from: 'up' });
  t.is((await rows()).at(-1), 'down');

  t.is((await api.call(`/monitoring/push/${token}`)).status, 200);
  t.deepEqual(
    (await changes()).slice(-2),
    ['ServerWentDown', 'ServerRecovered'],
    'a push recovers it at once',
  );
});
