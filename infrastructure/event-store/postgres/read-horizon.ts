import type pg from 'pg';

/**
 * The appenders' advisory lock, as `pg_locks` shows it: `pg_advisory_xact_lock_shared(1413639028, 1)` in
 * `es.begin_append()` (migration 2026-12-02T08-40-00; the two-int4 form, hence objsubid 2).
 */
const APPENDER_LOCK = 'a.classid = 1413639028 and a.objid = 1 and a.objsubid = 2';

/**
 * The read horizon of `es.events`: every event whose `transaction_id` is below it is committed, or will never
 * be, for any statement that STARTS after this one ended. So a reader computes it in one statement and reads
 * below it in a LATER one (a new snapshot); reading below it in the same statement would be wrong.
 *
 * horizon = least(xmax of this statement's snapshot, the smallest xid of a transaction that holds the
 * appenders' lock in this database). Appenders (`es.begin_append()`) take that lock before they have an xid
 * and keep it to their end; a transaction that has an xid cannot take it (ES428). Other transactions (a
 * projector's batch, another database's work, a prepared transaction) are not in the lock and hold nothing.
 *
 * Proof that a reader at checkpoint c that reads (c, horizon) in (transaction_id, position) order skips no
 * event: an event e of transaction T with xid t < horizon is read there unless T commits after the read's
 * snapshot. T appended, so T held the lock from before t existed until its end. Let S be the horizon
 * statement's snapshot and L the moment `pg_locks` was read (after S: the snapshot is taken when the statement
 * starts, `pg_locks` while it runs).
 *   - T got its xid after S began: xids are handed out in increasing order and S's xmax is at most the next
 *     xid at S, so t >= xmax(S) >= horizon. Not below the horizon: nothing to prove.
 *   - T had its xid at S and was still running at L: the read found T's advisory lock and T's own
 *     `transactionid` lock (both held from before S to T's end), so T is a holder and horizon <= t.
 *   - T had its xid at S and ended before L: a transaction leaves the proc array (becomes visible to every
 *     new snapshot) BEFORE it releases its locks, so T ended before the reading statement took its snapshot
 *     (that one starts after the horizon statement ended, after L): its events are visible to it, or T aborted.
 * `pg_locks` is not an atomic snapshot of the lock manager (fast-path locks are read backend by backend, apart
 * from the main table; advisory and transactionid locks live in the main table, which is read under all its
 * partition locks at once), and the proof does not need it to be: it looks at T's two locks one at a time.
 * If the read saw neither, or only one of them, T had released the missing one when that part was read, so
 * T had ended before L: the third case. A holder seen without an xid gets its xid after L, so at or above
 * xmax(S) (first case). A holder is matched to its xid by `virtualtransaction`, so a prepared holder (no pid)
 * would still count; appenders never PREPARE anyway, and a prepared non-appender holds nothing.
 *
 * Read from the primary: a standby does not see the primary's advisory locks (it would compute its xmax
 * alone, and read past running appenders). `pg_locks.transactionid` is a 32-bit xid: it is widened to xid8
 * with the epoch of the snapshot's xmax, taking the value nearest to it (running xids are within 2^31 of
 * it), which is right on either side of an epoch boundary.
 */
const HORIZON_SQL = `
  with snapshot as (
    select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax
  ),
  locks as materialized (
    select locktype, database, classid, objid, objsubid, virtualtransaction, pid, transactionid, mode, granted
    from pg_locks where locktype in ('advisory', 'transactionid')
  ),
  holders as (
    select a.pid,
           min(s.xmax + (((x.transactionid::text::bigint - (s.xmax & 4294967295)) % 4294967296
                          + 6442450944) % 4294967296 - 2147483648)) as xid
    from locks a
    join locks x on x.virtualtransaction = a.virtualtransaction
      and x.locktype = 'transactionid' and x.mode = 'ExclusiveLock' and x.granted
    cross join snapshot s
    where a.locktype = 'advisory' and ${APPENDER_LOCK}
      and a.database = (select d.oid from pg_database d where d.datname = current_database())
    group by a.virtualtransaction, a.pid
  ),
  oldest as (select pid, xid from holders order by xid limit 1)
  select s.xmax::text as xmax, o.pid, o.xid::text as xid
  from snapshot s left join oldest o on o.xid < s.xmax`;

/** The appender that bounds the horizon, while one does. */
export interface HorizonHolder {
  /** Null for a prepared transaction. */
  readonly pid: number | null;
  readonly xid: bigint;
}

export interface ReadHorizon {
  /** Read `transaction_id < below`, in a later statement. */
  readonly below: bigint;
  /** The open appender that holds the horizon below the snapshot's xmax; null when nothing does. */
  readonly heldBy: HorizonHolder | null;
}

interface HorizonRow {
  xmax: string;
  pid: number | null;
  xid: string | null;
}

/** The horizon now (see {@link HORIZON_SQL} for why it is sound); one autocommit statement on `pool`. */
export async function readHorizon(pool: pg.Pool | pg.PoolClient): Promise<ReadHorizon> {
  const { rows } = await pool.query<HorizonRow>(HORIZON_SQL);
  const row = rows[0];
  if (!row) throw new Error('the read horizon query returned no row');
  if (row.xid === null) return { below: BigInt(row.xmax), heldBy: null };
  const xid = BigInt(row.xid);
  return { below: xid, heldBy: { pid: row.pid, xid } };
}

/** An appender holding the horizon, as an operator needs to find it. */
export interface HorizonHolderActivity extends HorizonHolder {
  readonly applicationName: string;
  readonly startedAt: Date | null;
  readonly ageSeconds: number;
  readonly state: string | null;
}

/**
 * The appender that holds the horizon back now, with what `pg_stat_activity` says of it, or null. For status,
 * readiness and metrics; readers use {@link readHorizon}.
 */
export async function findHorizonHolder(pool: pg.Pool): Promise<HorizonHolderActivity | null> {
  const { rows } = await pool.query<
    HorizonRow & {
      application_name: string | null;
      xact_start: Date | null;
      age: number | null;
      state: string | null;
    }
  >(
    `with horizon as (${HORIZON_SQL})
     select h.*, a.application_name, a.xact_start, a.state,
            extract(epoch from clock_timestamp() - a.xact_start)::float8 as age
     from horizon h left join pg_stat_activity a on a.pid = h.pid`,
  );
  const row = rows[0];
  if (!row || row.xid === null) return null;
  return {
    pid: row.pid,
    xid: BigInt(row.xid),
    applicationName: row.application_name ?? '',
    startedAt: row.xact_start,
    ageSeconds: Math.max(0, row.age ?? 0),
    state: row.state,
  };
}
