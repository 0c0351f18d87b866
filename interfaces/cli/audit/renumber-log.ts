import type { Logger } from 'pino';
import { findLiveNodes } from '../../../infrastructure/cluster/index.ts';
import { type RenumberResult, renumberLog } from '../../../infrastructure/event-store/index.ts';
import type { DatabaseHandle } from '../../../infrastructure/postgres/index.ts';
import { createPostgresProjectionStore } from '../../../infrastructure/projections/index.ts';
import { projectors, readModelTables } from '../../../projections/index.ts';
import { UsageError } from '../exit-codes.ts';

/**
 * Refuses while a node runs on the database (its projections and appends would race the rewrite), unless
 * `force`: a node whose heartbeat stopped without a clean stop (killed) still shows for 15 s.
 */
export async function assertNoLiveNode(pool: DatabaseHandle['pool'], force: boolean | undefined) {
  const live = await findLiveNodes(pool);
  if (live.length === 0 || force) return;
  const nodes = live.map((node) => `${node.nodeId} (${node.host}, pid ${node.pid})`).join(', ');
  throw new UsageError(
    `TBot is running on this database (${nodes}): stop every node first, or pass --force if they are gone`,
  );
}

/**
 * Renumbers the log on an open database, then resets every read model that has a checkpoint; returns what
 * was done. Shared by `tbot events renumber` and `tbot db copy` (whose target is another cluster).
 */
export async function renumberAndReset(
  database: DatabaseHandle,
  logger: Logger,
): Promise<RenumberResult & { readonly reset: readonly string[] }> {
  const result = await renumberLog(database.pool, {
    projections: projectors.map((projector) => projector.name),
    readModelTables: readModelTables(projectors),
  });
  const store = createPostgresProjectionStore(database.pool);
  const reset: string[] = [];
  for (const projector of projectors) {
    if (!result.checkpoints.includes(projector.name)) continue;
    await store.reset(projector);
    reset.push(projector.name);
    logger.debug({ projection: projector.name }, 'read model reset after the renumber');
  }
  return { ...result, reset };
}
