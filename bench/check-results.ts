/**
 * Monitoring's raw check results (#15): is a rollup table needed, or do queries over the day partitions with
 * the primary key's covering index answer fast enough?
 *
 *   npx tsx bench/check-results.ts   BENCH_CHECKS (default 200) checks, 2 per server, at one result a minute
 *                                    for BENCH_DAYS (default 30) days: 200 x 30 = 8.64 M rows, put in by SQL
 *                                    (setup, timed and shown), 1 % down; BENCH_QUERY_RUNS (default 40) runs of
 *                                    each query, on random checks; BENCH_WRITE_S (default 5) of writes.
 *
 * Reads: the store's own queries (`createPostgresCheckResults`), warm, one at a time: uptime from the hourly
 * rollup (filled from the loaded rows by one SQL statement, as `record()` would have), percentiles and series
 * from the raw rows. Baseline in the same run: the same uptime summed over the raw rows of the partitions.
 * Writes: the fenced `record()` (compare-and-set on the partition's epoch, the insert and the rollup) against a
 * plain insert of the raw rows with no fence, no rollup and no transaction. The last line is one JSON object.
 */
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { checkPartitionOf } from '../application/ports/check-partitions.ts';
import type { CheckResultRecord } from '../application/ports/check-results.ts';
import { claimPartition } from '../infrastructure/monitoring/partitions/index.ts';
import { createPostgresCheckResults } from '../infrastructure/monitoring/results/index.ts';
import { startBenchRun } from './support/bench-run.ts';
import { distribution } from './support/percentiles.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { wholeNumberFromEnv } from './support/env-numbers.ts';

const DAY_MS = 86_400_000;
const INTERVAL_S = 60;

const settings = {
  checks: wholeNumberFromEnv('BENCH_CHECKS', 200, 2, 5000),
  days: wholeNumberFromEnv('BENCH_DAYS', 30, 1, 60),
  queryRuns: wholeNumberFromEnv('BENCH_QUERY_RUNS', 40, 5, 1000),
  writeS: wholeNumberFromEnv('BENCH_WRITE_S', 5, 1, 120),
};

/** PostgreSQL's `md5(text)::uuid`, so the ids put in by SQL are known here. */
function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const checkId = (c: number) => md5Uuid(`check${c}`);
const serverId = (c: number) => md5Uuid(`server${Math.floor(c / 2)}`);

/** One day of results of every check, by SQL: latencies 5..45 ms, 1 % down with no answer. */
const LOAD_DAY = `
  insert into monitoring.check_results
    (check_id, server_id, slot, slot_at, started_at, status, latency_ms, message, partition_epoch)
  select md5('check' || c)::uuid, md5('server' || (c / 2))::uuid, s, to_timestamp(s * 60),
         to_timestamp(s * 60) + interval '150 ms', d.status,
         case when d.status = 'up' then (5 + random() * 40)::int end,
         case when d.status = 'down' then 'connect ECONNREFUSED' end, 1
  from generate_series(0, $1::int - 1) c, generate_series($2::bigint, $3::bigint - 1) s,
       lateral (select case when random() < 0.01 then 'down' else 'up' end as status) d`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

interface QueryRow {
  readonly name: string;
  readonly rows: string;
  readonly p50: number;
  readonly p99: number;
}

async function measure(name: string, rows: string, run: (i: number) => Promise<unknown>): Promise<QueryRow> {
  await run(0);
  const times: number[] = [];
  for (let i = 1; i <= settings.queryRuns; i += 1) times.push((await timed(() => run(i)))[1]);
  const { p50, p99 } = distribution(times);
  return { name, rows, p50, p99 };
}

