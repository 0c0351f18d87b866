import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type { CheckResultRecord } from '../../../../application/ports/check-results.ts';
import { claimPartition } from '../../../../infrastructure/monitoring/partitions/partition-claims.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const DAY = 86_400_000;
const INTERVAL = 60;

/** A check id that hashes into `partition`. */
function checkIn(partition: number): string {
  for (;;) {
    const id = randomUUID();
    if (checkPartitionOf(id) === partition) return id;
  }
}

const slotAt = (ms: number) => Math.floor(ms / (INTERVAL * 1000));

const result = (checkId: string, serverId: string, slot: number, over: Partial<CheckResultRecord> = {}) => ({
  checkId,
  serverId,
  slot,
  intervalSeconds: INTERVAL,
  startedAt: new Date(slot * INTERVAL * 1000 + 150),
  status: 'up' as const,
  latencyMs: 12,
  message: null,
  ...over,
});

const count = async (t: { context: { database: TestDatabase } }, checkId: string) => {
  const { rows } = await t.context.database.pool.query<{ n: string }>(
    'select count(*) as n from monitoring.check_results where check_id = $1',
    [checkId],
  );
  return Number(rows[0]?.n);
};

test('a batch is written under the held epoch, and a (check, slot) only once, whoever writes it again', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(5);
  const server = randomUUID();
  const slot = slotAt(Date.now());
  const first = await claimPartition(pool, 5, 'node-a');
  t.deepEqual(
    await results.record({
      partition: 5,
      epoch: first,
      results: [result(check, server, slot), result(check, server, slot + 1)],
    }),
    { written: true, recorded: 2, duplicates: 0, rejected: [] },
  );
  // The next holder runs the slot again after a takeover: the row of the first stays, the second is skipped.
  const second = await claimPartition(pool, 5, 'node-b');
  t.deepEqual(
    await results.record({
      partition: 5,
      epoch: second,
      results: [result(check, server, slot + 1, { status: 'down' }), result(check, server, slot + 2)],
    }),
    { written: true, recorded: 1, duplicates: 1, rejected: [] },
  );
  t.is(await count(t, check), 3);
  // The rollup counted what was stored, the skipped repeat not.
  t.deepEqual((await results.uptime({ checkId: check }, new Date((slot + 3) * 60_000))).last24h, {
    total: 3,
    up: 3,
    ratio: 1,
  });
  const recent = await results.recent(check, 10);
  t.deepEqual(
    recent.map((r) => r.status),
    ['up', 'up', 'up'],
  );
});

test('a stale holder’s batch is refused and writes nothing', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(9);
  const stale = await claimPartition(pool, 9, 'node-a');
  await claimPartition(pool, 9, 'node-b');
  t.deepEqual(
    await results.record({
      partition: 9,
      epoch: stale,
      results: [result(check, randomUUID(), slotAt(Date.now()))],
    }),
    { written: false },
  );
  t.is(await count(t, check), 0);
});

