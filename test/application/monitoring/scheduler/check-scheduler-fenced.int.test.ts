import anyTest, { type TestFn } from 'ava';
import { makeCheckStateCommands } from '../../../../application/monitoring/index.ts';
import {
  createCheckScheduler,
  eventLogCheckCatalog,
  maintenanceOfCheck,
} from '../../../../application/monitoring/scheduler/index.ts';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { claimPartition } from '../../../../infrastructure/monitoring/partitions/index.ts';
import { createProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import { INTERVAL_MS, fastTiming, stateChanges } from './scheduler-fixture.ts';

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
  'a holder whose partition was claimed by another node probes once, records nothing, changes no state and stops',
  async (t) => {
    const { store, database, target } = t.context;
    const { servers } = monitoringCommands(store);
    const { serverId } = await servers.register(
      {
        name: 'mail01',
        host: '127.0.0.1',
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    const checkId = registered?.data.checks[0]?.checkId ?? '';
    const partition = checkPartitionOf(checkId);
    // This node claimed the partition, then another one did (a pause past the lease): its epoch is stale.
    const stale = await claimPartition(database.pool, partition, 'paused-node');
    await claimPartition(database.pool, partition, 'other-node');
    const logger = captureLogger();
    const results = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
    const scheduler = createCheckScheduler({
      catalog: eventLogCheckCatalog(store),
      probe: createProbe({ logger }),
      results,
      checkStates: makeCheckStateCommands({ store }),
      maintenanceOf: maintenanceOfCheck(store),
      logger,
    });
    try {
      scheduler.apply({
        held: [{ partition, epoch: stale }],
        acquired: [{ partition, epoch: stale }],
        released: [],
      });
      t.true(await eventually(() => scheduler.scheduled() === 1, 5000), 'the check is scheduled');
      t.true(await eventually(() => scheduler.scheduled() === 0, INTERVAL_MS * 2 + 5000, 100), 'and stopped');
    } finally {
      await scheduler.stop();
    }
    t.is(target.accepted(), 1, 'it probed once, as a waking holder may');
    t.deepEqual(await results.recent(checkId, 10), [], 'the result was refused');
    t.deepEqual(await stateChanges(store, checkId), [], 'no state change appended');
    t.true(
      logger.lines.some(
        (line) => line.fields['partition'] === partition && line.message === 'scheduler partition stopped',
      ),
    );
  },
);

test.serial(
  'a holder whose partition is claimed between its results write and its state append appends no state (G13)',
  async (t) => {
    const { store, database, target } = t.context;
    const { servers } = monitoringCommands(store);
    const { serverId } = await servers.register(
      {
        name: 'mail02',
        host: '127.0.0.1',
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    const checkId = registered?.data.checks[0]?.checkId ?? '';
    const partition = checkPartitionOf(checkId);
    const epoch = await claimPartition(database.pool, partition, 'paused-node');
    const real = createPostgresCheckResults(database.pool, { retentionDays: () => 30 });
    // The holder pauses past its lease right after its results committed: another node claims the partition
    // before the holder's state append, which its local "still held" cannot see.
    const results: typeof real = {
      ...real,
      async record(batch) {
        const outcome = await real.record(batch);
        await claimPartition(database.pool, partition, 'other-node');
        return outcome;
      },
    };
    const logger = captureLogger();
    const scheduler = createCheckScheduler({
      catalog: eventLogCheckCatalog(store),
      probe: createProbe({ logger }),
      results,
      checkStates: makeCheckStateCommands({ store }),
      maintenanceOf: maintenanceOfCheck(store),
      logger,
    });
    try {
      scheduler.apply({ held: [{ partition, epoch }], acquired: [{ partition, epoch }], released: [] });
      t.true(await eventually(() => scheduler.scheduled() === 1, 5000), 'the check is scheduled');
      t.true(await eventually(() => scheduler.scheduled() === 0, INTERVAL_MS * 2 + 5000, 100), 'and stopped');
    } finally {
      await scheduler.stop();
    }
    t.is((await real.recent(checkId, 10)).length, 1, 'the result was written under the epoch it held then');
    t.deepEqual(await stateChanges(store, checkId), [], 'but no state change appended: the fence refused it');
    t.true(logger.lines.some((line) => line.fields['why'] === 'state refused: the partition moved'));
  },
);
