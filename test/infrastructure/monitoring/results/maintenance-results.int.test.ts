import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type { CheckResultRecord } from '../../../../application/ports/check-results.ts';
import { claimPartition } from '../../../../infrastructure/monitoring/partitions/partition-claims.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const INTERVAL = 60;
const HOUR = 3_600_000;

function checkIn(partition: number): string {
  for (;;) {
    const id = randomUUID();
    if (checkPartitionOf(id) === partition) return id;
  }
}

const result = (checkId: string, serverId: string, slot: number, over: Partial<CheckResultRecord> = {}) => ({
  checkId,
  serverId,
  slot,
  intervalSeconds: INTERVAL,
  startedAt: new Date(slot * INTERVAL * 1000 + 150),
  status: 'up' as const,
  latencyMs: 10,
  message: null,
  ...over,
});

/** The uptime counted from the raw rows, as a reader without the rollup would: maintenance left out. */
const rawUptime = async (database: TestDatabase, checkId: string) => {
  const { rows } = await database.pool.query<{ total: string; up: string; maintenance: string }>(
    `select count(*) filter (where not in_maintenance) as total,
            count(*) filter (where status = 'up' and not in_maintenance) as up,
            count(*) filter (where in_maintenance) as maintenance
     from monitoring.check_results where check_id = $1`,
    [checkId],
  );
  const row = rows[0];
  return { total: Number(row?.total), up: Number(row?.up), maintenance: Number(row?.maintenance) };
};

test('results taken in a maintenance window are kept but lower neither the rollup’s uptime nor the raw one', async (t) => {
  const { database } = t.context;
  const { pool } = database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(11);
  const server = randomUUID();
  // An hour's start, 2 hours back: 40 slots of it, the middle 20 in a window where the server was down.
  const hourStart = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
  const first = hourStart / (INTERVAL * 1000);
  const epoch = await claimPartition(pool, 11, 'node-a');
  const batch = Array.from({ length: 40 }, (_, i) => {
    const inWindow = i >= 10 && i < 30;
    return result(
      check,
      server,
      first + i,
      inWindow ? { status: 'down', latencyMs: 800, message: 'HTTP 503', inMaintenance: true } : {},
    );
  });
  // One down out of the window: it is the only thing that lowers the uptime.
  batch[35] = result(check, server, first + 35, { status: 'down', latencyMs: null, message: 'timeout' });
  t.like(await results.record({ partition: 11, epoch, results: batch }), { written: true, recorded: 40 });

  const now = new Date(hourStart + 2 * HOUR);
  const summary = await results.uptime({ checkId: check }, now);
  t.deepEqual(summary.last24h, { total: 20, up: 19, ratio: 19 / 20 });
  t.deepEqual(summary.last30d, { total: 20, up: 19, ratio: 19 / 20 });
  t.deepEqual((await results.uptime({ serverId: server }, now)).last7d, {
    total: 20,
    up: 19,
    ratio: 19 / 20,
  });
  const board = await results.uptimeOfEveryCheck(now);
  t.deepEqual(board.find((row) => row.checkId === check)?.last24h, { total: 20, up: 19, ratio: 19 / 20 });

  // The raw rows keep the window's results, marked, and say the same uptime as the rollup.
  t.deepEqual(await rawUptime(database, check), { total: 20, up: 19, maintenance: 20 });
  const { rows: hourly } = await pool.query<{ total: number; up: number; maintenance: number }>(
    'select total, up, maintenance from monitoring.check_results_hourly where check_id = $1',
    [check],
  );
  t.deepEqual(hourly, [{ total: 20, up: 19, maintenance: 20 }]);

  // The latency series counts like the uptime; a window's latencies stay in the percentiles (real answers).
  const range = { from: new Date(hourStart), to: new Date(hourStart + HOUR) };
  const [bucket] = await results.latencySeries({ checkId: check }, range, 3600);
  t.like(bucket, { total: 20, up: 19 });
  const percentiles = await results.latencyPercentiles({ checkId: check }, range);
  t.is(percentiles.samples, 39);
  t.is(percentiles.p99, 800);
  // The history shows the window's downs as they were.
  t.is((await results.recent(check, 40)).filter((row) => row.status === 'down').length, 21);
});

test('a repeated slot in maintenance is counted once, and the rollup adds up across batches', async (t) => {
  const { database } = t.context;
  const { pool } = database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(12);
  const server = randomUUID();
  const hourStart = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
  const first = hourStart / (INTERVAL * 1000);
  const epoch = await claimPartition(pool, 12, 'node-a');
  await results.record({
    partition: 12,
    epoch,
    results: [result(check, server, first), result(check, server, first + 1, { inMaintenance: true })],
  });
  // A takeover runs the window's slot again (no longer in maintenance to this node): the first row stays.
  const outcome = await results.record({
    partition: 12,
    epoch,
    results: [
      result(check, server, first + 1, { status: 'down' }),
      result(check, server, first + 2, { status: 'down', inMaintenance: true }),
    ],
  });
  t.like(outcome, { written: true, recorded: 1, duplicates: 1 });
  const summary = await results.uptime({ checkId: check }, new Date(hourStart + 2 * HOUR));
  t.deepEqual(summary.last24h, { total: 1, up: 1, ratio: 1 });
  t.deepEqual(await rawUptime(database, check), { total: 1, up: 1, maintenance: 2 });
});

test('a check only ever in maintenance has no uptime (no ratio), not zero', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(13);
  const server = randomUUID();
  const slot = Math.floor((Date.now() - HOUR) / (INTERVAL * 1000));
  const epoch = await claimPartition(pool, 13, 'node-a');
  await results.record({
    partition: 13,
    epoch,
    results: [result(check, server, slot, { status: 'down', latencyMs: null, inMaintenance: true })],
  });
  t.deepEqual((await results.uptime({ checkId: check }, new Date())).last24h, {
    total: 0,
    up: 0,
    ratio: null,
  });
});
