import { Counter, Histogram, type Registry } from 'prom-client';
import { LATE_AFTER_MS, type CheckSchedulerMetrics } from '../../application/monitoring/scheduler/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/** The monitoring scheduler's figures on this node: how long checks take, how they end, how many start late. */
export function createMonitoringMetrics(registry: Registry): CheckSchedulerMetrics {
  const duration = new Histogram({
    name: `${METRIC_PREFIX}check_duration_seconds`,
    help: 'Time one check took on this node, from its probe start to its result, by kind',
    labelNames: ['kind'],
    // Checks answer in milliseconds locally and time out in seconds.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const total = new Counter({
    name: `${METRIC_PREFIX}checks_total`,
    help: 'Checks run on this node (a push check: each slot judged without a push), by kind and status',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  const late = new Counter({
    name: `${METRIC_PREFIX}checks_late_total`,
    help: `Checks that started more than ${LATE_AFTER_MS / 1000} s after their slot on this node`,
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    checkRan(kind, status, durationSeconds) {
      total.inc({ kind, status });
      if (kind !== 'push') duration.observe({ kind }, durationSeconds);
    },
    checkLate: (kind) => late.inc({ kind }),
  };
}
