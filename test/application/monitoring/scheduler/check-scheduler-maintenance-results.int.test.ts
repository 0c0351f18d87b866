import anyTest, { type TestFn } from 'ava';
import { makeMaintenanceCommands } from '../../../../application/monitoring/index.ts';
import { randomIds } from '../../../../application/ports/index.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
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

test.serial(
  'the results a check takes in its maintenance window are recorded as such and left out of its uptime',
  async (t) => {
    const { store, database, target } = t.context;
    const { servers } = monitoringCommands(store);
    const maintenance = makeMaintenanceCommands({ store, ids: randomIds });
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
    const types = async () => (await stateChanges(store, checkId)).map((event) => event.type);
    const { running } = startTestScheduler({
      nodeId: 'single',
      database,
      store,
      leases: createMemoryLeaseManager({ nodeId: 'single' }),
    });
    try {
      t.true(await eventually(async () => (await types()).length > 0, INTERVAL_MS * 3), 'a first result');
      // Longer than a slot: at least one run falls in it.
      const from = new Date();
      const until = new Date(from.getTime() + INTERVAL_MS + 3000);
      await maintenance.schedule(
        {
          target: { kind: 'server', serverId },
          schedule: { kind: 'once', from: from.toISOString(), until: until.toISOString() },
          reason: 'kernel update',
        },
        { metadata },
      );
      t.true(await eventually(async () => (await types()).includes('MaintenanceEnded'), INTERVAL_MS * 3));
    } finally {
      await running.stop();
    }
    const events = await stateChanges(store, checkId);
    const startedAt = events.find((event) => event.type === 'MaintenanceStarted')?.recordedAt.getTime() ?? 0;
    const endedAt = events.find((event) => event.type === 'MaintenanceEnded')?.recordedAt.getTime() ?? 0;
    const { rows } = await database.pool.query<{ started_at: Date; in_maintenance: boolean }>(
      'select started_at, in_maintenance from monitoring.check_results where check_id = $1 order by slot_at',
      [checkId],
    );
    const inWindow = rows.filter((row) => row.in_maintenance);
    t.true(inWindow.length > 0, 'a run in the window');
    t.true(
      rows.some((row) => !row.in_maintenance),
      'the first run, before the window',
    );
    for (const row of inWindow) {
      // Marked by what the node knew when the probe started: after the start it appended, before the end.
      t.true(row.started_at.getTime() >= startedAt - 1 && row.started_at.getTime() <= endedAt);
    }
    for (const row of rows.filter((r) => !r.in_maintenance)) {
      const at = row.started_at.getTime();
      t.false(
        at > startedAt && at < endedAt - 1000,
        `a run at ${row.started_at.toISOString()} inside the window`,
      );
    }
    const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
    const { last24h } = await results.uptime({ checkId }, new Date(Date.now() + 3_600_000));
    t.deepEqual(last24h, {
      total: rows.length - inWindow.length,
      up: rows.length - inWindow.length,
      ratio: 1,
    });
  },
);
