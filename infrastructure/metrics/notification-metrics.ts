import { Counter, Gauge, type Registry } from 'prom-client';
import type { NotificationMetrics, Outbox } from '../../application/notifications/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/** Counted exactly up to this many rows per status at a scrape. */
const COUNTED_UP_TO = 100_000;

/**
 * The notification sender's figures: sends by outcome on this node, and the outbox by status, read from the
 * database at scrape time (every node reports the same).
 */
export function createNotificationMetrics(
  registry: Registry,
  deps: { nodeId: string; outbox: Pick<Outbox, 'counts'> },
): NotificationMetrics {
  const sent = new Counter({
    name: `${METRIC_PREFIX}notifications_sent_total`,
    help: 'Tries to send an outbox notice on this node, by outcome (sent, undeliverable, retried, failed)',
    labelNames: ['kind', 'outcome', 'node'],
    registers: [registry],
  });
  new Gauge({
    name: `${METRIC_PREFIX}notifications_outbox`,
    help: 'Outbox rows by status (pending: still to send; read at scrape time; at most 1e5)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await deps.outbox.counts(COUNTED_UP_TO);
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const unrouted = new Counter({
    name: `${METRIC_PREFIX}alerts_unrouted_total`,
    help:
      'Alerts that had nowhere to go (no route of their group and monitoring.adminsChat empty), counted once ' +
      'each by the node that drops it',
    labelNames: ['kind', 'node'],
    registers: [registry],
  });
  return {
    sent: (kind, outcome) => sent.inc({ kind, outcome, node: deps.nodeId }),
    unrouted: (kind) => unrouted.inc({ kind, node: deps.nodeId }),
  };
}
