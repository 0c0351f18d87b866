import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { EventStore } from '../../application/ports/index.ts';
import { type Projector, rebuildProjection } from '../../projections/index.ts';
import { appendNumbered } from '../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { quickRunner } from '../support/quick-runner.ts';
import type { TestDatabase } from '../support/test-database.ts';

const test = anyTest as TestFn<ProjectionStoreContext>;
withProjectionStore(test, { poolMax: 12, pollIntervalMs: 100 });

/** Version 1 writes `v1`, version 2 writes `v2`: which tables a query reads is visible in every row. */
function labelProjector(id: string, version: number): Projector {
  const table = `labels_${id}`;
  return {
    name: `labels-${id}`,
    version,
    schema: 'core',
    tables: [table],
    eventTypes: [`Labelled-${id}`],
    async createTables(trx, tables) {
      await trx.query(
        `create table if not exists ${tables.table(table)} (position bigint primary key, label text not null)`,
      );
    },
    async createIndexes(trx, tables) {
      await trx.query(
        `create index if not exists "${tables.rawName(table)}_label" on ${tables.table(table)} (label)`,
      );
    },
    async apply(events, trx, tables) {
      await trx.query(`insert into ${tables.table(table)} select unnest($1::bigint[]), $2`, [
        events.map((e) => String(e.position)),
        `v${version}`,
      ]);
    },
  };
}

/** `count` events for the read model of `labelProjector(id, …)`, in transactions of 50. */
const append = (store: EventStore, id: string, count: number) =>
  appendNumbered(store, `Labelled-${id}`, count, 50);

async function labels(database: TestDatabase, id: string) {
  const { rows } = await database.pool.query<{ label: string; total: string; distinct: string }>(
    `select label, count(*) as total, count(distinct position) as distinct from core.labels_${id} group by label`,
  );
  return rows.map((row) => ({ label: row.label, total: Number(row.total), distinct: Number(row.distinct) }));
}

test('rebuilds beside the live read model while writers append, then switches without losing an event', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  const live = labelProjector(id, 1);
  await append(store, id, 600);
  const { runner } = quickRunner(t.context, live);
  await runner.start();
  t.teardown(() => runner.stop());
  t.true(await eventually(async () => (await labels(database, id))[0]?.total === 600));

  const seenDuringRebuild: string[] = [];
  const writers = append(store, id, 400);
  const result = await rebuildProjection({
    projector: labelProjector(id, 2),
    eventStore: store,
    projectionStore: projections,
    batchSize: 100,
    onProgress: () => {
      void labels(database, id).then((rows) => seenDuringRebuild.push(...rows.map((row) => row.label)));
    },
  });
  await writers;

  t.true(result.eventsApplied >= 600);
  t.true(seenDuringRebuild.length > 0);
  t.true(
    seenDuringRebuild.every((label) => label === 'v1'),
    'queries kept reading the live read model while the rebuild ran',
  );
  // The live owner was fenced out by the switch; its successor applies what came after the rebuild.
  t.true(
    await eventually(async () => {
      const rows = await labels(database, id);
      return rows.reduce((sum, row) => sum + row.total, 0) === 1000;
    }, 15_000),
  );
  const rows = await labels(database, id);
  t.is(
    rows.reduce((sum, row) => sum + row.distinct, 0),
    1000,
    'one row per event, none twice',
  );
  t.true(rows.some((row) => row.label === 'v2'));
  const state = await projections.read(live.name);
  t.is(state?.version, 2);
  t.is(state?.rebuildStartedAt, null);
  const { rows: indexes } = await database.pool.query<{ indexname: string }>(
    `select indexname from pg_indexes where schemaname = 'core' and tablename = $1 order by 1`,
    [`labels_${id}`],
  );
  t.deepEqual(
    indexes.map((row) => row.indexname),
    [`labels_${id}_label`, `labels_${id}_pkey`],
    'the rebuilt table carries the live index names',
  );
});

test('reset empties the read model and the owner replays the log into it', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  const projector = labelProjector(id, 1);
  await append(store, id, 120);
  const { runner } = quickRunner(t.context, projector);
  await runner.start();
  t.teardown(() => runner.stop());
  t.true(await eventually(async () => (await labels(database, id))[0]?.total === 120));
  await projections.reset(projector);
  t.true(await eventually(async () => (await labels(database, id))[0]?.total === 120));
  t.is((await projections.read(projector.name))?.eventsApplied, 120);
});
