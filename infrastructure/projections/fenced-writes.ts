import type pg from 'pg';
import type { BatchFence, ParkedEvent, ProjectionTransaction } from '../../application/ports/index.ts';
import { inTransaction } from './in-transaction.ts';

/**
 * Runs `work` and the checkpoint's compare-and-set (epoch, running, previous checkpoint) in one transaction;
 * `false`, rolled back, when the fence refused it.
 */
export function applyFencedBatch(
  pool: pg.Pool,
  name: string,
  fence: BatchFence,
  work: (trx: ProjectionTransaction) => Promise<void>,
): Promise<boolean> {
  return inTransaction(
    pool,
    async (client) => {
      await work(client);
      const result = await client.query(
        `update projections.checkpoints
             set transaction_id = $3::xid8, position = $4, events_applied = events_applied + $7, updated_at = now()
             where name = $1 and epoch = $2 and status = 'running'
               and transaction_id = $5::xid8 and position = $6`,
        [
          name,
          fence.epoch,
          String(fence.next.transactionId),
          String(fence.next.position),
          String(fence.expected?.transactionId ?? 0n),
          String(fence.expected?.position ?? 0n),
          fence.events,
        ],
      );
      return result.rowCount === 1;
    },
    (fenced) => fenced,
  );
}

/** Parks the projection on a failing event, fenced by the epoch; the error summary is cut to 2,000 characters. */
export async function parkProjection(
  pool: pg.Pool,
  name: string,
  epoch: number,
  event: Omit<ParkedEvent, 'at'>,
): Promise<boolean> {
  const result = await pool.query(
    `update projections.checkpoints
         set status = 'parked', parked_transaction_id = $3::xid8, parked_position = $4, parked_event_type = $5,
             parked_error = $6, parked_at = now(), updated_at = now()
         where name = $1 and epoch = $2`,
    [
      name,
      epoch,
      String(event.checkpoint.transactionId),
      String(event.checkpoint.position),
      event.eventType,
      event.error.slice(0, 2000),
    ],
  );
  return result.rowCount === 1;
}
