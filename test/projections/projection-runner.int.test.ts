import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { Redis } from 'ioredis';
import type { LeaseManager } from '../../application/ports/index.ts';
import { type PostgresEventStore, createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager, createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import {
  type ProjectionRunnerOptions,
  type ProjectionStore,
  type Projector,
  createProjectionRunner,
  leaseName,
  waitForProjection,
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

interface RowsProjector extends Projector {
  readonly id: string;
  readonly tick: string;
  readonly poison: string;
}

interface RowsProjectorOptions {
  /** Awaited before every batch's write, to pause an owner mid-batch. */
  gate?: () => Promise<void>;
  /** While true, poison events fail. */
  poisoned?: () => boolean;
}

/**
 * A test read model: one row per event, deliberately without a unique key, so that an event applied twice
 * (a failed fence) would show as a duplicate. Each call has its own name, table and event types.
 */
function rowsProjector(options: RowsProjectorOptions = {}, id = randomUUID().slice(0, 8)): RowsProjector {
  const table = `rows_${id}`;
  return {
    id,
    tick: `Tick-${id}`,
    poison: `Poison-${id}`,
    name: `rows-${id}`,
    version: 1,
    schema: 'core',
    tables: [table],
    eventTypes: [`Tick-${id}`, `Poison-${id}`],
    async createTables(trx, tables) {
      await trx.query(
        `create table if not exists ${tables.table(table)} (position bigint not null, type text not null)`,
      );
    },
    async apply(events, trx, tables) {
      await options.gate?.();
      const poisoned = events.find((e) => e.type === `Poison-${id}` && options.poisoned?.());
      if (poisoned) throw new Error(`poisoned at ${poisoned.position}`);
      await trx.query(
        `insert into ${tables.table(table)} (position, type) select * from unnest($1::bigint[], $2::text[])`,
        [events.map((e) => String(e.position)), events.map((e) => e.type)],
      );
    },
  };
}

async function append(store: PostgresEventStore, type: string, count: number) {
  let last = null;
  for (let i = 0; i < count; i += 100) {
    const size = Math.min(100, count - i);
    last = await store.append(
      `tick-${randomUUID()}`,
      Array.from({ length: size }, (_, j) => ({ type, data: { n: i + j }, metadata: testMetadata })),
    );
  }
  return last;
}

async function rowsOf(database: TestDatabase, projector: RowsProjector) {
  const { rows } = await database.pool.query<{ total: string; distinct: string }>(
    `select count(*) as total, count(distinct position) as distinct from core.rows_${projector.id}`,
  );
  return { total: Number(rows[0]?.total), distinct: Number(rows[0]?.distinct) };
}

function startRunner(
  context: Context,
  projector: Projector,
  leases: LeaseManager,
  nodeId: string,
  options: ProjectionRunnerOptions = {},
) {
  const logger = captureLogger();
  const runner = createProjectionRunner({
    projectors: [projector],
    eventStore: context.store,
    projectionStore: context.projections,
    leases,
    nodeId,
    logger,
    options: { leaseTtlMs: 600, idlePollMs: 50, retryBaseMs: 5, maxAttempts: 2, ...options },
  });
  return { logger, runner };
}

test('catches up, then follows live appends, applying each event exactly once', async (t) => {
  const { database, store, projections } = t.context;
  const projector = rowsProjector();
  await append(store, projector.tick, 1200);
  const { runner } = startRunner(
    t.context,
    projector,
    createMemoryLeaseManager({ nodeId: 'node-a' }),
    'node-a',
    {
      batchSize: 500,
    },
  );
  await runner.start();
  t.teardown(() => runner.stop());
  await Promise.all([1, 2, 3, 4].map(() => append(store, projector.tick, 75)));

  t.true(await eventually(async () => (await rowsOf(database, projector)).total >= 1500, 15_000));
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.deepEqual(await rowsOf(database, projector), { total: 1500, distinct: 1500 });
  const state = await projections.read(projector.name);
  t.is(state?.eventsApplied, 1500);
  t.is(state?.owner, 'node-a');
});

test('refuses the write of a paused owner whose lease was taken over', async (t) => {
  const { database, store, projections, redis } = t.context;
  let release: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (release = resolve));
  let blocked = 0;
  const id = randomUUID().slice(0, 8);
  const stale = rowsProjector(
    {
      gate: async () => {
        blocked += 1;
        await paused;
      },
    },
    id,
  );
  const healthy = rowsProjector({}, id);
  await append(store, stale.tick, 50);

  const leasesA = createRedisLeaseManager({ redis, nodeId: 'node-a', keyPrefix });
  const leasesB = createRedisLeaseManager({ redis, nodeId: 'node-b', keyPrefix });
  const a = startRunner(t.context, stale, leasesA, 'node-a', { leaseTtlMs: 1500 });
  await a.runner.start();
  t.teardown(() => a.runner.stop());
  // Teardowns run last first: if an assertion below fails, node-a's batch is let go before it is stopped.
  t.teardown(() => release());
  t.true(await eventually(() => blocked > 0), 'node-a is mid-batch');
  const epochA = (await projections.read(stale.name))?.epoch;

  // Redis restarts empty: node-a's lease is gone while it is still mid-batch.
  await redis.del(`${keyPrefix}${leaseName(stale.name)}`);
  const b = startRunner(t.context, healthy, leasesB, 'node-b', { leaseTtlMs: 1500 });
  await b.runner.start();
  t.teardown(() => b.runner.stop());
  t.true(await eventually(async () => (await rowsOf(database, healthy)).total === 50), 'node-b took over');
  const state = await projections.read(stale.name);
  t.is(state?.owner, 'node-b');
  t.true((state?.epoch ?? 0) > (epochA ?? 0));

  release();
  t.true(
    await eventually(() => a.logger.lines.some((line) => /refused by the fence/.test(line.message))),
    'node-a finishes its batch and PostgreSQL refuses the checkpoint update',
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.deepEqual(await rowsOf(database, healthy), { total: 50, distinct: 50 }, 'the stale batch wrote nothing');
  await append(store, stale.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, healthy)).total === 60));
});

