import type pg from 'pg';
import {
  type Projector,
  REBUILD_SUFFIX,
  type RebuildPosition,
  type RecordedEvent,
  type SwitchGuard,
  type ProjectionTransaction,
  liveTables,
  quoteIdentifier,
  rebuildTables,
} from '../../application/ports/index.ts';
import { inTransaction } from './in-transaction.ts';
import { REBUILD_LOCK_HELD } from './rebuild-lock.ts';

/** Drops leftover rebuild tables, creates fresh ones (no secondary indexes yet), and marks the rebuild started. */
export async function prepareRebuild(pool: pg.Pool, projector: Projector): Promise<void> {
  await inTransaction(pool, async (client) => {
    const rebuild = rebuildTables(projector);
    for (const table of projector.tables) await client.query(`drop table if exists ${rebuild.table(table)}`);
    await projector.createTables(client, rebuild);
    await client.query(
      'update projections.checkpoints set rebuild_started_at = now(), updated_at = now() where name = $1',
      [projector.name],
    );
  });
}

/** Builds the rebuild tables' secondary indexes, once they are loaded. */
export async function indexRebuild(pool: pg.Pool, projector: Projector): Promise<void> {
  await inTransaction(
    pool,
    (client) => projector.createIndexes?.(client, rebuildTables(projector)) ?? Promise.resolve(),
  );
}

/** Applies events to the rebuild tables, unfenced: only the rebuild writes them. */
export async function applyRebuildBatch(
  pool: pg.Pool,
  projector: Projector,
  events: readonly RecordedEvent[],
): Promise<void> {
  const rebuild = rebuildTables(projector);
  await inTransaction(pool, (client) => projector.apply(events, client, rebuild));
}

/**
 * Replaces the live tables with the rebuild tables and moves the checkpoint, in one transaction, if `guard`
 * still holds once `catchUp` has applied the last events; `false`, rolled back, when it no longer does.
 */
export function switchRebuild(
  pool: pg.Pool,
  projector: Projector,
  catchUp: (trx: ProjectionTransaction) => Promise<RebuildPosition>,
  guard: SwitchGuard,
): Promise<boolean> {
  return inTransaction(
    pool,
    async (client) => {
      const live = liveTables(projector);
      const rebuild = rebuildTables(projector);
      // Tables first, then the checkpoint row: the order the live owner takes them in, so no deadlock.
      for (const table of projector.tables) {
        await client.query(`lock table ${rebuild.table(table)} in access exclusive mode`);
        if (await tableExists(client, projector.schema, live.rawName(table))) {
          await client.query(`lock table ${live.table(table)} in access exclusive mode`);
        }
      }
      const position = await catchUp(client);
      const { rows } = await client.query<{ epoch: string; lock_held: boolean }>(
        `select epoch, ${REBUILD_LOCK_HELD} as lock_held
           from projections.checkpoints where name = $1 for update`,
        [projector.name, guard.lock.sessionId],
      );
      const row = rows[0];
      // The lock's session died (another rebuild may have started), or another node took the projection
      // over from the runner that rebuilds: switch nothing.
      if (!row?.lock_held || (guard.epoch !== undefined && Number(row.epoch) !== guard.epoch)) return false;
      for (const table of projector.tables) {
        await client.query(`drop table if exists ${live.table(table)}`);
        await client.query(
          `alter table ${rebuild.table(table)} rename to ${quoteIdentifier(live.rawName(table))}`,
        );
        await renameRebuildIndexes(client, projector.schema, live.rawName(table));
      }
      await client.query(
        `update projections.checkpoints
           set version = $2, epoch = epoch + 1, owner = null, transaction_id = $3::xid8, position = $4,
               events_applied = $5, status = 'running', parked_transaction_id = null, parked_position = null,
               parked_event_type = null, parked_error = null, parked_at = null, rebuild_started_at = null,
               updated_at = now()
           where name = $1`,
        [
          projector.name,
          projector.version,
          String(position.checkpoint?.transactionId ?? 0n),
          String(position.checkpoint?.position ?? 0n),
          position.eventsApplied,
        ],
      );
      return true;
    },
    (switched) => switched,
  );
}

async function tableExists(client: pg.PoolClient, schema: string, table: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
    `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
  ]);
  return rows[0]?.found ?? false;
}

/** Indexes keep their names through a table rename: give the rebuilt table's indexes the live names. */
async function renameRebuildIndexes(client: pg.PoolClient, schema: string, table: string): Promise<void> {
  const { rows } = await client.query<{ indexname: string }>(
    'select indexname from pg_indexes where schemaname = $1 and tablename = $2',
    [schema, table],
  );
  for (const { indexname } of rows) {
    if (!indexname.includes(REBUILD_SUFFIX)) continue;
    await client.query(
      `alter index ${quoteIdentifier(schema)}.${quoteIdentifier(indexname)} rename to ${quoteIdentifier(indexname.replace(REBUILD_SUFFIX, ''))}`,
    );
  }
}
