import { hostname } from 'node:os';
import type pg from 'pg';

export interface NodeInfo {
  readonly nodeId: string;
  readonly version: string;
  readonly roles: readonly string[];
}

export interface NodeRegistration {
  /** Marks the node stopped and ends the heartbeat. */
  stop(): Promise<void>;
}

/**
 * Registers this node in `cluster.nodes` and keeps its heartbeat fresh, so status can tell live nodes from
 * dead ones. A missed heartbeat (database away) is retried at the next beat, never fatal.
 */
export async function registerNode(
  pool: pg.Pool,
  node: NodeInfo,
  options: { heartbeatMs?: number; onError?: (error: unknown) => void } = {},
): Promise<NodeRegistration> {
  await pool.query(
    `insert into cluster.nodes (node_id, host, pid, version, roles, started_at, heartbeat_at)
     values ($1, $2, $3, $4, $5, now(), now())
     on conflict (node_id) do update
       set host = excluded.host, pid = excluded.pid, version = excluded.version, roles = excluded.roles,
           started_at = now(), heartbeat_at = now(), stopped_at = null`,
    [node.nodeId, hostname(), process.pid, node.version, node.roles],
  );
  const beat = setInterval(() => {
    pool
      .query('update cluster.nodes set heartbeat_at = now() where node_id = $1', [node.nodeId])
      .catch((error: unknown) => options.onError?.(error));
  }, options.heartbeatMs ?? 5000);
  beat.unref();
  return {
    async stop() {
      clearInterval(beat);
      await pool.query('update cluster.nodes set stopped_at = now() where node_id = $1', [node.nodeId]);
    },
  };
}
