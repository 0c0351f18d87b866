import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { Redis } from 'ioredis';
import { type PostgresEventStore, createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import {
  type ProjectionMetrics,
  type ProjectionStore,
  type Projector,
  createProjectionRunner,
  noProjectionMetrics,
} from '../../projections/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { testMetadata } from '../support/event-fixtures.ts';
import { eventually } from '../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../support/test-database.ts';

interface Context {
  database: TestDatabase;
  store: PostgresEventStore;
  projections: ProjectionStore;
  redis: Redis;
}
const test = anyTest as TestFn<Context>;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const keyPrefix = `tbot-test:${randomUUID()}:lease:`;

/** Events since the last upkeep that make it due, in every test: small, so that a test needs few events. */
const CATCH_UP_EVENTS = 1000;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 12 });
  t.context.store = createPostgresEventStore({
    pool: t.context.database.pool,
    url: t.context.database.url,
    pollIntervalMs: 100,
  });
  t.context.projections = createPostgresProjectionStore(t.context.database.pool);
  t.context.redis = new Redis(REDIS_URL);
});

test.after.always(async (t) => {
  const keys = (await t.context.redis?.keys(`${keyPrefix}*`)) ?? [];
  if (keys.length > 0) await t.context.redis.del(...keys);
  t.context.redis?.disconnect();
  await t.context.store?.close();
  await t.context.database?.drop();
});

interface UpkeepProjector extends Projector {
  readonly tick: string;
  readonly table: string;
}

/**
 * A read model of one row per event whose `afterCatchUp` is `upkeep`, given the table's row count when
 * called. Each call has its own name, table and event type.
 */
function upkeepProjector(
  upkeep: (rows: number, trx: Parameters<NonNullable<Projector['afterCatchUp']>>[0]) => Promise<void> | void,
): UpkeepProjector {
  const id = randomUUID().slice(0, 8);
  const table = `upkeep_${id}`;
  return {
    tick: `Tick-${id}`,
    table: `core.${table}`,
    name: `upkeep-${id}`,
    version: 1,
    schema: 'core',
    tables: [table],
    eventTypes: [`Tick-${id}`],
    async createTables(trx, tables) {
      await trx.query(
        `create table if not exists ${tables.table(table)} (position bigint not null, type text not null)`,
      );
    },
    async apply(events, trx, tables) {
      await trx.query(
        `insert into ${tables.table(table)} (position, type) select * from unnest($1::bigint[], $2::text[])`,
        [events.map((e) => String(e.position)), events.map((e) => e.type)],
      );
    },
    async afterCatchUp(trx, tables) {
      const { rows } = await trx.query<{ count: string }>(`select count(*) from ${tables.table(table)}`);
      await upkeep(Number(rows[0]?.count), trx);
    },
  };
}

/** `count` events, in transactions of at most `perAppend`. */
async function append(store: PostgresEventStore, type: string, count: number, perAppend = 100) {
  for (let i = 0; i < count; i += perAppend) {
    const size = Math.min(perAppend, count - i);
    await store.append(
      `tick-${randomUUID()}`,
      Array.from({ length: size }, (_, j) => ({ type, data: { n: i + j }, metadata: testMetadata })),
    );
  }
}

async function rowsOf(database: TestDatabase, projector: UpkeepProjector) {
  const { rows } = await database.pool.query<{ count: string }>(`select count(*) from ${projector.table}`);
  return Number(rows[0]?.count);
}

function startRunner(
  context: Context,
  projector: Projector,
  metrics: ProjectionMetrics = noProjectionMetrics,
) {
  const logger = captureLogger();
  const nodeId = `node-${randomUUID().slice(0, 4)}`;
  const runner = createProjectionRunner({
    projectors: [projector],
    eventStore: context.store,
    projectionStore: context.projections,
    leases: createRedisLeaseManager({ redis: context.redis, nodeId, keyPrefix }),
    nodeId,
    logger,
    metrics,
    options: {
      leaseTtlMs: 1500,
      idlePollMs: 50,
      retryBaseMs: 5,
      batchSize: 100,
      catchUpEvents: CATCH_UP_EVENTS,
      catchUpQuietMs: 100,
    },
  });
  return { logger, runner, nodeId };
}

test('runs afterCatchUp once the log goes quiet after a bulk of events, not after small batches', async (t) => {
  const { database, store } = t.context;
  const calls: number[] = [];
  const timed: number[] = [];
  const projector = upkeepProjector((rows) => {
    calls.push(rows);
  });
  await append(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner } = startRunner(t.context, projector, {
    ...noProjectionMetrics,
    caughtUp: (_projection, seconds) => timed.push(seconds),
  });
  await runner.start();
  t.teardown(() => runner.stop());

  // Waits on the metric: observed once the upkeep has committed (the calls are counted before).
  t.true(await eventually(() => timed.length > 0, 15_000), 'upkeep after the catch-up');
  t.deepEqual(calls, [CATCH_UP_EVENTS], 'once, with every event of the catch-up applied');

  // Live appends of a few events each: applied, no upkeep.
  await append(store, projector.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, projector)) === CATCH_UP_EVENTS + 10));
  await append(store, projector.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, projector)) === CATCH_UP_EVENTS + 20));

  // A second bulk, in one transaction, makes 1000 events since the last upkeep exactly at its end: the calls
  // show whether one came earlier (after the small batches) or mid-bulk.
  await append(store, projector.tick, CATCH_UP_EVENTS - 20, CATCH_UP_EVENTS);
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
  const projector = upkeepProjector(async (_rows, trx) => {
    calls += 1;
    // Upkeep writes no rows; this one does, to show that a fenced upkeep leaves nothing behind.
    await trx.query(`insert into ${projector.table} (position, type) values (-1, 'upkeep')`);
    // Another node (or an operator's reset) takes the projection over meanwhile.
    if (calls === 1) await projections.claim(projector.name, 'node-elsewhere');
  });
  await append(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner, nodeId } = startRunner(t.context, projector);
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
  await append(store, projector.tick, 5);
  t.true(await eventually(async () => (await rowsOf(database, projector)) === CATCH_UP_EVENTS + 5));
  t.is((await projections.read(projector.name))?.eventsApplied, CATCH_UP_EVENTS + 5);
});

test('a failing upkeep is logged and the projection goes on', async (t) => {
  const { database, store, projections } = t.context;
  let calls = 0;
  const projector = upkeepProjector(() => {
    calls += 1;
    throw new Error('analyze refused');
  });
  await append(store, projector.tick, CATCH_UP_EVENTS);
  const { logger, runner } = startRunner(t.context, projector);
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

  await append(store, projector.tick, 5);
  t.true(await eventually(async () => (await rowsOf(database, projector)) === CATCH_UP_EVENTS + 5));
  const state = await projections.read(projector.name);
  t.is(state?.status, 'running');
  t.is(state?.eventsApplied, CATCH_UP_EVENTS + 5);
  t.is(calls, 1);
});
