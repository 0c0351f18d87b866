import type pg from 'pg';

/**
 * Bumps a scheduler partition's epoch and records its owner, after winning its lease: the returned epoch fences
 * every results batch written under the claim, and refuses the batches of the holder before.
 */
export async function claimPartition(pool: pg.Pool, partition: number, owner: string): Promise<number> {
  const { rows } = await pool.query<{ epoch: string }>(
    `insert into monitoring.scheduler_partitions as p (partition, epoch, owner, claimed_at)
       values ($1, 1, $2, now())
     on conflict (partition) do update set epoch = p.epoch + 1, owner = excluded.owner, claimed_at = now()
     returning epoch`,
    [partition, owner],
  );
  const row = rows[0];
  if (!row) throw new Error(`could not claim scheduler partition ${partition}`);
  return Number(row.epoch);
}

/** The current epoch of each of `partitions` (those without a row are left out). */
export async function partitionEpochs(
  pool: pg.Pool,
  partitions: readonly number[],
): Promise<Map<number, number>> {
  if (partitions.length === 0) return new Map();
  const { rows } = await pool.query<{ partition: number; epoch: string }>(
    'select partition, epoch from monitoring.scheduler_partitions where partition = any($1::int2[])',
    [partitions],
  );
  return new Map(rows.map((row) => [row.partition, Number(row.epoch)]));
}
