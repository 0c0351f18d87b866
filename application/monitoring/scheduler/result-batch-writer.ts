import type { CheckResultRecord, CheckResults } from '../../ports/check-results.ts';
import type { Logger } from '../../ports/index.ts';

/** Latest rows read to tell this run's row from a duplicate's (a batch's results are of its last slots). */
const OWN_ROW_LOOKBACK = 20;

/** The partition claim a batch is written under. */
export interface BatchHolder {
  readonly partition: number;
  readonly epoch: number;
  readonly abort: AbortController;
}

/** A queued result: its row, with whatever the caller carries along to decide on it. */
interface Queued {
  readonly record: CheckResultRecord;
}

export interface ResultBatchWriterDeps {
  readonly results: Pick<CheckResults, 'record' | 'recent'>;
  readonly logger: Logger;
  /** Tries of a batch the database failed to take, before its results are dropped (logged). */
  readonly tries: number;
  /** The store refused the batch: the partition moved to another node under a newer epoch. */
  readonly onRefused: (held: BatchHolder) => void;
}

/**
 * Writes a partition's results batch to the fenced results store and answers the results to decide on: those
 * whose rows are this writer's own (not refused, not rejected, not another writer's duplicate).
 */
export function makeResultBatchWriter(deps: ResultBatchWriterDeps) {
  const { results, logger, tries, onRefused } = deps;

  /** Writes a batch; returns the results to decide on: those this writer's rows hold, none when refused. */
  const recordBatch = async <T extends Queued>(held: BatchHolder, batch: readonly T[]): Promise<T[]> => {
    const request = { partition: held.partition, epoch: held.epoch, results: batch.map((q) => q.record) };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await results.record(request);
        if (!outcome.written) {
          onRefused(held);
          return [];
        }
        const rejected = new Set(outcome.rejected.map((r) => `${r.checkId}:${r.slot}`));
        if (rejected.size > 0) {
          logger.warn(
            {
              partition: held.partition,
              rejected: outcome.rejected.length,
              first: outcome.rejected[0]?.reason,
            },
            'check results rejected by the store: not decided',
          );
        }
        const kept = batch.filter((q) => !rejected.has(`${q.record.checkId}:${q.record.slot}`));
        if (outcome.duplicates === 0) return kept;
        logger.warn(
          { partition: held.partition, duplicates: outcome.duplicates },
          'check results recorded before',
        );
        return await ownRows(kept);
      } catch (error) {
        if (attempt >= tries || held.abort.signal.aborted) {
          logger.error(
            { err: error, partition: held.partition, results: batch.length },
            'check results dropped',
          );
          return [];
        }
        logger.warn(
          { err: error, partition: held.partition, attempt },
          'check results not written; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  };

  /**
   * The results whose row is this run's own. A duplicate is a row another writer (the push route, a holder
   * before, a second run of the slot) recorded, maybe with the opposite status: the history keeps that one, so
   * deciding on ours would make the state disagree with it. The store counts duplicates but does not name them:
   * a row is ours when it has our start time and status (a retried batch that had committed is ours too).
   */
  const ownRows = async <T extends Queued>(batch: readonly T[]): Promise<T[]> => {
    const byCheck = new Map<string, T[]>();
    for (const queued of batch) {
      const list = byCheck.get(queued.record.checkId) ?? [];
      list.push(queued);
      byCheck.set(queued.record.checkId, list);
    }
    const own = await Promise.all(
      [...byCheck].map(async ([checkId, queued]) => {
        try {
          const rows = await results.recent(checkId, OWN_ROW_LOOKBACK);
          return queued.filter(({ record }) => {
            const slotAt = record.slot * record.intervalSeconds * 1000;
            return rows.some(
              (row) =>
                row.slotAt.getTime() === slotAt &&
                row.startedAt.getTime() === record.startedAt.getTime() &&
                row.status === record.status,
            );
          });
        } catch (error) {
          // Not knowing whose row it is, nothing is decided: the check's next result decides.
          logger.warn({ err: error, checkId }, 'check results not decided: their rows could not be read');
          return [];
        }
      }),
    );
    return own.flat();
  };

  return recordBatch;
}
