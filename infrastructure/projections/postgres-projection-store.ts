import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  type ActRecord,
  type BatchFence,
  type Claim,
  type ProjectionState,
  type ProjectionStore,
  TransientStoreError,
} from '../../projections/projection-store.ts';
import { REBUILD_LOCK_HELD, tryLockRebuild } from './rebuild-lock.ts';
import {
  REBUILD_SUFFIX,
  liveTables,
  quoteIdentifier,
  rebuildTables,
} from '../../projections/projection-tables.ts';
import type { Projector } from '../../projections/projector.ts';
import { isTransientDatabaseError } from '../postgres/transient-error.ts';
import { type CheckpointRow, toProjectionState } from './checkpoint-row.ts';

/** Runs `work` in a transaction on one pooled connection; rolls back on any error or on `false`. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  commitIf: (result: T) => boolean = () => true,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  }
  let broken = false;
  // A checked-out client whose session the server ends (idle-in-transaction timeout, restart) emits 'error';
  // unheard, that would crash the process. The query in flight fails by itself; the client is discarded.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query(commitIf(result) ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => (broken = true));
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** Checkpoints and fencing in `projections.checkpoints`, read models in the same database. */
export function createPostgresProjectionStore(pool: pg.Pool): ProjectionStore {
  const read = async (name: string): Promise<ProjectionState | null> => {
    const { rows } = await pool.query<CheckpointRow>(
      'select * from projections.checkpoints where name = $1',
      [name],
    );
    return rows[0] ? toProjectionState(rows[0]) : null;
  };

  return {
    read,

    async list() {
      const { rows } = await pool.query<CheckpointRow>('select * from projections.checkpoints order by name');
      return rows.map(toProjectionState);
    },

    async register(projector: Projector) {
      return inTransaction(pool, async (client) => {
        // Serialises nodes registering the same projector at once.
        await client.query('select pg_advisory_xact_lock(hashtext($1))', [`projection:${projector.name}`]);
        const { rows } = await client.query<CheckpointRow>(
          'select * from projections.checkpoints where name = $1',
          [projector.name],
        );
        if (rows[0]) return toProjectionState(rows[0]);
        await projector.createTables(client, liveTables(projector));
        await projector.createIndexes?.(client, liveTables(projector));
        const inserted = await client.query<CheckpointRow>(
          'insert into projections.checkpoints (name, version) values ($1, $2) returning *',
          [projector.name, projector.version],
        );
        const row = inserted.rows[0];
        if (!row) throw new Error(`Could not register projection ${projector.name}`);
        return toProjectionState(row);
      });
    },

    async claim(name: string, owner: string): Promise<Claim> {
      const { rows } = await pool.query<CheckpointRow>(
        `update projections.checkpoints set epoch = epoch + 1, owner = $2, updated_at = now()
         where name = $1 returning *`,
        [name, owner],
      );
      const row = rows[0];
      if (!row) throw new Error(`Projection ${name} is not registered`);
      return { epoch: Number(row.epoch), state: toProjectionState(row) };
    },

    async applyBatch(name: string, fence: BatchFence, work) {
      return inTransaction(
        pool,
        async (client) => {
          await work(client);
          const result = await client.query(
            `update projections.checkpoints
             set transaction_id = $3::xid8, position = $4, events_applied = events_applied + $7, updated_at = now()
             where name = $1 and epoch = $2 and status = 'running'
               and transaction_id = $5::xid8 and position = $6`,
            [
              name,
              fence.epoch,
              String(fence.next.transactionId),
              String(fence.next.position),
              String(fence.expected?.transactionId ?? 0n),
              String(fence.expected?.position ?? 0n),
              fence.events,
            ],
          );
          return result.rowCount === 1;
        },
        (fenced) => fenced,
      );
    },

    async retry(name, record) {
      // The epoch moves too: whatever a previous owner still has in flight is fenced out.
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
    },

    async skipParkedEvent(name, position, record) {
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
    },

    tryLockRebuild: (name) => tryLockRebuild(pool, name),

    async prepareRebuild(projector) {
      await inTransaction(pool, async (client) => {
        const rebuild = rebuildTables(projector);
        for (const table of projector.tables)
          await client.query(`drop table if exists ${rebuild.table(table)}`);
        await projector.createTables(client, rebuild);
        await client.query(
          'update projections.checkpoints set rebuild_started_at = now(), updated_at = now() where name = $1',
          [projector.name],
        );
      });
    },

    async indexRebuild(projector) {
      await inTransaction(
        pool,
        (client) => projector.createIndexes?.(client, rebuildTables(projector)) ?? Promise.resolve(),
      );
    },

    async applyRebuildBatch(projector, events) {
      const rebuild = rebuildTables(projector);
      await inTransaction(pool, (client) => projector.apply(events, client, rebuild));
    },

    async switchRebuild(projector, catchUp, guard) {
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
          if (!row?.lock_held || (guard.epoch !== undefined && Number(row.epoch) !== guard.epoch))
            return false;
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
    },

    async reset(projector, record) {
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
    },

    async park(name, epoch, event) {
      const result = await pool.query(
        `update projections.checkpoints
         set status = 'parked', parked_transaction_id = $3::xid8, parked_position = $4, parked_event_type = $5,
             parked_error = $6, parked_at = now(), updated_at = now()
         where name = $1 and epoch = $2`,
        [
          name,
          epoch,
          String(event.checkpoint.transactionId),
          String(event.checkpoint.position),
          event.eventType,
          event.error.slice(0, 2000),
        ],
      );
      return result.rowCount === 1;
    },
  };
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
