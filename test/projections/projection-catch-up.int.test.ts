import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { type ProjectionMetrics, type Projector, noProjectionMetrics } from '../../projections/index.ts';
import { appendNumbered } from '../support/event-fixtures.ts';
import {
  type ProjectionStoreContext,
  type RedisContext,
  withProjectionStore,
  withRedis,
} from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { quickRunner } from '../support/quick-runner.ts';
import { rowsOf, rowsProjector } from '../support/rows-projector.ts';

type Context = ProjectionStoreContext & RedisContext;
const test = anyTest as TestFn<Context>;
withProjectionStore(test, { poolMax: 12, pollIntervalMs: 100 });
const keyPrefix = withRedis(test);

/** Events since the last upkeep that make it due, in every test: small, so that a test needs few events. */
const CATCH_UP_EVENTS = 1000;

/** A runner as a node of its own, with Redis leases, that runs the upkeep after every `CATCH_UP_EVENTS`. */
function startCatchUpRunner(
  context: Context,
  projector: Projector,
  metrics: ProjectionMetrics = noProjectionMetrics,
) {
  const nodeId = `node-${randomUUID().slice(0, 4)}`;
  const leases = createRedisLeaseManager({ redis: context.redis, nodeId, keyPrefix });
  const options = { leaseTtlMs: 1500, batchSize: 100, catchUpEvents: CATCH_UP_EVENTS, catchUpQuietMs: 100 };
  return { ...quickRunner(context, projector, { nodeId, leases, options, metrics }), nodeId };
}

test('runs afterCatchUp once the log goes quiet after a bulk of events, not after small batches', async (t) => {
  const { database, store } = t.context;
  const calls: number[] = [];
  const timed: number[] = [];
  const projector = rowsProjector({
    upkeep: (rows) => {
      calls.push(rows);
    },
  });
  await appendNumbered(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner } = startCatchUpRunner(t.context, projector, {
    ...noProjectionMetrics,
    caughtUp: (_projection, seconds) => timed.push(seconds),
  });
  await runner.start();
  t.teardown(() => runner.stop());

  // Waits on the metric: observed once the upkeep has committed (the calls are counted before).
  t.true(await eventually(() => timed.length > 0, 15_000), 'upkeep after the catch-up');
  t.deepEqual(calls, [CATCH_UP_EVENTS], 'once, with every event of the catch-up applied');

  // Live appends of a few events each: applied, no upkeep.
  await appendNumbered(store, projector.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === CATCH_UP_EVENTS + 10));
  await appendNumbered(store, projector.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === CATCH_UP_EVENTS + 20));

  // A second bulk, in one transaction, makes 1000 events since the last upkeep exactly at its end: the calls
  // show whether one came earlier (after the small batches) or mid-bulk.
  await appendNumbered(store, projector.tick, CATCH_UP_EVENTS - 20, CATCH_UP_EVENTS);
  t.true(await eventually(() => timed.length > 1, 15_000), 'upkeep after the second bulk');
  t.deepEqual(calls, [CATCH_UP_EVENTS, 2 * CATCH_UP_EVENTS]);

  t.is(timed.length, 2, 'counted in the metrics');
  const done = logger.lines.filter((line) => /upkeep done/.test(line.message));
  t.is(done.length, 2);
  t.is(done[0]?.level, 'info');
  t.like(done[0]?.fields, { projection: projector.name, events: CATCH_UP_EVENTS });
  t.is(typeof done[0]?.fields['durationMs'], 'number');
});

test('a node that lost the projection during its upkeep has it rolled back and steps down', async (t) => {
  const { database, store, projections } = t.context;
  let calls = 0;
  const projector = rowsProjector({
    upkeep: async (_rows, trx) => {
      calls += 1;
      // Upkeep writes no rows; this one does, to show that a fenced upkeep leaves nothing behind.
      await trx.query(`insert into ${projector.table} (position, type) values (-1, 'upkeep')`);
      // Another node (or an operator's reset) takes the projection over meanwhile.
      if (calls === 1) await projections.claim(projector.name, 'node-elsewhere');
    },
  });
  await appendNumbered(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner, nodeId } = startCatchUpRunner(t.context, projector);
  await runner.start();
  t.teardown(() => runner.stop());

  t.true(
    await eventually(() => logger.lines.some((line) => /refused by the fence/.test(line.message)), 15_000),
    'the upkeep transaction is refused by the fence',
  );
  t.is(calls, 1);
  const { rows } = await database.pool.query<{ count: string }>(
    `select count(*) from ${projector.table} where type = 'upkeep'`,
  );
  t.is(Number(rows[0]?.count), 0, 'rolled back');
  t.false(logger.lines.some((line) => /upkeep done/.test(line.message)));

  // The node lets go and, its lease free, claims the projection again with nothing new in the log.
  t.true(
    await eventually(async () => (await projections.read(projector.name))?.owner === nodeId, 15_000),
    'claimed again',
  );
  await appendNumbered(store, projector.tick, 5);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === CATCH_UP_EVENTS + 5));
  t.is((await projections.read(projector.name))?.eventsApplied, CATCH_UP_EVENTS + 5);
});

test('a failing upkeep is logged and the projection goes on', async (t) => {
  const { database, store, projections } = t.context;
  let calls = 0;
  const projector = rowsProjector({
    upkeep: () => {
      calls += 1;
      throw new Error('analyze refused');
    },
  });
  await appendNumbered(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner } = startCatchUpRunner(t.context, projector);
  await runner.start();
  t.teardown(() => runner.stop());

  t.true(
    await eventually(
      () => logger.lines.some((line) => /upkeep after a catch-up failed/.test(line.message)),
      15_000,
    ),
  );
  const failed = logger.lines.find((line) => /upkeep after a catch-up failed/.test(line.message));
  t.is(failed?.level, 'warn');
  t.like(failed?.fields, { projection: projector.name, events: CATCH_UP_EVENTS });

  await appendNumbered(store, projector.tick, 5);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === CATCH_UP_EVENTS + 5));
  const state = await projections.read(projector.name);
  t.is(state?.status, 'running');
  t.is(state?.eventsApplied, CATCH_UP_EVENTS + 5);
  t.is(calls, 1);
});
