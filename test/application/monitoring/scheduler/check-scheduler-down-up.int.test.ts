import anyTest, { type TestFn } from 'ava';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { INTERVAL_MS, fastTiming, startTestScheduler, stateChanges } from './scheduler-fixture.ts';

type Context = EventStoreContext & { target: TcpTarget };
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 6 });

test.before(async (t) => {
  t.context.target = await startTcpTarget();
});

test.after.always(async (t) => {
  await t.context.target?.close();
});

const typesOf = async (t: { context: Context }, checkId: string) =>
  (await stateChanges(t.context.store, checkId)).map((event) => event.type);

test('a TCP target that starts refusing is DOWN after its retry, and recovers once it accepts again', async (t) => {
  const { store, database, target } = t.context;
  const { servers } = monitoringCommands(store);
  const { serverId } = await servers.register(
    {
      name: 'db01',
      host: '127.0.0.1',
      checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
    },
    { metadata },
  );
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  // The embedded mode's single node: leases in process, every partition held here.
  const { running, metrics } = startTestScheduler({
    nodeId: 'single',
    database,
    store,
    leases: createMemoryLeaseManager({ nodeId: 'single' }),
  });
  try {
    const slotWait = INTERVAL_MS * 3;
    t.deepEqual(
      await eventually(() => typesOf(t, checkId).then((types) => types.length > 0 && types), slotWait),
      ['CheckWentUp'],
    );
    t.is(running.scheduler.scheduled(), 1);

    await target.refuse();
    const downTypes = ['CheckWentUp', 'CheckWentPending', 'ServerWentDown'];
    const afterDown = await eventually(
      () => typesOf(t, checkId).then((types) => types.length >= 3 && types),
      slotWait * 2,
    );
    t.deepEqual(afterDown, downTypes, 'one silent retry, then DOWN');
    const events = await stateChanges(store, checkId);
    const pending = events[1];
    const down = events[2];
    t.like(pending?.data, { checkId, serverId, failures: 1, retries: 1 });
    t.like(down?.data, { checkId, serverId, from: 'pending', parentDown: null });
    t.regex(String((down?.data as { error?: unknown }).error), /refused/i);
    // The retry ran one retry interval after the first failure, in the interval's numbering of slots.
    const slots = events.map((event) => (event.data as { slot: number }).slot);
    t.is((slots[2] ?? 0) - (slots[1] ?? 0), 1, `slots ${slots.join(', ')}`);

    await target.accept();
    const recovered = await eventually(
      () => typesOf(t, checkId).then((types) => types.length >= 4 && types),
      slotWait,
    );
    t.deepEqual(recovered, [...downTypes, 'ServerRecovered']);
    t.like((await stateChanges(store, checkId))[3]?.data, {
      incidentId: (down?.data as { incidentId: string }).incidentId,
    });

    // Every run is a raw result, recorded before its state change: up, down, down (the retry), up.
    const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
    const recent = (await results.recent(checkId, 20)).reverse();
    const statuses = recent.map((row) => row.status);
    t.deepEqual(statuses.slice(0, 4), ['up', 'down', 'down', 'up'], statuses.join(', '));
    t.regex(recent[1]?.message ?? '', /refused/i);

    const exposition = await metrics.metrics();
    t.regex(exposition, /tbot_checks_total\{kind="tcp",status="down"\} 2/);
    t.regex(exposition, /tbot_check_duration_seconds_count\{kind="tcp"\} [4-9]/);
    t.regex(exposition, /tbot_checks_late_total/);
  } finally {
    await running.stop();
  }
  t.is(running.scheduler.scheduled(), 0, 'a stopped scheduler runs nothing');
});
