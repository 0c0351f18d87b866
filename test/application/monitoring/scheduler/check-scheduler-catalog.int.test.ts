import anyTest, { type TestFn } from 'ava';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { INTERVAL_MS, fastTiming, startTestScheduler, stateChanges } from './scheduler-fixture.ts';

type Context = EventStoreContext & { first: TcpTarget; second: TcpTarget };
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 6 });

test.before(async (t) => {
  t.context.first = await startTcpTarget();
  t.context.second = await startTcpTarget();
});

test.after.always(async (t) => {
  await t.context.first?.close();
  await t.context.second?.close();
});

test('the scheduler follows the catalog: a changed check probes its new target, a paused server stops, a resumed one starts again', async (t) => {
  const { store, database, first, second } = t.context;
  const { servers } = monitoringCommands(store);
  const { serverId } = await servers.register(
    {
      name: 'erp01',
      host: '127.0.0.1',
      checks: [{ definition: { kind: 'tcp', port: first.port }, timing: fastTiming }],
    },
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
  const { scheduler } = running;
  try {
    t.true(await eventually(() => first.accepted() >= 1, INTERVAL_MS * 3, 100), 'the first target probed');
    await servers.changeCheck(
      serverId,
      checkId,
      { definition: { kind: 'tcp', port: second.port }, timing: fastTiming },
      { metadata },
    );
    t.true(await eventually(() => second.accepted() >= 1, INTERVAL_MS * 3, 100), 'the new port probed');
    const firstAfterChange = first.accepted();

    await servers.pause(serverId, { metadata });
    t.true(await eventually(() => scheduler.scheduled() === 0, 5000, 50), 'a paused server has no check run');
    await servers.resume(serverId, { metadata });
    t.true(await eventually(() => scheduler.scheduled() === 1, 5000, 50), 'resumed');
    const changes = async () => (await stateChanges(store, checkId)).length;
    t.true(await eventually(async () => (await changes()) >= 4, INTERVAL_MS * 3, 100), 'runs again');
    t.is(first.accepted(), firstAfterChange, 'the old port is not probed any more');
  } finally {
    await running.stop();
  }
  const types = (await stateChanges(store, checkId)).map((event) => event.type);
  t.deepEqual(types.slice(0, 3), ['CheckWentUp', 'CheckPaused', 'CheckResumed'], types.join(', '));
  t.is(types[3], 'CheckWentUp', 'up again after the resume');
});
