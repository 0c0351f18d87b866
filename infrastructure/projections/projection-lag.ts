import type pg from 'pg';
import type { Checkpoint } from '../../application/ports/index.ts';
import { readHorizon } from '../event-store/postgres/read-horizon.ts';

export interface ProjectionLag {
  /** Committed events after the checkpoint (of the given types, when given), counted up to `atMost`. */
  readonly events: number;
  /** Of those, the ones readers cannot read yet: an older appender is still open (the read horizon). */
  readonly heldBack: number;
  /** True when `events` stopped at `atMost`: the projection is at least that far behind. */
  readonly atLeast: boolean;
}

/** `tbot projections status` counts lag up to this many events: exact near the head, bounded far behind. */
export const STATUS_LAG_LIMIT = 100_000;

/**
 * How far a projection at `checkpoint` is behind the log, in events, counted up to `atMost`; `eventTypes` empty
 * counts every event. Bounded so that it costs the same far behind as near the head: counted whole, a projection
 * 590,000 events behind took 250-320 ms per status, and more with every event appended.
 *
 * Both counts read one range of an index: every event, or each type's range of (type, transaction, position).
 * The held-back ones start at the later of the checkpoint and the horizon (`(horizon, 0)`, or the checkpoint's
 * next position: positions are integers), as one row bound the index can start from; a second bound on
 * `transaction_id` alone would have the scan start at the checkpoint and read the whole range.
 */
export async function projectionLag(
  pool: pg.Pool,
  checkpoint: Checkpoint | null,
  eventTypes: readonly string[],
  atMost = STATUS_LAG_LIMIT,
): Promise<ProjectionLag> {
  const ofTypes = eventTypes.length === 0 ? '' : 'and type = any($5::text[])';
  // The appenders' horizon, read in a statement before the count (read-horizon.ts says why it is sound).
  const horizon = '$4::xid8';
  const { below } = await readHorizon(pool);
  const params = [
    String(checkpoint?.transactionId ?? 0n),
    String(checkpoint?.position ?? 0n),
    atMost,
    String(below),
  ];
  const { rows } = await pool.query<{ events: string; held_back: string }>(
    `select
       (select count(*) from (select 1 from es.events
          where (transaction_id, position) > ($1::xid8, $2::bigint) ${ofTypes} limit $3) e) as events,
       (select count(*) from (select 1 from es.events
          where (transaction_id, position) >= (
                  (select greatest(${horizon}, $1::xid8)),
                  (select case when ${horizon} > $1::xid8 then 0 else $2::bigint + 1 end))
            ${ofTypes} limit $3) e) as held_back`,
    eventTypes.length === 0 ? params : [...params, eventTypes],
  );
  const events = Number(rows[0]?.events ?? 0);
  return { events, heldBack: Number(rows[0]?.held_back ?? 0), atLeast: events >= atMost };
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
