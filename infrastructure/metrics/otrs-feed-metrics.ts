import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './create-metrics.ts';

/** What became of a call to the OTRS webhook. */
export type OtrsWebhookOutcome =
  'recorded' | 'forbidden' | 'unauthorized' | 'bad_request' | 'too_large' | 'unavailable';

export interface OtrsFeedMetrics {
  webhook(outcome: OtrsWebhookOutcome): void;
  /** Events a way in appended (0 for a change already recorded by the other). */
  recorded(via: 'webhook' | 'poller', events: number): void;
}

/**
 * The ticket feed's metrics, registered only when the feature is on. The watermark's age is read from the
 * database at each scrape (on every node: the watermark is the cluster's, whichever node polls); a poller
 * that cannot reach OTRS shows as an age that keeps growing.
 */
export function createOtrsFeedMetrics(
  registry: Registry,
  watermark: () => Promise<Date | null>,
): OtrsFeedMetrics {
  const calls = new Counter({
    name: `${METRIC_PREFIX}otrs_webhook_calls_total`,
    help: 'Calls to the OTRS webhook on this node, by outcome (recorded, forbidden, unauthorized, bad_request, too_large, unavailable)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const events = new Counter({
    name: `${METRIC_PREFIX}otrs_feed_events_total`,
    help: 'Ticket and agent events the OTRS feed appended on this node, by the way in that saw the change first',
    labelNames: ['via'],
    registers: [registry],
  });
  new Gauge({
    name: `${METRIC_PREFIX}otrs_feed_watermark_age_seconds`,
    help: "Seconds since the latest OTRS change the poller has recorded (OTRS's Changed time); absent before its first",
    registers: [registry],
    async collect() {
      const at = await watermark().catch(() => null);
      if (at === null) this.reset();
      else this.set(Math.max(0, (Date.now() - at.getTime()) / 1000));
    },
  });
  return {
    webhook: (outcome) => calls.inc({ outcome }),
    recorded: (via, count) => events.inc({ via }, count),
  };
}
