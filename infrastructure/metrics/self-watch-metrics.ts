import { Counter, Gauge, type Registry } from 'prom-client';
import type { CheckCounts, SelfWatchMetrics } from '../../application/monitoring/self-watch/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/** The scheduler's counters (`monitoring-metrics.ts`), read here, not changed. */
const CHECKS_RUN = `${METRIC_PREFIX}checks_total`;
const LATE_CHECKS = `${METRIC_PREFIX}checks_late_total`;

/** The self-watch's figures on this node: episodes it raised, and what it saw failing at its last look. */
export function createSelfWatchMetrics(registry: Registry): SelfWatchMetrics {
  const raised = new Counter({
    name: `${METRIC_PREFIX}self_alerts_raised_total`,
    help: "TBot's own alerts this node raised (a self-check started failing), by condition",
    labelNames: ['condition'],
    registers: [registry],
  });
  const failing = new Gauge({
    name: `${METRIC_PREFIX}self_check_failing`,
    help:
      "Subjects failing a self-check at this node's last look, by condition (checks-late: this node; " +
      'alerts-unsent, projection-parked: the one node that looks, 0 on the others; take the max over nodes)',
    labelNames: ['condition'],
    registers: [registry],
  });
  return {
    raised: (condition) => raised.inc({ condition }),
    failing: (condition, subjects) => failing.set({ condition }, subjects),
  };
}

/**
 * This node's checks run and started late so far, all kinds, from the scheduler's counters in `registry`; 0
 * while it has none (a node without the workers role runs no checks).
 */
export function checkCountsOf(registry: Registry): CheckCounts {
  const total = async (name: string) => {
    const metric = registry.getSingleMetric(name);
    if (!metric) return 0;
    const { values } = await metric.get();
    return values.reduce((sum, sample) => sum + sample.value, 0);
  };
  return async () => ({ ran: await total(CHECKS_RUN), late: await total(LATE_CHECKS) });
}
