import type pg from 'pg';
import { checkPartitionOf } from '../../../application/ports/check-partitions.ts';
import {
  type CheckResultBatch,
  type CheckResultRecord,
  RESULT_BATCH_MAX,
  RESULT_MESSAGE_MAX,
} from '../../../application/ports/check-results.ts';
import { inTransaction } from '../../projections/in-transaction.ts';

/** The start of a result's slot, epoch ms: the row's time and partition key. */
export const slotStartMs = (result: CheckResultRecord): number => result.slot * result.intervalSeconds * 1000;

/** Refuses what no scheduler should send: a result of another partition, a bad slot, a batch too large. */
export function checkBatch(batch: CheckResultBatch): void {
  if (batch.results.length > RESULT_BATCH_MAX) {
    throw new RangeError(`a results batch holds at most ${RESULT_BATCH_MAX}, got ${batch.results.length}`);
  }
  for (const result of batch.results) {
    if (checkPartitionOf(result.checkId) !== batch.partition) {
      throw new RangeError(`check ${result.checkId} is not in partition ${batch.partition}`);
    }
    if (!Number.isSafeInteger(result.slot) || result.slot < 0) {
      throw new RangeError(`slot must be a non-negative integer, got ${result.slot}`);
    }
    if (!Number.isSafeInteger(result.intervalSeconds) || result.intervalSeconds <= 0) {
      throw new RangeError(`interval must be a positive integer, got ${result.intervalSeconds}`);
    }
  }
}

const FENCE = `update monitoring.scheduler_partitions set written_at = now() where partition = $1 and epoch = $2`;

/**
 * The raw rows, and the hourly rollup of the rows actually inserted, in one statement: a repeated (check, slot)
 * is neither stored nor counted. Hours are binned from the epoch, not the session's time zone. A row in
 * maintenance counts in the hour's `maintenance`, not in its `total` or `up` (the uptime leaves it out), and in
 * its latency sums (its answer was a real one).
 */
const INSERT = `
  with inserted as (
    insert into monitoring.check_results
      (check_id, server_id, slot, slot_at, started_at, status, latency_ms, message, in_maintenance,
       partition_epoch)
    select r.check_id, r.server_id, r.slot, r.slot_at, r.started_at, r.status, r.latency_ms, r.message,
           r.in_maintenance, $10
    from unnest($1::uuid[], $2::uuid[], $3::int8[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                $7::int4[], $8::text[], $9::bool[])
      as r (check_id, server_id, slot, slot_at, started_at, status, latency_ms, message, in_maintenance)
    on conflict do nothing
    returning check_id, server_id, slot_at, status, latency_ms, in_maintenance
  ), rolled as (
    insert into monitoring.check_results_hourly as h
      (check_id, hour, server_id, total, up, maintenance, latency_count, latency_sum, latency_max)
    select check_id, date_bin(interval '1 hour', slot_at, timestamptz 'epoch'), (array_agg(server_id))[1],
           count(*) filter (where not in_maintenance),
           count(*) filter (where status = 'up' and not in_maintenance),
           count(*) filter (where in_maintenance),
           count(latency_ms), coalesce(sum(latency_ms), 0), max(latency_ms)
    from inserted group by 1, 2
    on conflict (check_id, hour) do update
      set server_id = excluded.server_id, total = h.total + excluded.total, up = h.up + excluded.up,
          maintenance = h.maintenance + excluded.maintenance,
          latency_count = h.latency_count + excluded.latency_count,
          latency_sum = h.latency_sum + excluded.latency_sum,
          latency_max = greatest(h.latency_max, excluded.latency_max)
  )
  select count(*)::int as recorded from inserted`;

/**
 * Writes the batch under the partition's epoch: the compare-and-set on the partition's row comes first and holds
 * that row until commit, so a claim by another node waits for this batch or refuses it, never interleaves.
 */
/** What the fenced write did: refused under a lost epoch, or the rows inserted and those already there. */
export type FencedWrite =
  | { readonly written: false }
  | { readonly written: true; readonly recorded: number; readonly duplicates: number };

export function writeFencedResults(pool: pg.Pool, batch: CheckResultBatch): Promise<FencedWrite> {
  const { results } = batch;
  return inTransaction(
    pool,
    async (client): Promise<FencedWrite> => {
      const fence = await client.query(FENCE, [batch.partition, batch.epoch]);
      if (fence.rowCount !== 1) return { written: false };
      if (results.length === 0) return { written: true, recorded: 0, duplicates: 0 };
      const inserted = await client.query<{ recorded: number }>(INSERT, [
        results.map((r) => r.checkId),
        results.map((r) => r.serverId),
        results.map((r) => String(r.slot)),
        results.map((r) => new Date(slotStartMs(r))),
        results.map((r) => r.startedAt),
        results.map((r) => r.status),
        results.map((r) => (r.latencyMs === null ? null : Math.max(0, Math.round(r.latencyMs)))),
        results.map((r) => r.message?.slice(0, RESULT_MESSAGE_MAX) ?? null),
        results.map((r) => r.inMaintenance === true),
        batch.epoch,
      ]);
      const recorded = inserted.rows[0]?.recorded ?? 0;
      return { written: true, recorded, duplicates: results.length - recorded };
    },
    (outcome) => outcome.written,
  );
}
