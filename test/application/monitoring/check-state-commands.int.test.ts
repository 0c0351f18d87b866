import anyTest, { type TestFn } from 'ava';
import { type CheckResult, makeCheckStateCommands } from '../../../application/monitoring/index.ts';
import { type EventStore, randomIds } from '../../../application/ports/index.ts';
import type { CheckStateEvent, ServerRegistered } from '../../../domain/monitoring/index.ts';
import type { Event, EventMetadata } from '../../../domain/shared/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';
import { type MonitoringCommands, monitoringCommands, timing } from './monitoring-fixture.ts';

type Context = EventStoreContext & MonitoringCommands;
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  Object.assign(t.context, monitoringCommands(t.context.store));
});

const scheduler: EventMetadata = {
  ...metadata,
  actor: { kind: 'system', id: 'scheduler', name: 'Scheduler' },
};
const at = (slot: number) => new Date(slot * 60_000).toISOString();

/** A server with one TCP check, and a way to report that check's results. */
async function serverWithCheck(t: { context: Context }, parentId?: string) {
  const { servers, store } = t.context;
  const { serverId } = await servers.register(
    {
      name: `db-${randomIds.newId()}`,
      host: 'db01',
      checks: [{ definition: { kind: 'tcp', port: 5432 }, timing }],
      parentId,
    },
    { metadata },
  );
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const result = (slot: number, status: 'up' | 'down', retries = 0): CheckResult => ({
    checkId,
    serverId,
    slot,
    at: at(slot),
    status,
    error: status === 'down' ? 'connect ECONNREFUSED' : null,
    retries,
  });
  const stream = async () => store.readStream<CheckStateEvent>(`monitoring-check-${checkId}`);
  return { serverId, checkId, result, stream };
}

test.serial('a result that changes nothing appends nothing', async (t) => {
  const { checkStates, store } = t.context;
  const { result, stream } = await serverWithCheck(t);
  await checkStates.recordResult(result(1, 'up'), scheduler);
  const before = await store.headCheckpoint();
  for (const slot of [2, 3, 4]) {
    const recorded = await checkStates.recordResult(result(slot, 'up'), scheduler);
    t.deepEqual(recorded.events, []);
  }
  t.deepEqual(await store.headCheckpoint(), before);
  t.is((await stream()).length, 1);
});

test('PENDING, PENDING, DOWN, then a recovery that says how long it was down', async (t) => {
  const { checkStates } = t.context;
  const { result, stream } = await serverWithCheck(t);
  for (const slot of [1, 2, 3, 4])
    await checkStates.recordResult(result(slot, slot === 1 ? 'up' : 'down', 2), scheduler);
  await checkStates.recordResult(result(5, 'down', 2), scheduler);
  await checkStates.recordResult(result(9, 'up', 2), scheduler);
  const events = await stream();
  t.deepEqual(
    events.map((event) => event.type),
    ['CheckWentUp', 'CheckWentPending', 'CheckWentPending', 'ServerWentDown', 'ServerRecovered'],
  );
  t.like(events.at(-1)?.data, { downSince: at(4), downForSeconds: 300, firstError: 'connect ECONNREFUSED' });
  t.is(events[3]?.metadata.actor.id, 'scheduler');
});

test('a stale node’s result for a slot already decided appends nothing, whatever it found', async (t) => {
  const { checkStates } = t.context;
  const { result, stream } = await serverWithCheck(t);
  await checkStates.recordResult(result(1, 'up'), scheduler);
  const live = await checkStates.recordResult(result(2, 'down'), scheduler);
  t.is(live.events[0]?.type, 'ServerWentDown');
  // The stale holder probed slot 2 too and found it up: the slot is decided, the decider appends nothing.
  const stale = await checkStates.recordResult(result(2, 'up'), scheduler);
  t.deepEqual(stale.events, []);
  t.deepEqual(
    (await stream()).map((event) => event.type),
    ['CheckWentUp', 'ServerWentDown'],
  );
});

test('with retries, a stale node’s opposite result for a slot whose retries were decided appends nothing (F1)', async (t) => {
  const { checkStates } = t.context;
  const { result, stream } = await serverWithCheck(t);
  const later = (slot: number, seconds: number, status: 'up' | 'down') => ({
    ...result(slot, status, 2),
    at: new Date(Date.parse(at(slot)) + seconds * 1000).toISOString(),
  });
  await checkStates.recordResult(result(2, 'up', 2), scheduler);
  // The live node: PENDING and its retry in slot 3, DOWN at slot 4 (the reviewer's case: key `…:4:retry-2`).
  for (const [slot, seconds] of [
    [3, 0],
    [3, 20],
    [4, 0],
  ] as const) {
    await checkStates.recordResult(later(slot, seconds, 'down'), scheduler);
  }
  // The stale node's slot-4 results, probed after the live node's DOWN: neither is appended.
  for (const seconds of [10, 30]) {
    t.deepEqual((await checkStates.recordResult(later(4, seconds, 'up'), scheduler)).events, []);
  }
  t.deepEqual(
    (await stream()).map((event) => event.type),
    ['CheckWentUp', 'CheckWentPending', 'CheckWentPending', 'ServerWentDown'],
  );
});

test('two nodes deciding one slot at once append it once', async (t) => {
  const { checkStates } = t.context;
  const { result, stream } = await serverWithCheck(t);
  await checkStates.recordResult(result(1, 'up'), scheduler);
  await Promise.all([
    checkStates.recordResult(result(2, 'down'), scheduler),
    checkStates.recordResult(result(2, 'down'), scheduler),
  ]);
  t.deepEqual(
    (await stream()).map((event) => event.type),
    ['CheckWentUp', 'ServerWentDown'],
  );
});

