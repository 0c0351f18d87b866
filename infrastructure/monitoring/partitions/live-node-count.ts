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