async function load(pool: pg.Pool, now: number): Promise<number> {
  const results = createPostgresCheckResults(pool, { retentionDays: () => settings.days + 1 });
  const firstDay = Math.floor(now / DAY_MS) * DAY_MS - settings.days * DAY_MS;
  await results.createPartitionsAhead(new Date(firstDay), settings.days + 2);
  const lastSlot = Math.floor(now / (INTERVAL_S * 1000));
  const firstSlot = lastSlot - settings.days * 1440;
  const [, ms] = await timed(async () => {
    for (let from = firstSlot; from < lastSlot; from += 1440) {
      await pool.query(LOAD_DAY, [settings.checks, from, Math.min(lastSlot, from + 1440)]);
    }
  });
  // Sets the visibility map, so that the covering index answers without reading the table (autovacuum would,
  // later); and statistics for the planner.
  await pool.query('vacuum (analyze) monitoring.check_results');
  return ms;
}

/** The rollup `record()` keeps, for the rows loaded by SQL. */
async function fillRollup(pool: pg.Pool): Promise<number> {
  const [, ms] = await timed(async () => {
    await pool.query(`insert into monitoring.check_results_hourly
        (check_id, hour, server_id, total, up, maintenance, latency_count, latency_sum, latency_max)
      select check_id, date_bin(interval '1 hour', slot_at, timestamptz 'epoch'), min(server_id::text)::uuid,
             count(*) filter (where not in_maintenance),
             count(*) filter (where status = 'up' and not in_maintenance), count(*) filter (where in_maintenance),
             count(latency_ms), coalesce(sum(latency_ms), 0), max(latency_ms)
      from monitoring.check_results group by 1, 2`);
    await pool.query('vacuum (analyze) monitoring.check_results_hourly');
  });
  return ms;
}

async function queries(pool: pg.Pool, now: Date): Promise<QueryRow[]> {
  const results = createPostgresCheckResults(pool, { retentionDays: () => settings.days + 1 });
  const pick = (i: number) => (i * 7919) % settings.checks;
  const check = (i: number) => ({ checkId: checkId(pick(i)) });
  const server = (i: number) => ({ serverId: serverId(pick(i)) });
  const last = (days: number) => ({ from: new Date(now.getTime() - days * DAY_MS), to: now });
  const perCheck30d = formatInteger(settings.days * 1440);
  const rows: QueryRow[] = [
    await measure('uptime 24h/7d/30d, one check (rollup)', formatInteger(settings.days * 24), (i) =>
      results.uptime(check(i), now),
    ),
    await measure(
      'uptime 24h/7d/30d, one server, 2 checks (rollup)',
      formatInteger(settings.days * 48),
      (i) => results.uptime(server(i), now),
    ),
    await measure('latency p50/p95/p99, one check, 24 h', '1 440', (i) =>
      results.latencyPercentiles(check(i), last(1)),
    ),
    await measure('latency p50/p95/p99, one check, 30 d', perCheck30d, (i) =>
      results.latencyPercentiles(check(i), last(settings.days)),
    ),
    await measure('latency series, one check, 24 h by 5 min', '1 440', (i) =>
      results.latencySeries(check(i), last(1), 300),
    ),
    await measure('latency series, one check, 30 d by 1 h', perCheck30d, (i) =>
      results.latencySeries(check(i), last(settings.days), 3600),
    ),
    await measure('last 20 results, one check', '20', (i) => results.recent(checkId(pick(i)), 20)),
    await measure(
      'board: uptime 24h/7d/30d of every check (rollup)',
      formatInteger(settings.checks * settings.days * 24),
      () => results.uptimeOfEveryCheck(now),
    ),
  ];
  return rows;
}

