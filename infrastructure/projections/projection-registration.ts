import type pg from 'pg';
import {
  type Claim,
  type ProjectionState,
  type Projector,
  liveTables,
} from '../../application/ports/index.ts';
import { type CheckpointRow, toProjectionState } from './checkpoint-row.ts';
import { inTransaction } from './in-transaction.ts';

/** A projection's checkpoint row, or `null` when it is not registered. */
export async function readProjection(pool: pg.Pool, name: string): Promise<ProjectionState | null> {
  const { rows } = await pool.query<CheckpointRow>('select * from projections.checkpoints where name = $1', [
    name,
  ]);
  return rows[0] ? toProjectionState(rows[0]) : null;
}

/** Every projection's checkpoint row, by name. */
export async function listProjections(pool: pg.Pool): Promise<ProjectionState[]> {
  const { rows } = await pool.query<CheckpointRow>('select * from projections.checkpoints order by name');
  return rows.map(toProjectionState);
}

/** Creates the live tables and the checkpoint row of a projector that has none yet. */
export function registerProjector(pool: pg.Pool, projector: Projector): Promise<ProjectionState> {
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
}

/** Bumps the epoch and records the owner: the returned epoch fences every write made under the claim. */
export async function claimProjection(pool: pg.Pool, name: string, owner: string): Promise<Claim> {
  const { rows } = await pool.query<CheckpointRow>(
    `update projections.checkpoints set epoch = epoch + 1, owner = $2, updated_at = now()
         where name = $1 returning *`,
    [name, owner],
  );
  const row = rows[0];
  if (!row) throw new Error(`Projection ${name} is not registered`);
  return { epoch: Number(row.epoch), state: toProjectionState(row) };
}
