import anyTest, { type TestFn } from 'ava';
import { type ServerGroupCommands, makeServerGroupCommands } from '../../../application/monitoring/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

interface Context extends EventStoreContext {
  groups: ServerGroupCommands;
  /** What the stand-in read model answers for the servers of a group. */
  servers: Map<string, number>;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  t.context.servers = new Map();
  const members = { countServers: (id: string) => Promise.resolve(t.context.servers.get(id) ?? 0) };
  t.context.groups = makeServerGroupCommands({ store: t.context.store, ids: randomIds, members });
});

test('creates a group and routes its alerts to a forum topic, on its own stream', async (t) => {
  const { groups, store } = t.context;
  const { groupId } = await groups.create({ name: ' Склад ' }, { metadata });
  await groups.routeAlerts(groupId, { chatId: -1001, messageThreadId: 7 }, { metadata });
  const events = await store.readStream(`monitoring-group-${groupId}`);
  t.deepEqual(
    events.map((event) => [event.type, event.data]),
    [
      ['ServerGroupCreated', { groupId, name: 'Склад', statusRule: { kind: 'any' } }],
      ['ServerGroupAlertsRouted', { groupId, from: null, to: { chatId: -1001, messageThreadId: 7 } }],
    ],
  );
});

test('refuses to remove a group that still holds servers, and writes nothing', async (t) => {
  const { groups, servers, store } = t.context;
  const { groupId } = await groups.create({ name: 'Филиал' }, { metadata });
  servers.set(groupId, 4);
  await t.throwsAsync(groups.remove(groupId, { metadata }), { message: /4 server/ });
  t.is((await store.readStream(`monitoring-group-${groupId}`)).length, 1);
  servers.set(groupId, 0);
  const removed = await groups.remove(groupId, { metadata });
  t.is(removed.events[0]?.type, 'ServerGroupRemoved');
});

test('a creation retried with its idempotency key names the same group and appends nothing', async (t) => {
  const { groups, store } = t.context;
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const first = await groups.create({ name: 'ЦОД' }, write);
  const again = await groups.create({ name: 'ЦОД' }, write);
  t.is(again.groupId, first.groupId);
  t.true(again.duplicate);
  t.is((await store.readStream(`monitoring-group-${first.groupId}`)).length, 1);
});