test('a DOWN while the parent is down names the parent, for the reactor to hold the alert back', async (t) => {
  const { checkStates } = t.context;
  const parent = await serverWithCheck(t);
  const child = await serverWithCheck(t, parent.serverId);
  await checkStates.recordResult(parent.result(1, 'up'), scheduler);
  await checkStates.recordResult(child.result(1, 'up'), scheduler);
  await checkStates.recordResult(parent.result(2, 'down'), scheduler);
  const { events } = await checkStates.recordResult(child.result(3, 'down'), scheduler);
  t.like(events[0], {
    type: 'ServerWentDown',
    data: { parentDown: { serverId: parent.serverId, since: at(2) } },
  });
  // With the parent back up, the child's next DOWN is its own.
  await checkStates.recordResult(parent.result(4, 'up'), scheduler);
  await checkStates.recordResult(child.result(5, 'up'), scheduler);
  const again = await checkStates.recordResult(child.result(6, 'down'), scheduler);
  t.like(again.events[0], { type: 'ServerWentDown', data: { parentDown: null } });
});

test('an acknowledgement records who took the incident; a second changes nothing', async (t) => {
  const { checkStates } = t.context;
  const { checkId, serverId, result, stream } = await serverWithCheck(t);
  const down = await checkStates.recordResult(result(1, 'down'), scheduler);
  const incidentId = down.events[0]?.type === 'ServerWentDown' ? down.events[0].data.incidentId : '';
  const sysadmin = { ...metadata, actor: { kind: 'telegram', id: '4242', name: 'Пётр' } } as const;
  await checkStates.acknowledge({ checkId, serverId }, incidentId, { metadata: sysadmin });
  const again = await checkStates.acknowledge({ checkId, serverId }, incidentId, { metadata: sysadmin });
  t.deepEqual(again.events, []);
  const acknowledged = (await stream()).at(-1);
  t.is(acknowledged?.type, 'IncidentAcknowledged');
  t.is(acknowledged?.metadata.actor.name, 'Пётр');
});

test('maintenance: no alert while on; its end re-evaluates at once, and a repeated end appends nothing', async (t) => {
  const { checkStates } = t.context;
  const { checkId, serverId, result, stream } = await serverWithCheck(t);
  const check = { checkId, serverId };
  const windowId = 'e0000000-0000-4000-8000-000000000001';
  const occurrence = new Date(at(2));
  await checkStates.recordResult(result(1, 'up'), scheduler);
  await checkStates.startMaintenance(check, windowId, occurrence, scheduler);
  t.deepEqual((await checkStates.recordResult(result(3, 'down'), scheduler)).events, []);
  const { slot, at: probedAt, status, error, retries } = result(4, 'down');
  const probe = { slot, at: probedAt, status, error, retries };
  const ended = await checkStates.endMaintenance(check, windowId, occurrence, probe, scheduler);
  t.deepEqual(
    ended.events.map((event) => event.type),
    ['MaintenanceEnded', 'ServerWentDown'],
  );
  t.like(ended.events[1]?.data, { from: 'maintenance' });
  const repeated = await checkStates.endMaintenance(check, windowId, occurrence, probe, scheduler);
  t.true(repeated.duplicate);
  t.deepEqual(
    (await stream()).map((event) => event.type),
    ['CheckWentUp', 'MaintenanceStarted', 'MaintenanceEnded', 'ServerWentDown'],
  );
});

test('a caller that passes the state it knew reads only the events after it, not the whole stream (G14)', async (t) => {
  const { store } = t.context;
  const { serverId, checkId, result, stream } = await serverWithCheck(t);
  const check = { checkId, serverId };
  const plain = makeCheckStateCommands({ store });
  // A long stream: a check paused and resumed many times.
  await plain.recordResult(result(1, 'up'), scheduler);
  for (let i = 0; i < 40; i += 1) {
    await plain.pause(check, { metadata });
    await plain.resume(check, { metadata });
  }
  const length = (await stream()).length;
  let rowsRead = 0;
  const counted: EventStore = {
    ...store,
    readStream: async <E extends Event>(...args: Parameters<EventStore['readStream']>) => {
      const rows = await store.readStream<E>(...args);
      // The check's own stream (a DOWN also reads its server's, for the parent).
      if (args[0] === `monitoring-check-${checkId}`) rowsRead += rows.length;
      return rows;
    },
  };
  const checkStates = makeCheckStateCommands({ store: counted });
  let { known } = await checkStates.recordResult(result(2, 'up'), scheduler);
  t.is(rowsRead, length, 'the first result, knowing nothing, reads the stream once');
  rowsRead = 0;
  const appended: string[] = [];
  for (const [slot, status] of [
    [3, 'up'],
    [4, 'down'],
    [5, 'down'],
    [6, 'up'],
    [7, 'up'],
  ] as const) {
    const recorded = await checkStates.recordResult(result(slot, status, 1), scheduler, { known });
    appended.push(...recorded.events.map((event) => event.type));
    known = recorded.known;
  }
  t.deepEqual(appended, ['CheckWentPending', 'ServerWentDown', 'ServerRecovered']);
  t.is(rowsRead, 0, 'its own appends are folded in, not read back');
  // Another writer's append (an admin's pause) is read, alone, before the next decision.
  await plain.pause(check, { metadata });
  const paused = await checkStates.recordResult(result(8, 'down', 1), scheduler, { known });
  t.deepEqual(paused.events, [], 'a paused check decides nothing');
  t.is(rowsRead, 1);
  t.is(paused.known.state.status, 'paused');
  t.is(paused.known.revision, (await stream()).length - 1);
});
