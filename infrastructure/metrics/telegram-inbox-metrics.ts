import { Counter, Gauge, type Registry } from 'prom-client';
import type { TelegramInbox, TelegramInboxMetrics } from '../../application/telegram/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/**
 * `tbot_telegram_inbox_updates{status}` (pending and failed updates, read from the inbox at scrape time, so
 * every node reports the same), `tbot_telegram_inbox_handling_failures_total` and
 * `tbot_telegram_inbox_given_up_total` (this node's).
 */
export function createTelegramInboxMetrics(
  registry: Registry,
  inbox: Pick<TelegramInbox, 'counts'>,
): TelegramInboxMetrics {
  new Gauge({
    name: `${METRIC_PREFIX}telegram_inbox_updates`,
    help: 'Telegram updates in the inbox by status: pending (not yet handled) and failed (given up on)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await inbox.counts();
      this.set({ status: 'pending' }, counts.pending);
      this.set({ status: 'failed' }, counts.failed);
    },
  });
  const failures = new Counter({
    name: `${METRIC_PREFIX}telegram_inbox_handling_failures_total`,
    help: 'Failed handlings of Telegram updates on this node (each retried until given up on)',
    registers: [registry],
  });
  const givenUp = new Counter({
    name: `${METRIC_PREFIX}telegram_inbox_given_up_total`,
    help: 'Telegram updates this node gave up on after their last allowed try',
    registers: [registry],
  });
  return { handlingFailed: () => failures.inc(), gaveUp: () => givenUp.inc() };
}
