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

/** The three windows in one pass over the 30 days (the index holds the status: no table reads). */
export async function uptime(pool: pg.Pool, of: ResultsOf, now: Date): Promise<UptimeSummary> {
  const { column, id } = target(of);
  const { rows } = await pool.query<UptimeRow>(
    `select count(*) filter (where slot_at >= $2::timestamptz - interval '24 hours') as total_24h,
            count(*) filter (where slot_at >= $2::timestamptz - interval '24 hours' and status = 'up') as up_24h,
            count(*) filter (where slot_at >= $2::timestamptz - interval '7 days') as total_7d,
            count(*) filter (where slot_at >= $2::timestamptz - interval '7 days' and status = 'up') as up_7d,
            count(*) as total_30d,
            count(*) filter (where status = 'up') as up_30d
     from monitoring.check_results
     where ${column} = $1 and slot_at >= $2::timestamptz - interval '30 days' and slot_at < $2::timestamptz`,
    [id, now],
  );
  const row = rows[0];
  if (!row) throw new Error('an aggregate returned no row');
  return {
    last24h: windowOf(row.total_24h, row.up_24h),
    last7d: windowOf(row.total_7d, row.up_7d),
    last30d: windowOf(row.total_30d, row.up_30d),
  };
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
            count(*) as total, count(*) filter (where status = 'up') as up,
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
