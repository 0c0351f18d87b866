import anyTest, { type TestFn } from 'ava';
import { makeMaintenanceCommands } from '../../../../application/monitoring/index.ts';
import { randomIds } from '../../../../application/ports/index.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { INTERVAL_MS, fastTiming, startTestScheduler, stateChanges } from './scheduler-fixture.ts';

type Context = EventStoreContext & { target: TcpTarget };
// Serial: each test runs the single node's scheduler, which claims every partition of the file's database.
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 6 });

test.before(async (t) => {
  t.context.target = await startTcpTarget();
});

test.after.always(async (t) => {
  await t.context.target?.close();
});

test.serial(
  'a maintenance window of the server starts on its check, and its end re-evaluates the check at once',
  async (t) => {
    const { store, database, target } = t.context;
    const { servers } = monitoringCommands(store);
    const maintenance = makeMaintenanceCommands({ store, ids: randomIds });
    const { serverId } = await servers.register(
      {
        name: 'files01',
        host: '127.0.0.1',
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    const checkId = registered?.data.checks[0]?.checkId ?? '';
    const types = async () => (await stateChanges(store, checkId)).map((event) => event.type);
    const { running } = startTestScheduler({
      nodeId: 'single',
      database,
      store,
      leases: createMemoryLeaseManager({ nodeId: 'single' }),
    });
    try {
      t.true(await eventually(async () => (await types()).length > 0, INTERVAL_MS * 3), 'a first result');
      const from = new Date();
      const until = new Date(from.getTime() + 4000);
      const { windowId } = await maintenance.schedule(
        {
          target: { kind: 'server', serverId },
          schedule: { kind: 'once', from: from.toISOString(), until: until.toISOString() },
          reason: 'disk swap',
        },
        { metadata },
      );
      t.true(await eventually(async () => (await types()).includes('MaintenanceStarted'), 5000), 'started');
      const ended = await eventually(async () => (await types()).includes('MaintenanceEnded'), 15_000);
      t.true(ended, (await types()).join(', '));
      const events = await stateChanges(store, checkId);
      t.deepEqual(
        events.map((event) => event.type),
        ['CheckWentUp', 'MaintenanceStarted', 'MaintenanceEnded', 'CheckWentUp'],
        'the end is evaluated on a probe taken then, in the same append',
      );
      t.like(events[1]?.data, { windowId, from: 'up' });
      t.like(events[3]?.data, { from: 'maintenance' });
      t.true((events[2]?.recordedAt.getTime() ?? 0) >= until.getTime(), 'ended when the window did');
    } finally {
      await running.stop();
    }
  },
);

test.serial('a window of a group silences the checks of its servers, and only those', async (t) => {
  const { store, database, target } = t.context;
  const { groups, servers } = monitoringCommands(store);
  const maintenance = makeMaintenanceCommands({ store, ids: randomIds });
  const { groupId } = await groups.create({ name: 'Склад' }, { metadata });
  const register = async (name: string, inGroup: string | null) => {
    const { serverId } = await servers.register(
      {
        name,
        host: '127.0.0.1',
        groupId: inGroup,
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    return registered?.data.checks[0]?.checkId ?? '';
  };
  const member = await register('wh-scanner', groupId);
  const outsider = await register('wh-printer', null);
  const types = async (checkId: string) => (await stateChanges(store, checkId)).map((event) => event.type);
  const { running } = startTestScheduler({
    nodeId: 'single',
    database,
    store,
    leases: createMemoryLeaseManager({ nodeId: 'single' }),
  });
  try {
    const bothUp = async () => (await types(member)).length > 0 && (await types(outsider)).length > 0;
    t.true(await eventually(bothUp, INTERVAL_MS * 3), 'first results');
    const from = new Date();
    await maintenance.schedule(
      {
        target: { kind: 'group', groupId },
        schedule: {
          kind: 'once',
          from: from.toISOString(),
          until: new Date(from.getTime() + 3000).toISOString(),
        },
      },
      { metadata },
    );
    t.true(await eventually(async () => (await types(member)).includes('MaintenanceEnded'), 15_000));
  } finally {
    await running.stop();
  }
  t.deepEqual(await types(member), ['CheckWentUp', 'MaintenanceStarted', 'MaintenanceEnded', 'CheckWentUp']);
  t.deepEqual(await types(outsider), ['CheckWentUp'], 'a server outside the group is not in its window');
});
