import type pg from 'pg';
import { lastSlots } from './last-slots.ts';
import type {
  CheckResultBatch,
  CheckResultRecord,
  CheckResults,
  CheckResultsUpkeep,
  RecordOutcome,
  RejectedResult,
} from '../../../application/ports/check-results.ts';
import {
  DAY_MS,
  createDayPartitions,
  dayOf,
  dropPartitionsBefore,
  listPartitions,
  partitionName,
} from './day-partitions.ts';
import { checkBatch, slotStartMs, writeFencedResults } from './fenced-result-writes.ts';
import {
  latencyPercentiles,
  latencySeries,
  recentResults,
  uptime,
  uptimeOfEveryCheck,
} from './result-summaries.ts';

export interface PostgresCheckResultsOptions {
  /** Epoch ms; `Date.now` unless a test drives time. */
  readonly now?: () => number;
  /** The retention setting now: a result older than it is refused rather than given a partition to be dropped. */
  readonly retentionDays: () => number;
  /** How far ahead of today a result's slot may lie (clock skew, a slot that starts after midnight). */
  readonly daysAhead?: number;
}

/** "no partition of relation found for row": a day nobody created yet (or one dropped under the writer). */
const NO_PARTITION = '23514';

const isNoPartition = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: unknown }).code === NO_PARTITION &&
  /no partition/i.test(error.message);

const causeOf = (error: unknown): unknown =>
  error instanceof Error && error.cause !== undefined ? error.cause : error;

/**
 * Raw check results in `monitoring.check_results`, one partition per UTC day. A write makes the partitions of
 * its days first when this process has not seen them (so a node that starts before the upkeep runs still
 * writes), within the kept days only.
 */
export function createPostgresCheckResults(
  pool: pg.Pool,
  options: PostgresCheckResultsOptions,
): CheckResults & CheckResultsUpkeep {
  const now = options.now ?? Date.now;
  const daysAhead = options.daysAhead ?? 2;
  const known = new Set<string>();

  /**
   * The results whose day is kept, and the others as rejected: one result of a skewed clock must not cost the
   * partition's other checks their round (the scheduler decides only on what was written).
   */
  const withinKeptDays = (results: readonly CheckResultRecord[]) => {
    const today = dayOf(now());
    const oldest = today - options.retentionDays() * DAY_MS;
    const kept: CheckResultRecord[] = [];
    const rejected: RejectedResult[] = [];
    for (const result of results) {
      const day = dayOf(slotStartMs(result));
      if (day >= oldest && day <= today + daysAhead * DAY_MS) kept.push(result);
      else {
        const reason = `slot ${result.slot} lies outside the kept days (${new Date(day).toISOString()})`;
        rejected.push({ checkId: result.checkId, slot: result.slot, reason });
      }
    }
    return { kept, rejected };
  };

  const ensureDays = async (results: readonly CheckResultRecord[]) => {
    const days = new Set<number>();
    for (const result of results) {
      const day = dayOf(slotStartMs(result));
      if (!known.has(partitionName(day))) days.add(day);
    }
    if (days.size === 0) return;
    await createDayPartitions(pool, [...days]);
    for (const name of await listPartitions(pool)) known.add(name);
  };

  const write = async (batch: CheckResultBatch, rejected: readonly RejectedResult[]) => {
    const outcome = await writeFencedResults(pool, batch);
    return outcome.written ? { ...outcome, rejected } : outcome;
  };

  return {
    async record(batch): Promise<RecordOutcome> {
      checkBatch(batch);
      const { kept, rejected } = withinKeptDays(batch.results);
      const keptBatch = { ...batch, results: kept };
      await ensureDays(kept);
      try {
        return await write(keptBatch, rejected);
      } catch (error) {
        // A partition this process knew was dropped or never made: learn again, once.
        if (!isNoPartition(causeOf(error))) throw error;
        known.clear();
        await ensureDays(kept);
        return await write(keptBatch, rejected);
      }
    },
    uptime: (of, at) => uptime(pool, of, at),
    uptimeOfEveryCheck: (at) => uptimeOfEveryCheck(pool, at),
    latencyPercentiles: (of, range) => latencyPercentiles(pool, of, range),
    latencySeries: (of, range, bucketSeconds) => latencySeries(pool, of, range, bucketSeconds),
    recent: (checkId, limit) => recentResults(pool, checkId, limit),
    lastSlots: (checkIds, since) => lastSlots(pool, checkIds, since),
    async createPartitionsAhead(at, days) {
      const today = dayOf(at.getTime());
      const wanted = Array.from({ length: Math.max(0, Math.floor(days)) + 1 }, (_, i) => today + i * DAY_MS);
      const created = await createDayPartitions(pool, wanted);
      for (const name of created) known.add(name);
      return created;
    },
    async dropExpiredPartitions(at, retentionDays) {
      if (!Number.isSafeInteger(retentionDays) || retentionDays < 1) {
        throw new RangeError(`retention must be at least 1 day, got ${retentionDays}`);
      }
      const cutoff = at.getTime() - retentionDays * DAY_MS;
      const dropped = await dropPartitionsBefore(pool, cutoff);
      // The rollup of exactly the days dropped: every hour before the first day kept.
      await pool.query('delete from monitoring.check_results_hourly where hour < $1', [
        new Date(dayOf(cutoff)),
      ]);
      for (const name of dropped) known.delete(name);
      return dropped;
    },
  };
}
