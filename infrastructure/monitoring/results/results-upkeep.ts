import type { CheckResultsUpkeep } from '../../../application/ports/check-results.ts';
import type { LeaseManager, Logger } from '../../../application/ports/index.ts';

export interface CheckResultsUpkeepOptions {
  readonly upkeep: CheckResultsUpkeep;
  readonly leases: LeaseManager;
  /** How often one node of the cluster runs the upkeep (default hourly). */
  readonly everyMs?: number;
  /** Partitions made ahead of today (default 3). */
  readonly daysAhead?: number;
  /** The setting `monitoring.resultRetentionDays`, read at each run. */
  readonly retentionDays: () => number;
  readonly now?: () => Date;
  readonly logger: Logger;
}

/**
 * Makes the coming days' partitions and drops the expired ones, on one node per interval: the lease is taken for
 * the whole interval and not released, so it both picks the node and marks the run done. Runs once at start.
 */
export function startCheckResultsUpkeep(options: CheckResultsUpkeepOptions): { stop(): Promise<void> } {
  const everyMs = options.everyMs ?? 3_600_000;
  const now = options.now ?? (() => new Date());
  const { upkeep, logger } = options;
  const tick = async () => {
    try {
      if (!(await options.leases.tryAcquire('monitoring:check-results:upkeep', everyMs))) return;
      const at = now();
      const created = await upkeep.createPartitionsAhead(at, options.daysAhead ?? 3);
      const retentionDays = options.retentionDays();
      const dropped = await upkeep.dropExpiredPartitions(at, retentionDays);
      if (created.length > 0 || dropped.length > 0) {
        logger.info({ created, dropped, retentionDays }, 'check results partitions kept up');
      }
    } catch (error) {
      logger.warn({ err: error }, 'check results upkeep failed; the next run tries again');
    }
  };
  let running = tick();
  const timer = setInterval(() => {
    running = running.then(tick);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
