import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { ClusterNodesTable } from '../postgres/database-schema.ts';

/** A node is taken for running while its heartbeat (every 5 s) is younger than this. */
export const LIVE_HEARTBEAT_MS = 15_000;

export interface LiveNode {
  readonly nodeId: string;
  readonly host: string;
  readonly pid: number;
  readonly heartbeatAt: Date;
}

/** Nodes registered in `cluster.nodes` that have not stopped and beat within {@link LIVE_HEARTBEAT_MS}. */
export async function findLiveNodes(pool: pg.Pool): Promise<LiveNode[]> {
  const { rows } = await pool.query<
    Pick<Selectable<ClusterNodesTable>, 'node_id' | 'host' | 'pid' | 'heartbeat_at'>
  >(
    `select node_id, host, pid, heartbeat_at from cluster.nodes
     where stopped_at is null and heartbeat_at > now() - make_interval(secs => $1::double precision / 1000)
     order by node_id`,
    [LIVE_HEARTBEAT_MS],
  );
  return rows.map((row) => ({
    nodeId: row.node_id,
    host: row.host,
    pid: row.pid,
    heartbeatAt: row.heartbeat_at,
  }));
}
