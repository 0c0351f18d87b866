import type pg from 'pg';

/** An open transaction that holds back the xmin horizon, as `pg_stat_activity` shows it. */
export interface OpenTransaction {
  readonly pid: number;
  readonly applicationName: string;
  /** `active`, `idle in transaction`, ... */
  readonly state: string | null;
  readonly startedAt: Date;
  /** The transaction's own id when it has written (what holds back readers of the log), else null. */
  readonly xid: string | null;
  /** The oldest transaction its snapshot still sees as running. */
  readonly xmin: string | null;
  /** The first 80 characters of its current or last statement. */
  readonly query: string;
}

interface ActivityRow {
  pid: number;
  application_name: string | null;
  state: string | null;
  xact_start: Date;
  backend_xid: string | null;
  backend_xmin: string | null;
  query: string | null;
}

/**
 * The oldest transaction open longer than `olderThanMs` that holds back the xmin horizon (it has an xid or a
 * snapshot), or `null`: what keeps vacuum from cleaning up. Log readers no longer wait for it, only for open
 * appenders (read-horizon.ts, `findHorizonHolder`). Writers come first.
 */
export async function findOldestOpenTransaction(
  pool: pg.Pool,
  olderThanMs = 5_000,
): Promise<OpenTransaction | null> {
  const { rows } = await pool.query<ActivityRow>(
    `select pid, application_name, state, xact_start, backend_xid::text as backend_xid,
            backend_xmin::text as backend_xmin, left(query, 80) as query
     from pg_stat_activity
     where (backend_xid is not null or backend_xmin is not null)
       and xact_start < now() - make_interval(secs => $1::double precision / 1000)
       and pid <> pg_backend_pid()
     order by backend_xid is null, xact_start
     limit 1`,
    [olderThanMs],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    pid: row.pid,
    applicationName: row.application_name ?? '',
    state: row.state,
    startedAt: row.xact_start,
    xid: row.backend_xid,
    xmin: row.backend_xmin,
    query: row.query ?? '',
  };
}
