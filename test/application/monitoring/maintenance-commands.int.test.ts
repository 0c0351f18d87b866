import anyTest, { type TestFn } from 'ava';
import {
  type MaintenanceCommands,
  type ServerGroupCommands,
  makeMaintenanceCommands,
  makeServerGroupCommands,
} from '../../../application/monitoring/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

interface Context extends EventStoreContext {
  maintenance: MaintenanceCommands;
  groups: ServerGroupCommands;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  const { store } = t.context;
  t.context.maintenance = makeMaintenanceCommands({ store, ids: randomIds });
  const members = { countServers: () => Promise.resolve(0) };
  t.context.groups = makeServerGroupCommands({ store, ids: randomIds, members });
});

const weekly = {
  kind: 'recurring',
  cron: '0 3 * * 0',
  timeZone: 'Europe/Moscow',
  durationMinutes: 120,
} as const;

test('schedules a recurring window of a group, then ends it', async (t) => {
  const { maintenance, groups, store } = t.context;
  const { groupId } = await groups.create({ name: 'Филиал' }, { metadata });
  const { windowId } = await maintenance.schedule(
    { target: { kind: 'group', groupId }, schedule: weekly, reason: 'Обновления' },
    { metadata },
  );
  await maintenance.end(windowId, { metadata });
  const events = await store.readStream(`monitoring-maintenance-${windowId}`);
  t.deepEqual(
    events.map((event) => [event.type, event.data]),
    [
      [
        'MaintenanceWindowScheduled',
        { windowId, target: { kind: 'group', groupId }, schedule: weekly, reason: 'Обновления' },
      ],
      ['MaintenanceWindowEnded', { windowId, at: metadata.occurredAt }],
    ],
  );
});

test.serial(
  'refuses, writing nothing, a cron that never fires, one croner cannot read, and a missing target',
  async (t) => {
    const { maintenance, groups, store } = t.context;
    const { groupId } = await groups.create({ name: 'Склад' }, { metadata });
    const target = { kind: 'group', groupId } as const;
    const before = await store.headCheckpoint();
    await t.throwsAsync(
      maintenance.schedule({ target, schedule: { ...weekly, cron: '0 0 30 2 *' } }, { metadata }),
      {
        code: 'MAINTENANCE.CRON_NEVER_FIRES',
      },
    );
    await t.throwsAsync(
      maintenance.schedule({ target, schedule: { ...weekly, cron: '0 25 * * *' } }, { metadata }),
      {
        code: 'MAINTENANCE.INVALID_CRON',
      },
    );
    await t.throwsAsync(
      maintenance.schedule(
        { target: { kind: 'server', serverId: 'b0000000-0000-4000-8000-00000000dead' }, schedule: weekly },
        { metadata },
      ),
      { code: 'MAINTENANCE.TARGET_NOT_FOUND' },
    );
    t.deepEqual(await store.headCheckpoint(), before);
  },
);
