import anyTest, { type TestFn } from 'ava';
import { makeCheckStateCommands } from '../../../../application/monitoring/index.ts';
import {
  eventLogCheckCatalog,
  maintenanceOfCheck,
  makePushReceiver,
} from '../../../../application/monitoring/scheduler/index.ts';
import type { EventStore } from '../../../../application/ports/index.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { partitionEpochs } from '../../../../infrastructure/monitoring/partitions/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { fastTiming, stateChanges } from './scheduler-fixture.ts';

const test = anyTest as TestFn<EventStoreContext>;
withEventStore(test, { poolMax: 4 });

test('a push whose state update failed after its row was written is applied when the client retries (G18)', async (t) => {
  const { store, database } = t.context;
  const { servers } = monitoringCommands(store);
  const registration = await servers.register(
    { name: 'backup02', host: 'backup02', checks: [{ definition: { kind: 'push' }, timing: fastTiming }] },
    { metadata },
  );
  const token = registration.pushTokens[0]?.token ?? '';
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${registration.serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  // The database goes away for the state append of the first push (the row was committed before it).
  let failNext = true;
  const flaky: EventStore = {
    ...store,
    append: (...args: Parameters<EventStore['append']>) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('connection terminated'));
      }
      return store.append(...args);
    },
  };
  const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
  const receiver = makePushReceiver({
    catalog: eventLogCheckCatalog(store),
    results,
    currentEpoch: async (partition) =>
      (await partitionEpochs(database.pool, [partition])).get(partition) ?? null,
    checkStates: makeCheckStateCommands({ store: flaky }),
    maintenanceOf: maintenanceOfCheck(store),
  });
  await t.throwsAsync(receiver.receive(token), { message: 'connection terminated' });
  t.is((await results.recent(checkId, 5)).length, 1, 'the first try wrote its row');
  t.deepEqual(await stateChanges(store, checkId), [], 'but not its state');
  t.is(await receiver.receive(token), 'recorded');
  t.deepEqual(
    (await stateChanges(store, checkId)).map((event) => event.type),
    ['CheckWentUp'],
    'the retry applied it',
  );
  t.is(await receiver.receive(token), 'recorded');
  t.is((await stateChanges(store, checkId)).length, 1, 'a third push in the slot changes nothing');
});

test('a push received while its check is in maintenance is recorded as such and left out of the uptime', async (t) => {
  const { store, database } = t.context;
  const { servers } = monitoringCommands(store);
  const registration = await servers.register(
    { name: 'backup03', host: 'backup03', checks: [{ definition: { kind: 'push' }, timing: fastTiming }] },
    { metadata },
  );
  const token = registration.pushTokens[0]?.token ?? '';
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${registration.serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const checkStates = makeCheckStateCommands({ store });
  const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
  const receiver = makePushReceiver({
    catalog: eventLogCheckCatalog(store),
    results,
    currentEpoch: async (partition) =>
      (await partitionEpochs(database.pool, [partition])).get(partition) ?? null,
    checkStates,
    maintenanceOf: maintenanceOfCheck(store),
  });
  await checkStates.startMaintenance(
    { checkId, serverId: registration.serverId },
    'a-window',
    new Date(),
    metadata,
  );
  t.is(await receiver.receive(token), 'recorded');
  const { rows } = await database.pool.query<{ in_maintenance: boolean }>(
    'select in_maintenance from monitoring.check_results where check_id = $1',
    [checkId],
  );
  t.deepEqual(rows, [{ in_maintenance: true }]);
  t.like((await results.uptime({ checkId }, new Date(Date.now() + 3_600_000))).last24h, { total: 0, up: 0 });
});
