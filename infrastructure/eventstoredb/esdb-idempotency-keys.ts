import type pg from 'pg';
import type { AppendResult } from '../../application/ports/index.ts';

/**
 * The idempotency keys of the EventStoreDB store, in the same `es.idempotency_keys` table the PostgreSQL store
 * keeps them in (so `findAppend` answers, and `tbot`'s key expiry prunes them, the same way on both): the
 * checkpoint's commit position in `transaction_id`, its prepare position in `last_position`.
 * EventStoreDB has no such index of its own: it dedupes event ids per stream only.
 */
export function makeEsdbIdempotencyKeys(pool: pg.Pool) {
  return {
    async find(key: string): Promise<AppendResult | null> {
      const { rows } = await pool.query<{
        last_revision: string;
        last_position: string;
        transaction_id: string;
      }>('select last_revision, last_position, transaction_id from es.idempotency_keys where key = $1', [
        key,
      ]);
      const row = rows[0];
      if (!row) return null;
      const position = BigInt(row.last_position);
      return {
        nextExpectedRevision: Number(row.last_revision),
        position,
        checkpoint: { transactionId: BigInt(row.transaction_id), position },
        duplicate: true,
      };
    },

    /**
     * Records the key's first append; a key recorded meanwhile by a concurrent append of the same command wins,
     * and its result comes back (`duplicate: true`).
     */
    async record(key: string, streamId: string, result: AppendResult): Promise<AppendResult> {
      const { rowCount } = await pool.query(
        `insert into es.idempotency_keys (key, stream_id, last_revision, last_position, transaction_id)
         values ($1, $2, $3, $4, $5::text::xid8) on conflict (key) do nothing`,
        [
          key,
          streamId,
          result.nextExpectedRevision,
          String(result.checkpoint.position),
          String(result.checkpoint.transactionId),
        ],
      );
      if (rowCount === 1) return result;
      return (await this.find(key)) ?? result;
    },
  };
}
