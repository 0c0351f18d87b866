import type pg from 'pg';
import type { Checkpoint } from '../../application/ports/index.ts';

/**
 * The checkpoint of the last event a projector of `eventTypes` reads (every event when empty), and how many it
 * reads: what to wait for. Not the head of the log: a projection of some types never reaches an event of others.
 */
export async function lastEventOf(
  pool: pg.Pool,
  eventTypes: readonly string[],
): Promise<{ checkpoint: Checkpoint | null; count: number }> {
  const { rows } = await pool.query<{ transaction_id: string; position: string; count: string }>(
    `select transaction_id::text, position::text, count(*) over () as count from es.events
     where cardinality($1::text[]) = 0 or type = any($1::text[])
     order by transaction_id desc, position desc limit 1`,
    [eventTypes],
  );
  const row = rows[0];
  return row
    ? {
        checkpoint: { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
        count: Number(row.count),
      }
    : { checkpoint: null, count: 0 };
}
