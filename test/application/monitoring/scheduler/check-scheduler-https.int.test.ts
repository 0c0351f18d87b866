import anyTest, { type TestFn } from 'ava';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { type HttpTarget, startHttpTarget } from '../../../support/monitoring-targets/http-target.ts';
import { selfSignedCertificate } from '../../../support/monitoring-targets/self-signed-certificate.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { INTERVAL_MS, fastTiming, startTestScheduler, stateChanges } from './scheduler-fixture.ts';

type Context = EventStoreContext & { target: HttpTarget };
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 6 });

test.before(async (t) => {
  t.context.target = await startHttpTarget(await selfSignedCertificate(3));
});

test.after.always(async (t) => {
  await t.context.target?.close();
});

test('an https check whose certificate ends in 3 days is UP and warns once, from the scheduler’s run', async (t) => {
  const { store, database, target } = t.context;
  t.is(target.requests('/health'), 0);
  const { servers } = monitoringCommands(store);
  const definition = {
    kind: 'http',
    url: `${target.url}/health`,
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    tlsExpiryWarningDays: 7,
    ignoreTlsErrors: true,
  } as const;
  const { serverId } = await servers.register(
    { name: 'intranet', host: '127.0.0.1', checks: [{ definition, timing: fastTiming }] },
    { metadata },
  );
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const { running } = startTestScheduler({
    nodeId: 'single',
    database,
    store,
    leases: createMemoryLeaseManager({ nodeId: 'single' }),
  });
  try {
    const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
    const recorded = await eventually(
      async () => (await results.recent(checkId, 10)).length >= 2,
      INTERVAL_MS * 4,
      200,
    );
    t.true(recorded, 'two runs recorded');
  } finally {
    await running.stop();
  }
  const events = await stateChanges(store, checkId);
  t.deepEqual(
    events.map((event) => event.type),
    ['CheckWentUp', 'CertificateExpiring'],
    'warned once over two runs',
  );
  const validTo = Date.parse((events[1]?.data as { validTo: string }).validTo);
  t.true(validTo > Date.now() && validTo < Date.now() + 4 * 86_400_000);
});
