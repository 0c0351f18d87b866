import type { Registry } from 'prom-client';
import { findHorizonHolder } from '../../infrastructure/event-store/index.ts';
import { createEventLogMetrics, createMetrics } from '../../infrastructure/metrics/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';

/**
 * The node's Prometheus registry, with the event log's own figures (how long the read horizon is held);
 * the features add theirs as they start.
 */
export function openMetricsRuntime(database: DatabaseHandle): Registry {
  const metrics = createMetrics();
  createEventLogMetrics(metrics, {
    horizonHeldFor: async () => (await findHorizonHolder(database.pool))?.ageSeconds ?? null,
  });
  return metrics;
}
