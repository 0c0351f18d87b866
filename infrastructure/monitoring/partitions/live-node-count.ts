import type pg from 'pg';
import { LIVE_HEARTBEAT_MS } from '../../cluster/index.ts';

export interface LiveNodeCountOptions {
  /** A node is live while it beat within this long (default {@link LIVE_HEARTBEAT_MS}). */
  readonly windowMs?: number;
  /** Count only nodes with this role (`workers` run the checks; an `api`-only node holds no partition). */
  readonly role?: string;
}

/**
 * How many nodes of `cluster.nodes` beat within the window and have not stopped: the divisor of the fair share.
 * A dead node counts until its heartbeat is that old, so its partitions move within the longer of this window
 * and the lease's time-to-live.
 */
export async function countLiveNodes(pool: pg.Pool, options: LiveNodeCountOptions = {}): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from cluster.nodes
     where stopped_at is null and heartbeat_at > now() - make_interval(secs => $1::double precision / 1000)
       and ($2::text is null or $2 = any(roles))`,
    [options.windowMs ?? LIVE_HEARTBEAT_MS, options.role ?? null],
  );
  return rows[0]?.n ?? 0;
}

/**
 * How many partitions each live node owns in `monitoring.scheduler_partitions` (0 for one that owns none), by
 * the same liveness as {@link countLiveNodes}. The owner of a released partition stays until someone claims it,
 * so a count can be high; a node that just joined is seen at 0 at once, which is what the holder looks for.
 */
export async function liveNodeHoldings(pool: pg.Pool, options: LiveNodeCountOptions = {}): Promise<number[]> {
  const { rows } = await pool.query<{ held: number }>(
    `select count(p.partition)::int as held from cluster.nodes n
       left join monitoring.scheduler_partitions p on p.owner = n.node_id
     where n.stopped_at is null and n.heartbeat_at > now() - make_interval(secs => $1::double precision / 1000)
       and ($2::text is null or $2 = any(n.roles))
     group by n.node_id`,
    [options.windowMs ?? LIVE_HEARTBEAT_MS, options.role ?? null],
  );
  return rows.map((row) => row.held);
}
