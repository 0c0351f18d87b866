import type pg from 'pg';
import type { Checkpoint } from '../../application/ports/index.ts';
import { readHorizon } from '../event-store/postgres/read-horizon.ts';

export interface ProjectionLag {
  /** Committed events after the checkpoint (of the given types, when given). */
  readonly events: number;
  /** Of those, the ones readers cannot read yet: an older appender is still open (the read horizon). */
  readonly heldBack: number;
}

/** How far a projection at `checkpoint` is behind the log, in events; `eventTypes` empty counts every event. */
export async function projectionLag(
  pool: pg.Pool,
  checkpoint: Checkpoint | null,
  eventTypes: readonly string[],
): Promise<ProjectionLag> {
  const horizon = await readHorizon(pool);
  const { rows } = await pool.query<{ events: string; held_back: string }>(
    `select count(*) as events, count(*) filter (where transaction_id >= $4::xid8) as held_back
     from es.events
     where (transaction_id, position) > ($1::xid8, $2::bigint)
       and (cardinality($3::text[]) = 0 or type = any($3::text[]))`,
    [
      String(checkpoint?.transactionId ?? 0n),
      String(checkpoint?.position ?? 0n),
      eventTypes,
      String(horizon.below),
    ],
  );
  return { events: Number(rows[0]?.events ?? 0), heldBack: Number(rows[0]?.held_back ?? 0) };
}

/**
 * The count of `projectionLag`, stopped at `atMost`: as cheap far behind as near the head (readiness asks it
 * every few seconds). With types, each type's range of the (type, transaction, position) index is read.
 */
export async function projectionLagUpTo(
  pool: pg.Pool,
  checkpoint: Checkpoint | null,
  eventTypes: readonly string[],
  atMost: number,
): Promise<number> {
  const after = [String(checkpoint?.transactionId ?? 0n), String(checkpoint?.position ?? 0n), atMost];
  const { rows } = await pool.query<{ events: string }>(
    eventTypes.length === 0
      ? `select count(*) as events from (select 1 from es.events
         where (transaction_id, position) > ($1::xid8, $2::bigint) limit $3) e`
      : `select count(*) as events from (select 1 from es.events
         where type = any($4::text[]) and (transaction_id, position) > ($1::xid8, $2::bigint) limit $3) e`,
    eventTypes.length === 0 ? after : [...after, eventTypes],
  );
  return Number(rows[0]?.events ?? 0);
}
