import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  type ActRecord,
  type ParkedEvent,
  type Projector,
  liveTables,
} from '../../application/ports/index.ts';
import { type CheckpointRow, toProjectionState } from './checkpoint-row.ts';
import { inTransaction } from './in-transaction.ts';

/**
 * Unparks a parked projection, with the operator's act recorded in the same transaction; false if not parked.
 * The epoch moves too: whatever a previous owner still has in flight is fenced out.
 */
export function retryParked(pool: pg.Pool, name: string, record?: ActRecord): Promise<boolean> {
  return inTransaction(
    pool,
    async (client) => {
      if (record) await appendActRecord(client, record);
      const result = await client.query(
        `update projections.checkpoints
         set status = 'running', epoch = epoch + 1, parked_transaction_id = null, parked_position = null,
             parked_event_type = null, parked_error = null, parked_at = null, updated_at = now()
         where name = $1 and status = 'parked'`,
        [name],
      );
      return result.rowCount === 1;
    },
    (retried) => retried,
  );
}

/** Moves a parked projection past its failing event at `position`; the skipped event, or `null`. */
export function skipParkedEvent(
  pool: pg.Pool,
  name: string,
  position: bigint,
  record?: ActRecord,
): Promise<ParkedEvent | null> {
  return inTransaction(
    pool,
    async (client) => {
      if (record) await appendActRecord(client, record);
      const { rows } = await client.query<CheckpointRow>(
        `update projections.checkpoints c
         set status = 'running', epoch = c.epoch + 1,
             transaction_id = c.parked_transaction_id, position = c.parked_position,
             parked_transaction_id = null, parked_position = null, parked_event_type = null,
             parked_error = null, parked_at = null, updated_at = now()
         from projections.checkpoints before
         where c.name = $1 and before.name = c.name and c.status = 'parked' and c.parked_position = $2
         returning before.*`,
        [name, String(position)],
      );
      return rows[0] ? toProjectionState(rows[0]).parked : null;
    },
    (skipped) => skipped !== null,
  );
}

/** Empties the live tables and the checkpoint (epoch bumped, owner cleared): the owner replays from the start. */
export async function resetProjection(
  pool: pg.Pool,
  projector: Projector,
  record?: ActRecord,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    if (record) await appendActRecord(client, record);
    const live = liveTables(projector);
    for (const table of projector.tables) await client.query(`drop table if exists ${live.table(table)}`);
    await projector.createTables(client, live);
    await projector.createIndexes?.(client, live);
    await client.query(
      `update projections.checkpoints
           set version = $2, epoch = epoch + 1, owner = null, transaction_id = '0'::xid8, position = 0,
               events_applied = 0, status = 'running', parked_transaction_id = null, parked_position = null,
               parked_event_type = null, parked_error = null, parked_at = null, updated_at = now()
           where name = $1`,
      [projector.name, projector.version],
    );
  });
}

/**
 * Appends an operator act's event through `es.append_events` as the transaction's first statement: the append
 * functions refuse a transaction that has already written, and the act that follows commits or rolls back with it.
 */
async function appendActRecord(client: pg.PoolClient, record: ActRecord): Promise<void> {
  const { event } = record;
  await client.query(
    `select * from es.append_events($1, 'any', array[$2::uuid], array[$3::text], array[$4::integer],
       array[$5::jsonb], array[$6::jsonb], null)`,
    [
      record.streamId,
      event.eventId ?? randomUUID(),
      event.type,
      event.schemaVersion ?? 1,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    ],
  );
}