test('a batch that meets a takeover in flight waits for it, then is refused', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const check = checkIn(13);
  const stale = await claimPartition(pool, 13, 'node-a');
  // Node b's claim is under way (its transaction has bumped the epoch, not yet committed).
  const claimer = await pool.connect();
  try {
    const pid = await claimer.query<{ pid: number }>('select pg_backend_pid() as pid');
    const claimerPid = pid.rows[0]?.pid;
    await claimer.query('begin');
    await claimer.query(
      `update monitoring.scheduler_partitions set epoch = epoch + 1, owner = 'node-b' where partition = 13`,
    );
    const write = results.record({
      partition: 13,
      epoch: stale,
      results: [result(check, randomUUID(), slotAt(Date.now()))],
    });
    // Blocked by the claimer itself, in this test's database: pg_stat_activity is the whole cluster's, and other
    // test files run the same statement against their own databases at the same time.
    const waiting = await eventually(async () => {
      const { rows } = await pool.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
         where datname = current_database() and $1 = any(pg_blocking_pids(pid))
           and query like 'update monitoring.scheduler_partitions set written_at%'`,
        [claimerPid],
      );
      return Number(rows[0]?.n) === 1;
    });
    t.true(waiting, 'the batch waits on the partition row');
    await claimer.query('commit');
    t.deepEqual(await write, { written: false });
  } finally {
    claimer.release();
  }
  t.is(await count(t, check), 0);
});

test('a result of another partition is refused with its batch', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const epoch = await claimPartition(pool, 3, 'node-a');
  const elsewhere = checkIn(4);
  await t.throwsAsync(
    results.record({ partition: 3, epoch, results: [result(elsewhere, randomUUID(), slotAt(Date.now()))] }),
    { instanceOf: RangeError, message: /not in partition 3/ },
  );
  t.is(await count(t, elsewhere), 0);
});

test('a result outside the kept days is rejected alone: the rest of its batch is written', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const epoch = await claimPartition(pool, 15, 'node-a');
  const [skewed, future, fine] = [checkIn(15), checkIn(15), checkIn(15)];
  const oldSlot = slotAt(Date.now() - 40 * DAY);
  const futureSlot = slotAt(Date.now() + 10 * DAY);
  const outcome = await results.record({
    partition: 15,
    epoch,
    results: [
      result(skewed, randomUUID(), oldSlot),
      result(fine, randomUUID(), slotAt(Date.now())),
      result(future, randomUUID(), futureSlot),
    ],
  });
  t.like(outcome, { written: true, recorded: 1, duplicates: 0 });
  t.deepEqual(outcome.written ? outcome.rejected.map((r) => [r.checkId, r.slot]) : null, [
    [skewed, oldSlot],
    [future, futureSlot],
  ]);
  t.regex(outcome.written ? (outcome.rejected[0]?.reason ?? '') : '', /outside the kept days/);
  t.is(await count(t, fine), 1);
  t.is(await count(t, skewed), 0);
  t.is(await count(t, future), 0);

  // A batch of nothing but rejected results still passes the fence: its holder's gate is answered.
  const onlySkewed = await results.record({
    partition: 15,
    epoch,
    results: [result(skewed, randomUUID(), oldSlot)],
  });
  t.like(onlySkewed, { written: true, recorded: 0 });
  const stale = await results.record({
    partition: 15,
    epoch: epoch - 1,
    results: [result(skewed, randomUUID(), oldSlot)],
  });
  t.deepEqual(stale, { written: false });
});

test.serial(
  'partitions are made ahead and on demand, and whole days past the retention are dropped',
  async (t) => {
    const { pool } = t.context.database;
    const now = Date.now();
    // A node whose clock says 40 days ago wrote results then: the day got its partition on demand.
    const past = createPostgresCheckResults(pool, { retentionDays: () => 30, now: () => now - 40 * DAY });
    const check = checkIn(7);
    const epoch = await claimPartition(pool, 7, 'node-a');
    await past.record({
      partition: 7,
      epoch,
      results: [result(check, randomUUID(), slotAt(now - 40 * DAY))],
    });
    const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
    await results.record({
      partition: 7,
      epoch,
      results: [result(check, randomUUID(), slotAt(now - 29 * DAY))],
    });
    const created = await results.createPartitionsAhead(new Date(now), 3);
    t.true(created.length >= 3 && created.length <= 4, created.join());
    t.deepEqual(await results.createPartitionsAhead(new Date(now), 3), []);

    const dropped = await results.dropExpiredPartitions(new Date(now), 30);
    const day = new Date(now - 40 * DAY).toISOString().slice(0, 10).replaceAll('-', '');
    t.deepEqual(dropped, [`check_results_${day}`]);
    t.is(await count(t, check), 1);
    const { rows: hours } = await pool.query<{ n: string }>(
      'select count(*) as n from monitoring.check_results_hourly where check_id = $1',
      [check],
    );
    t.is(Number(hours[0]?.n), 1, 'the rollup of the dropped day went with it');
    // A write for a dropped day is outside the kept days now.
    const late = await results.record({
      partition: 7,
      epoch,
      results: [result(check, randomUUID(), slotAt(now - 40 * DAY))],
    });
    t.like(late, { written: true, recorded: 0 });
    t.is(late.written ? late.rejected.length : null, 1);
  },
);

test('uptime, percentiles and the series sum the rows of a check and of its server', async (t) => {
  const { pool } = t.context.database;
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const now = Math.floor(Date.now() / (INTERVAL * 1000)) * INTERVAL * 1000;
  const server = randomUUID();
  const a = checkIn(11);
  const b = checkIn(11);
  const epoch = await claimPartition(pool, 11, 'node-a');
  const rows: CheckResultRecord[] = [];
  // Check a: 10 results in the last hour, latencies 1..10 ms, the 10th down; 2 more 3 days ago (down, no answer).
  for (let i = 1; i <= 10; i += 1) {
    rows.push(result(a, server, slotAt(now) - i, { latencyMs: i, status: i === 10 ? 'down' : 'up' }));
  }
  rows.push(
    result(a, server, slotAt(now - 3 * DAY), { status: 'down', latencyMs: null, message: 'refused' }),
  );
  rows.push(result(a, server, slotAt(now - 3 * DAY) + 1, { status: 'down', latencyMs: null }));
  // Check b of the same server: one up result 10 days ago.
  rows.push(result(b, server, slotAt(now - 10 * DAY), { latencyMs: 100 }));
  t.like(await results.record({ partition: 11, epoch, results: rows }), { written: true, recorded: 13 });

  const at = new Date(now);
  t.deepEqual(await results.uptime({ checkId: a }, at), {
    last24h: { total: 10, up: 9, ratio: 0.9 },
    last7d: { total: 12, up: 9, ratio: 0.75 },
    last30d: { total: 12, up: 9, ratio: 0.75 },
  });
  t.deepEqual((await results.uptime({ serverId: server }, at)).last30d, {
    total: 13,
    up: 10,
    ratio: 10 / 13,
  });
  t.deepEqual((await results.uptime({ checkId: randomUUID() }, at)).last24h, {
    total: 0,
    up: 0,
    ratio: null,
  });
  const board = await results.uptimeOfEveryCheck(at);
  t.like(
    board.find((row) => row.checkId === b),
    {
      serverId: server,
      last24h: { total: 0, up: 0, ratio: null },
      last30d: { total: 1, up: 1, ratio: 1 },
    },
  );
  t.like(
    board.find((row) => row.checkId === a),
    { last7d: { total: 12, up: 9, ratio: 0.75 } },
  );

  const lastHour = { from: new Date(now - 3_600_000), to: at };
  const p = await results.latencyPercentiles({ checkId: a }, lastHour);
  t.is(p.samples, 10);
  t.is(p.p50, 5.5);
  t.is(Math.round((p.p95 ?? 0) * 100) / 100, 9.55);

  const series = await results.latencySeries({ checkId: a }, lastHour, 300);
  t.is(
    series.reduce((sum, bucket) => sum + bucket.total, 0),
    10,
  );
  t.true(series.every((bucket) => bucket.at.getTime() % 300_000 === 0));
  t.is(Math.max(...series.map((bucket) => bucket.maxMs ?? 0)), 10);
  await t.throwsAsync(results.latencySeries({ checkId: a }, { from: new Date(0), to: at }, 60), {
    instanceOf: RangeError,
    message: /at most 1000 buckets/,
  });
});