/** The baseline: uptime summed over the raw rows, as the store would without its rollup. */
async function rawQueries(pool: pg.Pool, now: Date): Promise<QueryRow[]> {
  const pick = (i: number) => (i * 7919) % settings.checks;
  const windows = `count(*) filter (where slot_at >= $1::timestamptz - interval '24 hours'),
    count(*) filter (where slot_at >= $1::timestamptz - interval '24 hours' and status = 'up'),
    count(*) filter (where slot_at >= $1::timestamptz - interval '7 days'),
    count(*) filter (where slot_at >= $1::timestamptz - interval '7 days' and status = 'up'),
    count(*), count(*) filter (where status = 'up')`;
  // Results in maintenance are out of the uptime, as in the rollup.
  const range = `slot_at >= $1::timestamptz - interval '30 days' and slot_at < $1 and not in_maintenance`;
  return [
    await measure(
      'baseline: uptime 24h/7d/30d, one check, raw rows',
      formatInteger(settings.days * 1440),
      (i) =>
        pool.query(`select ${windows} from monitoring.check_results where check_id = $2 and ${range}`, [
          now,
          checkId(pick(i)),
        ]),
    ),
    await measure(
      'baseline: board of every check, raw rows',
      formatInteger(settings.checks * settings.days * 1440),
      () =>
        pool.query(
          `select check_id, ${windows} from monitoring.check_results where ${range} group by check_id`,
          [now],
        ),
    ),
  ];
}

interface WriteRow {
  readonly name: string;
  readonly batches: number;
  readonly rowsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** Batches of 50 results of checks of one partition, one after another, for the write window. */
async function writes(pool: pg.Pool, now: number, fenced: boolean): Promise<WriteRow> {
  const results = createPostgresCheckResults(pool, { retentionDays: () => settings.days + 1 });
  const partition = 0;
  const epoch = await claimPartition(pool, partition, 'bench');
  // 2,000 checks of the partition, 50 a batch: 40 batches a slot, so a window of writes spans under an hour.
  const ids: string[] = [];
  for (let c = 0; ids.length < 2000; c += 1) {
    const id = md5Uuid(`write-check${fenced ? 'f' : 'p'}${c}`);
    if (checkPartitionOf(id) === partition) ids.push(id);
  }
  // Slots of tomorrow (its partition made by the load): no row of the load collides with them.
  let slot = Math.floor((now + DAY_MS) / (INTERVAL_S * 1000));
  let next = 0;
  const batch = (): CheckResultRecord[] => {
    if (next >= ids.length) {
      next = 0;
      slot += 1;
    }
    const checks = ids.slice(next, next + 50);
    next += 50;
    return checks.map((id) => ({
      checkId: id,
      serverId: id,
      slot,
      intervalSeconds: INTERVAL_S,
      startedAt: new Date(slot * INTERVAL_S * 1000 + 150),
      status: 'up',
      latencyMs: 12,
      message: null,
    }));
  };
  const plain = async (rows: CheckResultRecord[]) => {
    await pool.query(
      `insert into monitoring.check_results
         (check_id, server_id, slot, slot_at, started_at, status, latency_ms, message, partition_epoch)
       select * , 1 from unnest($1::uuid[], $2::uuid[], $3::int8[], $4::timestamptz[], $5::timestamptz[],
                               $6::text[], $7::int4[], $8::text[])
       on conflict do nothing`,
      [
        rows.map((r) => r.checkId),
        rows.map((r) => r.serverId),
        rows.map((r) => String(r.slot)),
        rows.map((r) => new Date(r.slot * r.intervalSeconds * 1000)),
        rows.map((r) => r.startedAt),
        rows.map((r) => r.status),
        rows.map((r) => r.latencyMs),
        rows.map((r) => r.message),
      ],
    );
  };
  const times: number[] = [];
  const end = performance.now() + settings.writeS * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    const rows = batch();
    const [, ms] = await timed(async () => {
      if (!fenced) return plain(rows);
      const outcome = await results.record({ partition, epoch, results: rows });
      if (!outcome.written || outcome.recorded !== rows.length)
        throw new Error('a fenced batch was not written');
    });
    times.push(ms);
  }
  const seconds = (performance.now() - start) / 1000;
  const { p50, p99 } = distribution(times);
  return {
    name: fenced ? 'record(): fenced, with rollup, 50 a batch' : 'baseline: plain insert, 50 a batch',
    batches: times.length,
    rowsPerSecond: (times.length * 50) / seconds,
    p50,
    p99,
  };
}

