import type { ProjectionTransaction } from '../../application/ports/projector.ts';
import type { SelfCheckCondition } from '../../domain/monitoring/index.ts';
import { OPEN_SELF_CHECKS } from './self-watch-reactor.ts';

/** More open self-checks than this of one condition is a bug; the rest are looked at next time. */
const MAX_OPEN = 200;
const UNDEFINED_TABLE = '42P01';

/**
 * The subjects of `condition` failing now, from the self-watch reactor's live table (it may lag a little: a
 * change just appended shows a moment later, and the decider judges on the stream anyway). Empty before the
 * reactor has made its table.
 */
export async function openSelfCheckSubjects(
  pool: ProjectionTransaction,
  condition: SelfCheckCondition,
): Promise<string[]> {
  try {
    const { rows } = await pool.query<{ subject: string }>(
      `select subject from notifications.${OPEN_SELF_CHECKS} where condition = $1 order by since limit $2`,
      [condition, MAX_OPEN],
    );
    return rows.map((row) => row.subject);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
    throw error;
  }
}
