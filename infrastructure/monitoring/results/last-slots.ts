import type pg from 'pg';
import { RESULT_BATCH_MAX } from '../../../application/ports/check-results.ts';

/**
 * The latest slot start of each check since `since`: one index probe per check on (check_id, slot_at) in the
 * day partitions from `since` on (the lower bound keeps the older days out of the plan).
 */
export async function lastSlots(
  pool: pg.Pool,
  checkIds: readonly string[],
  since: Date,
): Promise<Map<string, Date>> {
  if (checkIds.length === 0) return new Map();
  if (checkIds.length > RESULT_BATCH_MAX) {
    throw new RangeError(`at most ${RESULT_BATCH_MAX} checks at once, got ${checkIds.length}`);
  }
  const { rows } = await pool.query<{ check_id: string; slot_at: Date }>(
    `select c.check_id, l.slot_at
       from unnest($1::uuid[]) as c (check_id)
       cross join lateral (
         select r.slot_at from monitoring.check_results r
         where r.check_id = c.check_id and r.slot_at >= $2
         order by r.slot_at desc limit 1
       ) l`,
    [checkIds, since],
  );
  return new Map(rows.map((row) => [row.check_id, row.slot_at]));
}
