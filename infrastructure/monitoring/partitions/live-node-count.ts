import type pg from 'pg';
import { LIVE_HEARTBEAT_MS } from '../../cluster/index.ts';

/**
 * How many nodes of `cluster.nodes` beat within `windowMs` and have not stopped: the divisor of the fair share.
 * A dead node counts until its heartbeat is that old, so its partitions move within the longer of this window
 * and the lease's time-to-live.
 */
export async function countLiveNodes(pool: pg.Pool, windowMs: number = LIVE_HEARTBEAT_MS): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from cluster.nodes
     where stopped_at is null and heartbeat_at > now() - make_interval(secs => $1::double precision / 1000)`,
    [windowMs],
  );
  return rows[0]?.n ?? 0;
}
