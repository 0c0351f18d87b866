import type pg from 'pg';
import {
  LATENCY_SERIES_MAX_BUCKETS,
  type LatencyBucket,
  type LatencyPercentiles,
  type RecentResult,
  type ResultsOf,
  type TimeRange,
  type UptimeSummary,
  type UptimeWindow,
  type CheckUptime,
} from '../../../application/ports/check-results.ts';

/** The column and value a summary filters on; the column comes from this fixed pair, never from input. */
const target = (of: ResultsOf): { column: 'check_id' | 'server_id'; id: string } =>
  'checkId' in of ? { column: 'check_id', id: of.checkId } : { column: 'server_id', id: of.serverId };

interface UptimeRow {
  total_24h: string;
  up_24h: string;
  total_7d: string;
  up_7d: string;
  total_30d: string;
  up_30d: string;
}

const windowOf = (total: string, up: string): UptimeWindow => {
  const t = Number(total);
  const u = Number(up);
  return { total: t, up: u, ratio: t === 0 ? null : u / t };
};

const HOUR_MS = 3_600_000;

/**
 * The starts of the 24-hour, 7-day and 30-day windows before `now`, each moved back to the start of its hour
 * (the rollup's bins, counted from the epoch: no time zone in them), then `now`: four query parameters.
 */
const windowBounds = (now: Date): Date[] =>
  [24 * HOUR_MS, 7 * 24 * HOUR_MS, 30 * 24 * HOUR_MS]
    .map((window) => new Date(Math.floor((now.getTime() - window) / HOUR_MS) * HOUR_MS))
    .concat(now);

/** The sums of the three windows and the range condition, the bounds being parameters `$n` to `$n+3`. */
const windows = (n: number) => ({
  sums: `
    coalesce(sum(total) filter (where hour >= $${n}), 0) as total_24h,
    coalesce(sum(up) filter (where hour >= $${n}), 0) as up_24h,
    coalesce(sum(total) filter (where hour >= $${n + 1}), 0) as total_7d,
    coalesce(sum(up) filter (where hour >= $${n + 1}), 0) as up_7d,
    coalesce(sum(total), 0) as total_30d,
    coalesce(sum(up), 0) as up_30d`,
  range: `hour >= $${n + 2} and hour < $${n + 3}`,
});

const summaryOf = (row: UptimeRow): UptimeSummary => ({
  last24h: windowOf(row.total_24h, row.up_24h),
  last7d: windowOf(row.total_7d, row.up_7d),
  last30d: windowOf(row.total_30d, row.up_30d),
});

/** The three windows in one pass over the hourly rollup: 720 rows a check for 30 days, from its covering index. */
export async function uptime(pool: pg.Pool, of: ResultsOf, now: Date): Promise<UptimeSummary> {
  const { column, id } = target(of);
  const { rows } = await pool.query<UptimeRow>(
    `select ${windows(2).sums} from monitoring.check_results_hourly where ${column} = $1 and ${windows(2).range}`,
    [id, ...windowBounds(now)],
  );
  const row = rows[0];
  if (!row) throw new Error('an aggregate returned no row');
  return summaryOf(row);
}

/**
 * Every check with results in the 30 days before `now`, for a board of all servers. A check is one server's
 * (the domain never moves a check): were it under two in the window, it would be listed once for each.
 */
export async function uptimeOfEveryCheck(pool: pg.Pool, now: Date): Promise<CheckUptime[]> {
  const { rows } = await pool.query<UptimeRow & { check_id: string; server_id: string }>(
    `select check_id, server_id, ${windows(1).sums} from monitoring.check_results_hourly
     where ${windows(1).range} group by check_id, server_id order by check_id`,
    windowBounds(now),
  );
  return rows.map((row) => ({ checkId: row.check_id, serverId: row.server_id, ...summaryOf(row) }));
}

export async function latencyPercentiles(
  pool: pg.Pool,
  of: ResultsOf,
  range: TimeRange,
): Promise<LatencyPercentiles> {
  const { column, id } = target(of);
  const { rows } = await pool.query<{ samples: string; p: number[] | null }>(
    `select count(latency_ms) as samples,
            percentile_cont(array[0.5, 0.95, 0.99]) within group (order by latency_ms) as p
     from monitoring.check_results
     where ${column} = $1 and slot_at >= $2 and slot_at < $3 and latency_ms is not null`,
    [id, range.from, range.to],
  );
  const row = rows[0];
  const [p50, p95, p99] = row?.p ?? [];
  return { samples: Number(row?.samples ?? 0), p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null };
}

export async function latencySeries(
  pool: pg.Pool,
  of: ResultsOf,
  range: TimeRange,
  bucketSeconds: number,
): Promise<LatencyBucket[]> {
  if (!Number.isSafeInteger(bucketSeconds) || bucketSeconds <= 0) {
    throw new RangeError(`bucket must be a positive whole number of seconds, got ${bucketSeconds}`);
  }
  const buckets = Math.ceil((range.to.getTime() - range.from.getTime()) / (bucketSeconds * 1000));
  if (buckets > LATENCY_SERIES_MAX_BUCKETS) {
    throw new RangeError(`a series has at most ${LATENCY_SERIES_MAX_BUCKETS} buckets, this one ${buckets}`);
  }
  const { column, id } = target(of);
  const { rows } = await pool.query<{
    at: Date;
    total: string;
    up: string;
    avg_ms: number | null;
    max_ms: number | null;
  }>(
    `select date_bin(make_interval(secs => $4), slot_at, timestamptz 'epoch') as at,
            count(*) filter (where not in_maintenance) as total,
            count(*) filter (where status = 'up' and not in_maintenance) as up,
            avg(latency_ms)::float8 as avg_ms, max(latency_ms) as max_ms
     from monitoring.check_results
     where ${column} = $1 and slot_at >= $2 and slot_at < $3
     group by 1 order by 1`,
    [id, range.from, range.to, bucketSeconds],
  );
  return rows.map((row) => ({
    at: row.at,
    total: Number(row.total),
    up: Number(row.up),
    avgMs: row.avg_ms,
    maxMs: row.max_ms,
  }));
}

export async function recentResults(pool: pg.Pool, checkId: string, limit: number): Promise<RecentResult[]> {
  const { rows } = await pool.query<{
    slot_at: Date;
    started_at: Date;
    status: 'up' | 'down';
    latency_ms: number | null;
    message: string | null;
  }>(
    `select slot_at, started_at, status, latency_ms, message from monitoring.check_results
     where check_id = $1 order by slot_at desc limit $2`,
    [checkId, Math.min(100, Math.max(1, Math.floor(limit)))],
  );
  return rows.map((row) => ({
    slotAt: row.slot_at,
    startedAt: row.started_at,
    status: row.status,
    latencyMs: row.latency_ms,
    message: row.message,
  }));
}
