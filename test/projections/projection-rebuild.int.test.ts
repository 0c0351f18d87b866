import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { EventStore } from '../../application/ports/index.ts';
import {
  type Projector,
  RebuildFencedError,
  RebuildInProgressError,
  rebuildProjection,
} from '../../projections/index.ts';
import { appendNumbered } from '../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { quickRunner } from '../support/quick-runner.ts';
import type { TestDatabase } from '../support/test-database.ts';

const test = anyTest as TestFn<ProjectionStoreContext>;
withProjectionStore(test, { poolMax: 12, pollIntervalMs: 100 });

/**
 * Version 1 writes `v1`, version 2 writes `v2`: which tables a query reads is visible in every row. `gate` is
 * awaited before each batch is written.
 */
function labelProjector(id: string, version: number, gate?: () => Promise<void>): Projector {
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
      await gate?.();
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
  // A rolling upgrade: the node of version 1 steps down, and one of version 2 goes on from the switch.
  const { runner: upgraded } = quickRunner(t.context, labelProjector(id, 2), { nodeId: 'node-b' });
  await upgraded.start();
  t.teardown(() => upgraded.stop());

  t.true(result.eventsApplied >= 600);
  t.true(seenDuringRebuild.length > 0);
  t.true(
    seenDuringRebuild.every((label) => label === 'v1'),
    'queries kept reading the live read model while the rebuild ran',
  );
  // The live owner was fenced out by the switch; the node of version 2 applies what came after the rebuild.
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

test('refuses a second rebuild while the first loads, and the first completes with the whole read model', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  await append(store, id, 300);
  // Readable first: a rebuild that finds nothing yet (another test's transaction holds the horizon) is done.
  const readable = { filter: { eventTypes: [`Labelled-${id}`] }, maxCount: 300 };
  t.true(await eventually(async () => (await store.readAll(null, readable)).length === 300));
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  t.teardown(() => release());
  let batches = 0;
  const first = rebuildProjection({
    projector: labelProjector(id, 1, async () => {
      batches += 1;
      if (batches === 1) await held;
    }),
    eventStore: store,
    projectionStore: projections,
    batchSize: 100,
  });
  t.true(await eventually(() => batches > 0), 'the first rebuild is mid-load');

  await t.throwsAsync(
    rebuildProjection({ projector: labelProjector(id, 1), eventStore: store, projectionStore: projections }),
    { instanceOf: RebuildInProgressError, message: new RegExp(`another rebuild of labels-${id} is running`) },
  );
  release();
  const result = await first;
  t.is(result.eventsApplied, 300);
  t.deepEqual(await labels(database, id), [{ label: 'v1', total: 300, distinct: 300 }]);
  t.is((await projections.read(`labels-${id}`))?.rebuildStartedAt, null);
  // The lock went with the first rebuild: a later one runs.
  await t.notThrowsAsync(
    rebuildProjection({ projector: labelProjector(id, 1), eventStore: store, projectionStore: projections }),
  );
});

test('a runner older than the read model steps down and writes nothing; one of its version goes on', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  // Built by version 2 (a node already upgraded), then events the old node would write.
  await projections.register(labelProjector(id, 2));
  await append(store, id, 100);
  const before = await projections.read(`labels-${id}`);

  const old = quickRunner(t.context, labelProjector(id, 1));
  await old.runner.start();
  t.teardown(() => old.runner.stop());
  t.true(
    await eventually(
      () =>
        old.logger.lines.filter((line) => /newer projector version.*steps down/.test(line.message)).length >=
        2,
    ),
    'the old node stepped down, and again when it looked later',
  );
  t.deepEqual(await labels(database, id), [], 'the old node wrote nothing');
  const after = await projections.read(`labels-${id}`);
  t.is(after?.checkpoint, null);
  t.is(after?.epoch, before?.epoch, 'not even a claim');

  const current = quickRunner(t.context, labelProjector(id, 2), { nodeId: 'node-b' });
  await current.runner.start();
  t.teardown(() => current.runner.stop());
  t.true(await eventually(async () => (await labels(database, id))[0]?.total === 100));
  t.deepEqual(await labels(database, id), [{ label: 'v2', total: 100, distinct: 100 }]);
});

test('a runner newer than the read model rebuilds beside it and switches; then it follows the log', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  await append(store, id, 200);
  const old = quickRunner(t.context, labelProjector(id, 1));
  await old.runner.start();
  t.true(await eventually(async () => (await labels(database, id))[0]?.total === 200));
  await old.runner.stop();

  const upgraded = quickRunner(t.context, labelProjector(id, 2), { nodeId: 'node-b' });
  await upgraded.runner.start();
  t.teardown(() => upgraded.runner.stop());
  const writers = append(store, id, 100);
  t.true(
    await eventually(async () => (await projections.read(`labels-${id}`))?.version === 2, 15_000),
    'switched to version 2',
  );
  await writers;
  t.true(
    await eventually(async () => {
      const rows = await labels(database, id);
      return rows.length === 1 && rows[0]?.total === 300;
    }, 15_000),
  );
  t.deepEqual(await labels(database, id), [{ label: 'v2', total: 300, distinct: 300 }]);
  // Logged once the switch has committed: the rows can show before the line does.
  t.true(
    await eventually(() => upgraded.logger.lines.some((line) => /rebuilt and switched/.test(line.message))),
  );
});

test('a rebuild switches nothing once the epoch it owned the projection under has moved', async (t) => {
  const { database, store, projections } = t.context;
  const id = randomUUID().slice(0, 8);
  await append(store, id, 50);
  const live = await projections.register(labelProjector(id, 1));
  // Another node takes the projection over while this one rebuilds under its old epoch.
  await projections.claim(live.name, 'node-b');
  await t.throwsAsync(
    rebuildProjection({
      projector: labelProjector(id, 2),
      eventStore: store,
      projectionStore: projections,
      epoch: live.epoch,
    }),
    { instanceOf: RebuildFencedError },
  );
  const state = await projections.read(live.name);
  t.is(state?.version, 1);
  t.is(state?.owner, 'node-b');
  t.deepEqual(await labels(database, id), [], 'the live read model is untouched');
});
