/**
 * Raw check results: one row per (check, time slot), kept for a retention period and summed up on read. High-rate
 * telemetry, so rows in a table partitioned by day, never events (DESIGN.md, "Events").
 */

/** One run of one check, as the scheduler hands it over. */
export interface CheckResultRecord {
  readonly checkId: string;
  readonly serverId: string;
  /** `Math.floor(epochMs / (intervalSeconds * 1000))` of the slot the run was for. */
  readonly slot: number;
  /** The check's interval when it ran: with `slot`, it fixes the slot's start, the row's time. */
  readonly intervalSeconds: number;
  /** When the probe actually started (later than the slot's start by the scheduler's lag). */
  readonly startedAt: Date;
  readonly status: 'up' | 'down';
  /** Null when nothing answered. */
  readonly latencyMs: number | null;
  /** Why it is down (or what warns while up); cut to {@link RESULT_MESSAGE_MAX} characters. */
  readonly message: string | null;
  /**
   * Taken while the check was in a maintenance window: kept (the history and the latency show it) but left out
   * of every uptime count, so a planned window does not lower the uptime. Absent is false (a push's up).
   */
  readonly inMaintenance?: boolean;
}

export const RESULT_MESSAGE_MAX = 500;
/** Rows one `record` call takes at most: one short transaction. */
export const RESULT_BATCH_MAX = 1000;

/** Results of the checks of one scheduler partition, written under the epoch the writer holds it with. */
export interface CheckResultBatch {
  readonly partition: number;
  readonly epoch: number;
  /** Every result's check must belong to `partition`. */
  readonly results: readonly CheckResultRecord[];
}

export type RecordOutcome =
  /** The writer no longer holds the partition under that epoch: nothing was written. */
  | { readonly written: false }
  /**
   * `duplicates`: (check, slot) pairs already recorded (by this writer before, or a holder before it).
   * `rejected`: results left out, the rest of the batch written: their slot lies outside the kept days (a node
   * with a skewed clock, an interval changed between planning and writing). Do not decide on them.
   */
  | {
      readonly written: true;
      readonly recorded: number;
      readonly duplicates: number;
      readonly rejected: readonly RejectedResult[];
    };

export interface RejectedResult {
  readonly checkId: string;
  readonly slot: number;
  readonly reason: string;
}

/** Which results a summary is over: one check, or every check of one server. */
export type ResultsOf = { readonly checkId: string } | { readonly serverId: string };

export interface UptimeWindow {
  readonly total: number;
  readonly up: number;
  /** up / total; null when nothing was recorded in the window. */
  readonly ratio: number | null;
}

/** Uptime over the 24 hours, 7 days and 30 days before a moment, each reaching back to the start of its hour. */
export interface UptimeSummary {
  readonly last24h: UptimeWindow;
  readonly last7d: UptimeWindow;
  readonly last30d: UptimeWindow;
}

export interface CheckUptime extends UptimeSummary {
  readonly checkId: string;
  readonly serverId: string;
}

/**
 * Latency percentiles in milliseconds over the results that had one, those in maintenance too (their answers
 * were real); null when none had.
 */
export interface LatencyPercentiles {
  readonly samples: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface LatencyBucket {
  /** The bucket's start. */
  readonly at: Date;
  /** Results out of maintenance (those in it are left out of `total` and `up`, as in the uptime). */
  readonly total: number;
  readonly up: number;
  /** Mean latency of the results with one; null when none had. */
  readonly avgMs: number | null;
  readonly maxMs: number | null;
}

/** A time range, `from` inclusive, `to` exclusive. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** Buckets one series returns at most. */
export const LATENCY_SERIES_MAX_BUCKETS = 1000;

export interface RecentResult {
  readonly slotAt: Date;
  readonly startedAt: Date;
  readonly status: 'up' | 'down';
  readonly latencyMs: number | null;
  readonly message: string | null;
}

export interface CheckResults {
  /**
   * Writes the batch if, in the same transaction, the partition is still held under `epoch` (a compare-and-set
   * on the partition's row, as a projection batch's checkpoint); a (check, slot) already recorded is skipped.
   * @throws {RangeError} for a result of another partition, a batch over {@link RESULT_BATCH_MAX}, or a slot
   *   outside the kept days.
   * @throws {TransientStoreError} when the database is unreachable: nothing was written, the batch may be
   *   tried again as it is (a retry of a written batch records nothing twice).
   */
  record(batch: CheckResultBatch): Promise<RecordOutcome>;
  /**
   * Uptime over the 24 hours, 7 days and 30 days before `now` (from an hourly rollup: to the hour), the results
   * in maintenance left out of both counts.
   */
  uptime(of: ResultsOf, now: Date): Promise<UptimeSummary>;
  /** The same for every check with results in the 30 days before `now`, by check id (a board of everything). */
  uptimeOfEveryCheck(now: Date): Promise<CheckUptime[]>;
  latencyPercentiles(of: ResultsOf, range: TimeRange): Promise<LatencyPercentiles>;
  /**
   * Results bucketed by `bucketSeconds` (aligned to the epoch), oldest first, empty buckets left out.
   * @throws {RangeError} when the range would make more than {@link LATENCY_SERIES_MAX_BUCKETS} buckets.
   */
  latencySeries(of: ResultsOf, range: TimeRange, bucketSeconds: number): Promise<LatencyBucket[]>;
  /** The latest results of one check, newest first (at most 100). */
  recent(checkId: string, limit: number): Promise<RecentResult[]>;
  /**
   * The start of the latest slot recorded since `since` for each of `checkIds` (at most
   * {@link RESULT_BATCH_MAX}), by any writer; a check without one is left out. A node taking checks over
   * starts after it.
   */
  lastSlots(checkIds: readonly string[], since: Date): Promise<Map<string, Date>>;
}

/** Upkeep of the results table: day partitions made ahead, and whole days dropped past the retention. */
export interface CheckResultsUpkeep {
  /** Creates the partitions of the days from `now`'s day to `daysAhead` days after it; returns those created. */
  createPartitionsAhead(now: Date, daysAhead: number): Promise<string[]>;
  /**
   * Drops every day partition whose whole day is older than `retentionDays` before `now`, and the hourly rollup
   * of those days; returns the partitions dropped.
   */
  dropExpiredPartitions(now: Date, retentionDays: number): Promise<string[]>;
}