test('parks on an event that keeps failing, and goes on after retry or skip', async (t) => {
  const { database, store, projections } = t.context;
  let poisoned = true;
  const projector = rowsProjector({ poisoned: () => poisoned });
  await append(store, projector.tick, 2);
  const bad = await store.append(`poison-${projector.id}`, [
    { type: projector.poison, data: {}, metadata: testMetadata },
  ]);
  await append(store, projector.tick, 1);

  const { runner, logger } = startRunner(
    t.context,
    projector,
    createMemoryLeaseManager({ nodeId: 'n' }),
    'n',
  );
  await runner.start();
  t.teardown(() => runner.stop());

  const parked = await eventually(async () => (await projections.read(projector.name))?.parked);
  t.is(parked?.checkpoint.position, bad.position);
  t.is(parked?.eventType, projector.poison);
  t.regex(parked?.error ?? '', /poisoned at/);
  t.is((await rowsOf(database, projector)).total, 2, 'the events before it were applied, nothing after');
  t.true(logger.lines.some((line) => line.level === 'error' && /parked/.test(line.message)));

  // Retry while it still fails: parks again at the same event.
  t.true(await projections.retry(projector.name));
  t.true(await eventually(async () => (await projections.read(projector.name))?.status === 'running'));
  const again = await eventually(async () => (await projections.read(projector.name))?.parked);
  t.is(again?.checkpoint.position, bad.position);

  t.is(
    await projections.skipParkedEvent(projector.name, bad.position + 1n),
    null,
    'skips only the event it is parked on',
  );
  const skipped = await projections.skipParkedEvent(projector.name, bad.position);
  t.is(skipped?.eventType, projector.poison);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 3));
  const state = await projections.read(projector.name);
  t.is(state?.status, 'running');
  t.is(state?.parked, null);
  poisoned = false;
});

test('retries a transient failure and parks nothing when the fault clears', async (t) => {
  const { database, store, projections } = t.context;
  let failures = 1;
  const projector = rowsProjector({ poisoned: () => failures-- > 0 });
  await store.append(`poison-${projector.id}`, [
    { type: projector.poison, data: {}, metadata: testMetadata },
  ]);
  const { runner } = startRunner(t.context, projector, createMemoryLeaseManager({ nodeId: 'n' }), 'n', {
    maxAttempts: 3,
  });
  await runner.start();
  t.teardown(() => runner.stop());
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 1));
  t.is((await projections.read(projector.name))?.status, 'running');
});

test('waits for a projection to show a write (read-your-writes)', async (t) => {
  const { store, projections } = t.context;
  const projector = rowsProjector();
  const { runner } = startRunner(t.context, projector, createMemoryLeaseManager({ nodeId: 'n' }), 'n');
  await runner.start();
  t.teardown(() => runner.stop());
  const written = await store.append(`tick-${projector.id}`, [
    { type: projector.tick, data: {}, metadata: testMetadata },
  ]);
  t.true(await waitForProjection(projections, projector.name, written.checkpoint, 5000));
  const future = { transactionId: written.checkpoint.transactionId + 1_000_000n, position: 0n };
  t.false(await waitForProjection(projections, projector.name, future, 100));
});
