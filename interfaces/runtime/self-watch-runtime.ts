import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  type SelfWatchThresholds,
  createSelfWatch,
  makeSelfWatchCommands,
} from '../../application/monitoring/self-watch/index.ts';
import type { EventStore, LeaseManager } from '../../application/ports/index.ts';
import { findLiveNodes } from '../../infrastructure/cluster/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createSelfWatchMetrics, checkCountsOf } from '../../infrastructure/metrics/index.ts';
import { postgresUnsentAlerts } from '../../infrastructure/notifications/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import {
  type ProjectionStore,
  monitoringNoticesReactor,
  openSelfCheckSubjects,
  selfWatchReactor,
} from '../../projections/index.ts';

export interface SelfWatchRuntimeDeps {
  readonly config: Pick<Config, 'nodeId'>;
  readonly database: DatabaseHandle;
  readonly eventStore: EventStore;
  readonly leases: LeaseManager;
  readonly projectionStore: Pick<ProjectionStore, 'list'>;
  /** This node's registry: the scheduler's late-check counter is read from it, the self-watch's figures go in. */
  readonly metrics: Registry;
  readonly logger: Logger;
  /** Tests shorten it; production looks every 30 s. */
  readonly everyMs?: number;
  readonly thresholds?: Partial<SelfWatchThresholds>;
}

/**
 * TBot's watch over itself, on every node (each watches its own checks; one at a time the outbox and the
 * projections): its alerts go through the self-watch reactor into the admins' chat.
 */
export function startSelfWatch(deps: SelfWatchRuntimeDeps): { stop(): Promise<void> } {
  const logger = deps.logger.child({ component: 'self-watch' });
  const watch = createSelfWatch({
    nodeId: deps.config.nodeId,
    commands: makeSelfWatchCommands({ store: deps.eventStore }),
    leases: deps.leases,
    unsent: postgresUnsentAlerts(deps.database.pool, { reactors: [monitoringNoticesReactor.name] }),
    projections: deps.projectionStore,
    checkCounts: checkCountsOf(deps.metrics),
    openSelfChecks: (condition) => openSelfCheckSubjects(deps.database.pool, condition),
    liveNodes: async () => (await findLiveNodes(deps.database.pool)).map((node) => node.nodeId),
    tellingReactor: selfWatchReactor.name,
    metrics: createSelfWatchMetrics(deps.metrics),
    logger,
    ...(deps.everyMs === undefined ? {} : { everyMs: deps.everyMs }),
    ...(deps.thresholds === undefined ? {} : { thresholds: deps.thresholds }),
  });
  return watch.start();
}
