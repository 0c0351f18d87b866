import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProjectionMetrics, ProjectionState, ProjectionStore } from '../../application/ports/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/** Events of the projection's own types after its checkpoint, counted up to `atMost`. */
export type ProjectionLagOf = (state: ProjectionState, atMost: number) => Promise<number>;

/** A lag is counted exactly up to this many events, and reported as this many beyond. */
const LAG_COUNTED_UP_TO = 100_000;

/**
 * The projection runner's figures as Prometheus metrics. Position and lease are per node (the owner reports
 * them); lag is read from the database at scrape time, so every node reports the same lag.
 */
export function createProjectionMetrics(
  registry: Registry,
  deps: { nodeId: string; projectionStore: ProjectionStore; lagOf: ProjectionLagOf },
): ProjectionMetrics {
  const labelNames = ['projection', 'node'] as const;
  const position = new Gauge({
    name: `${METRIC_PREFIX}projection_position`,
    help: 'Global position of the last event a projection applied on this node',
    labelNames,
    registers: [registry],
  });
  const applied = new Counter({
    name: `${METRIC_PREFIX}projection_events_applied_total`,
    help: 'Events applied to read models by this node',
    labelNames,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${METRIC_PREFIX}projection_errors_total`,
    help: 'Failed projection batches and events on this node',
    labelNames,
    registers: [registry],
  });
  const leaseHeld = new Gauge({
    name: `${METRIC_PREFIX}projection_lease_held`,
    help: '1 while this node holds the projection lease',
    labelNames,
    registers: [registry],
  });
  const parked = new Gauge({
    name: `${METRIC_PREFIX}projection_parked`,
    help: '1 while the projection is parked on a failing event',
    labelNames,
    registers: [registry],
  });
  const upkeep = new Histogram({
    name: `${METRIC_PREFIX}projection_upkeep_seconds`,
    help: 'Read-model upkeep after a bulk catch-up (planner statistics, GIN pending lists) on this node',
    labelNames,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: `${METRIC_PREFIX}projection_lag_events`,
    help: 'Events of the projection types in the log after its checkpoint (read at scrape time; at most 1e5)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      const states = await deps.projectionStore.list();
      const lags = await Promise.all(states.map((state) => deps.lagOf(state, LAG_COUNTED_UP_TO)));
      for (const [i, state] of states.entries()) this.set({ projection: state.name }, lags[i] ?? 0);
    },
  });

  const node = deps.nodeId;
  return {
    applied(projection, events, at) {
      applied.inc({ projection, node }, events);
      position.set({ projection, node }, Number(at));
    },
    failed: (projection) => errors.inc({ projection, node }),
    leaseHeld: (projection, held) => leaseHeld.set({ projection, node }, held ? 1 : 0),
    parked: (projection, isParked) => parked.set({ projection, node }, isParked ? 1 : 0),
    caughtUp: (projection, seconds) => upkeep.observe({ projection, node }, seconds),
  };
}
