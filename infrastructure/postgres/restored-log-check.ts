import type { SqlQueryable } from './ctype-check.ts';

/** What TBot tells an operator to run when the log carries another cluster's transaction ids. */
export const RENUMBER_COMMAND = 'tbot events renumber';

/**
 * The event log (or a projection checkpoint) carries transaction ids this PostgreSQL cluster has not reached:
 * the database was restored from another, busier cluster (pg_dump, a copy). Readers order the log by
 * (transaction id, position) and read below the horizon, so the old events stay invisible and new ones sort
 * below the stored checkpoints: every projection would silently stop.
 */
export class RestoredLogError extends Error {
  override readonly name = 'RestoredLogError';
  readonly code = 'DATABASE.LOG_FROM_ANOTHER_CLUSTER';

  constructor(
    readonly database: string,
    readonly largestTransactionId: string,
    readonly horizon: string,
    readonly where: 'es.events' | 'projections.checkpoints',
  ) {
    super(
      `Database "${database}" holds transaction ids of another PostgreSQL cluster: the largest in ${where} is ` +
        `${largestTransactionId}, and this cluster has not reached ${horizon} yet (it was restored or copied from ` +
        `another server). Read models would silently skip every event. Stop every TBot node and run ` +
        `\`${RENUMBER_COMMAND}\`: it renumbers the log below this cluster's transaction ids, keeping its order, ` +
        `and rebuilds every read model.`,
    );
  }
}

/**
 * Read-only statements: they assign no xid, so the check also runs on a standby. The log's largest id is found
 * by the (transaction_id, position) index; checkpoints are a handful of rows.
 */
const CHECK_SQL = `select current_database() as database,
  pg_snapshot_xmax(pg_current_snapshot())::text as horizon,
  (select transaction_id::text from es.events order by transaction_id desc, position desc limit 1) as log_max,
  (select greatest(transaction_id, coalesce(parked_transaction_id, '0'::xid8))::text from projections.checkpoints
   order by 1 desc limit 1) as checkpoint_max`;

const MIGRATED_SQL = `select to_regclass('es.events') is not null
  and to_regclass('projections.checkpoints') is not null as migrated`;

interface CheckRow {
  database: string;
  horizon: string;
  log_max: string | null;
  checkpoint_max: string | null;
}

/**
 * Refuses a log (or checkpoints) whose largest transaction id is not below the current snapshot's xmax
 * (`RestoredLogError`, naming `tbot events renumber`). On this cluster's own log that never happens: every
 * stored id was assigned before the snapshot was taken, so it is below its xmax.
 */
export async function assertLogFromThisCluster(db: SqlQueryable): Promise<void> {
  const { rows } = await db.query(MIGRATED_SQL);
  // A database not migrated yet has no log to check.
  if ((rows[0] as { migrated?: boolean } | undefined)?.migrated !== true) return;
  const result = await db.query(CHECK_SQL);
  const row = result.rows[0] as CheckRow | undefined;
  if (!row) throw new Error('The restored-log check returned no row');
  const horizon = BigInt(row.horizon);
  if (row.log_max !== null && BigInt(row.log_max) >= horizon) {
    throw new RestoredLogError(row.database, row.log_max, row.horizon, 'es.events');
  }
  if (row.checkpoint_max !== null && BigInt(row.checkpoint_max) >= horizon) {
    throw new RestoredLogError(row.database, row.checkpoint_max, row.horizon, 'projections.checkpoints');
  }
}