async function main(): Promise<void> {
  const run = await startBenchRun('check-results', 15 * 60_000, { onSignal: 'exit' });
  const handle = run.database.open(4);
  try {
    const { pool } = handle;
    const now = Date.now();
    const rows = settings.checks * settings.days * 1440;
    console.log(
      `${formatInteger(settings.checks)} checks (2 a server) at 1 a minute for ${settings.days} days: ` +
        `${formatInteger(rows)} rows; load average ${formatFixed(loadavg()[0] ?? Number.NaN, 1)} on ` +
        `${availableParallelism()} cores`,
    );
    const loadMs = await load(pool, now);
    const { rows: size } = await pool.query<{ bytes: string }>(
      `select sum(pg_total_relation_size(inhrelid))::bigint as bytes from pg_inherits
       where inhparent = 'monitoring.check_results'::regclass`,
    );
    const bytes = Number(size[0]?.bytes ?? 0);
    console.log(
      `load (setup, SQL): ${formatFixed(loadMs / 1000, 1)} s, ${formatInteger(rows / (loadMs / 1000))} rows/s; ` +
        `table and indexes ${formatInteger(bytes / 1e6)} MB (${formatFixed(bytes / rows, 0)} B a row)`,
    );
    const rollupMs = await fillRollup(pool);
    console.log(`hourly rollup filled from the loaded rows in ${formatFixed(rollupMs / 1000, 1)} s (setup)`);
    const at = new Date(now);
    const reads = [...(await queries(pool, at)), ...(await rawQueries(pool, at))];
    const written = [await writes(pool, now, true), await writes(pool, now, false)];
    console.log('');
    console.log(
      formatTable(
        [
          { header: 'query' },
          { header: 'rows read', align: 'right' },
          { header: 'p50 ms', align: 'right' },
          { header: 'p99 ms', align: 'right' },
        ],
        reads.map((r) => [r.name, r.rows, formatFixed(r.p50, 2), formatFixed(r.p99, 2)]),
      ),
    );
    console.log('');
    console.log(
      formatTable(
        [
          { header: 'write' },
          { header: 'batches', align: 'right' },
          { header: 'rows/s', align: 'right' },
          { header: 'p50 ms', align: 'right' },
          { header: 'p99 ms', align: 'right' },
        ],
        written.map((w) => [
          w.name,
          formatInteger(w.batches),
          formatInteger(w.rowsPerSecond),
          formatFixed(w.p50, 2),
          formatFixed(w.p99, 2),
        ]),
      ),
    );
    const byName = (prefix: string) => reads.find((r) => r.name.startsWith(prefix));
    const round = (value: number | undefined) => Math.round((value ?? Number.NaN) * 100) / 100;
    console.log(
      JSON.stringify({
        bench: 'check-results',
        checks: settings.checks,
        days: settings.days,
        rows,
        load_s: round(loadMs / 1000),
        bytes_per_row: Math.round(bytes / rows),
        uptime_check_p99_ms: round(byName('uptime 24h/7d/30d, one check')?.p99),
        uptime_server_p99_ms: round(byName('uptime 24h/7d/30d, one server')?.p99),
        percentiles_30d_p99_ms: round(byName('latency p50/p95/p99, one check, 30 d')?.p99),
        series_30d_p99_ms: round(byName('latency series, one check, 30 d')?.p99),
        board_p99_ms: round(byName('board: uptime')?.p99),
        raw_uptime_check_p99_ms: round(byName('baseline: uptime')?.p99),
        raw_board_p99_ms: round(byName('baseline: board')?.p99),
        fenced_write_rows_per_s: Math.round(written[0]?.rowsPerSecond ?? 0),
        plain_write_rows_per_s: Math.round(written[1]?.rowsPerSecond ?? 0),
      }),
    );
  } finally {
    await handle.close();
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:check-results failed:', error);
  process.exitCode = 1;
});
