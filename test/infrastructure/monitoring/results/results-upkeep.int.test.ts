import anyTest, { type TestFn } from 'ava';
import { type MemoryLeaseGrant, createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import {
  createPostgresCheckResults,
  startCheckResultsUpkeep,
} from '../../../../infrastructure/monitoring/results/index.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const DAY = 86_400_000;
const partitions = async (t: { context: { database: TestDatabase } }) => {
  const { rows } = await t.context.database.pool.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'monitoring.check_results'::regclass order by 1`,
  );
  return rows.map((row) => row.name);
};
const nameOf = (ms: number) => `check_results_${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;

test('one node of the cluster makes the coming days and drops the expired ones, reading the retention each run', async (t) => {
  const { pool } = t.context.database;
  const now = Date.UTC(2026, 11, 3, 7, 0, 0);
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30, now: () => now });
  await results.createPartitionsAhead(new Date(now - 12 * DAY), 0);
  const table = new Map<string, MemoryLeaseGrant>();
  const logger = captureLogger();
  const upkeep = (nodeId: string, retentionDays: number) =>
    startCheckResultsUpkeep({
      upkeep: results,
      leases: createMemoryLeaseManager({ nodeId, table }),
      retentionDays: () => retentionDays,
      now: () => new Date(now),
      logger,
    });

  await upkeep('node-a', 30).stop();
  t.deepEqual(await partitions(t), [
    nameOf(now - 12 * DAY),
    ...[0, 1, 2, 3].map((d) => nameOf(now + d * DAY)),
  ]);

  // Within the interval the other node finds the run done (the lease), whatever its retention says.
  await upkeep('node-b', 7).stop();
  t.is((await partitions(t)).length, 5);

  table.clear();
  await upkeep('node-b', 7).stop();
  t.deepEqual(
    await partitions(t),
    [0, 1, 2, 3].map((d) => nameOf(now + d * DAY)),
  );
  t.true(logger.lines.some((line) => line.message === 'check results partitions kept up'));
  t.false(logger.lines.some((line) => line.level === 'warn'));
});
