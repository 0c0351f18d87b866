import type pg from 'pg';

/** How far above this cluster's xids a restored log's sit: a busier cluster's, as a pg_dump would carry them. */
export const RESTORED_XID_OFFSET = 1_000_000_000n;

/**
 * Makes the database look restored from a busier cluster: every stored transaction id (events, idempotency
 * keys, checkpoints) moved far above this cluster's, and the log's second event given the largest one, as if
 * its transaction had committed late, so that the log's (transaction_id, position) order differs from its
 * position order.
 */
export async function makeLookRestored(pool: pg.Pool, offset = RESTORED_XID_OFFSET): Promise<void> {
  const shift = (column: string) => `(${column}::text::numeric + ${offset})::text::xid8`;
  await pool.query(`update es.events set transaction_id = ${shift('transaction_id')}`);
  await pool.query(
    `update es.events set transaction_id = (select (max(transaction_id::text::numeric) + 7)::text::xid8 from es.events)
     where position = (select position from es.events order by position offset 1 limit 1)`,
  );
  await pool.query(`update es.idempotency_keys set transaction_id = ${shift('transaction_id')}`);
  await pool.query(
    `update projections.checkpoints set transaction_id = ${shift('transaction_id')} where position > 0`,
  );
}

/** Event ids in the order every reader reads the log. */
export async function logOrder(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ event_id: string }>(
    'select event_id from es.events order by transaction_id, position',
  );
  return rows.map((row) => row.event_id);
}
