import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ProjectionProgress } from '../../application/health/index.ts';
import type { Checkpoint, EventStore, LeaseManager } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createProjectionMetrics } from '../../infrastructure/metrics/index.ts';
import { createPostgresProjectionStore, projectionLagUpTo } from '../../infrastructure/projections/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import {
  type ProjectionState,
  type ProjectionStore,
  type Projector,
  createProjectionRunner,
  projectors,
} from '../../projections/index.ts';

/** Events of the projection's own types after its checkpoint, counted up to `atMost`. */
export type ProjectionLag = (
  projection: { readonly name: string; readonly checkpoint: Checkpoint | null },
  atMost: number,
) => Promise<number>;

export interface ProjectionsRuntime {
  readonly projectionStore: ProjectionStore;
  /** The one lag the metrics and the readiness check both report. */
  readonly lag: ProjectionLag;
  /** Where the projections this version runs stand, as readiness reads them. */
  progress(): Promise<ProjectionProgress[]>;
  /**
   * Starts the projection runner when the node has the `workers` role (null otherwise); `metrics` gets the
   * runner's figures. Stop what it returns before the event store and the leases.
   */
  startRunner(metrics: Registry): Promise<{ stop(): Promise<void> } | null>;
}

export interface ProjectionsRuntimeDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  readonly eventStore: EventStore;
  readonly leases: LeaseManager;
}

/** The read models' store, their lag and progress, and the runner that keeps them up to date. */
export function openProjectionsRuntime(deps: ProjectionsRuntimeDeps): ProjectionsRuntime {
  const { config, database } = deps;
  const projectionStore = createPostgresProjectionStore(database.pool);
  const lag: ProjectionLag = (projection, atMost) => {
    const projector = projectors.find((p) => p.name === projection.name);
    // One an older version ran is waiting for nothing: this version does not run it.
    if (!projector) return Promise.resolve(0);
    return projectionLagUpTo(database.pool, projection.checkpoint, projector.eventTypes, atMost);
  };
  return {
    projectionStore,
    lag,
    progress: async () => projectionProgress(await projectionStore.list(), projectors),
    async startRunner(metrics) {
      if (!config.roles.includes('workers')) return null;
      const runner = createProjectionRunner({
        projectors,
        eventStore: deps.eventStore,
        projectionStore,
        leases: deps.leases,
        nodeId: config.nodeId,
        logger: deps.logger.child({ component: 'projections' }),
        metrics: createProjectionMetrics(metrics, { nodeId: config.nodeId, projectionStore, lagOf: lag }),
        options: { leaseTtlMs: config.projections.leaseTtlMs, batchSize: config.projections.batchSize },
      });
      await runner.start();
      deps.logger.info({ projections: projectors.map((p) => p.name) }, 'projection runner started');
      return runner;
    },
  };
}

/** The projections this version runs, where they stand; one an older version ran is none of readiness's. */
function projectionProgress(
  states: readonly ProjectionState[],
  known: readonly Projector[],
): ProjectionProgress[] {
  return states.flatMap((state) => {
    const projector = known.find((p) => p.name === state.name);
    if (!projector) return [];
    const { parked } = state;
    return [
      {
        name: state.name,
        checkpoint: state.checkpoint,
        eventTypes: projector.eventTypes,
        parked: parked ? { position: parked.checkpoint.position, error: parked.error } : null,
      },
    ];
  });
}
