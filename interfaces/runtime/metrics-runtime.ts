import type { Registry } from 'prom-client';
import { findHorizonHolder } from '../../infrastructure/event-store/index.ts';
import {
  createEventLogMetrics,
  createMetrics,
  createMonitoringServerMetrics,
} from '../../infrastructure/metrics/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import { type MonitoringDatabase, serverCountsByGroup } from '../../projections/monitoring/index.ts';

/**
 * The node's Prometheus registry, with the event log's own figures (how long the read horizon is held) and the
 * watched servers per group, both read from the database at scrape time; the features add theirs as they start.
 */
export function openMetricsRuntime(database: DatabaseHandle): Registry {
  const metrics = createMetrics();
  createEventLogMetrics(metrics, {
    horizonHeldFor: async () => (await findHorizonHolder(database.pool))?.ageSeconds ?? null,
  });
  const monitoring = database.db.withTables<MonitoringDatabase>();
  createMonitoringServerMetrics(metrics, { read: () => serverCountsByGroup(monitoring) });
  return metrics;
}
