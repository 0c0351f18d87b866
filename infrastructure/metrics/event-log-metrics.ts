import { Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './create-metrics.ts';

/** How long the appender holding the log's read horizon has been open, in seconds; null when none holds it. */
export type HorizonHeldFor = () => Promise<number | null>;

/**
 * `tbot_event_log_horizon_held_seconds`, read from the database at scrape time (every node reports the same):
 * the age of the transaction of the open appender that holds the read horizon, 0 when none does. A normal
 * append holds it for a millisecond; seconds mean an appender is stuck and every projection waits for it.
 */
export function createEventLogMetrics(registry: Registry, deps: { horizonHeldFor: HorizonHeldFor }): void {
  new Gauge({
    name: `${METRIC_PREFIX}event_log_horizon_held_seconds`,
    help: 'Age of the open appender transaction that holds the event log read horizon (0: none)',
    registers: [registry],
    async collect() {
      this.set((await deps.horizonHeldFor()) ?? 0);
    },
  });
}
