import type { Clock, LeaseManager, Logger } from '../../application/ports/index.ts';
import type { MessageLog, TelegramInbox } from '../../application/telegram/index.ts';

/** Rows one run deletes at most: a short transaction, however far behind the log is. */
export const PRUNE_BATCH = 5000;

export interface MessageLogPruningOptions {
  readonly messageLog: Pick<MessageLog, 'prune'>;
  /** What the log lines call it; `telegram message log` by default. */
  readonly subject?: string;
  /** Its handled (and given-up) updates are pruned by the same retention. */
  readonly inbox?: Pick<TelegramInbox, 'prune'>;
  readonly leases: LeaseManager;
  readonly leaseName: string;
  readonly everyMs: number;
  readonly retentionDays: () => number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Deletes messages older than the retention setting, one bounded batch per run. The lease is taken for the
 * whole interval and not released: it both picks one node and marks the run as done for that interval.
 */
export function startMessageLogPruning(options: MessageLogPruningOptions): { stop(): Promise<void> } {
  const { messageLog, leases, leaseName, everyMs, logger } = options;
  const subject = options.subject ?? 'telegram message log';
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      if (!(await leases.tryAcquire(leaseName, everyMs))) return;
      const before = new Date(options.clock.now().getTime() - options.retentionDays() * 86_400_000);
      const deleted = await messageLog.prune(before, PRUNE_BATCH);
      if (deleted > 0) logger.info({ deleted, before: before.toISOString() }, `${subject} pruned`);
      const finished = options.inbox ? await options.inbox.prune(before, PRUNE_BATCH) : 0;
      if (finished > 0) logger.info({ finished, before: before.toISOString() }, 'telegram inbox pruned');
    } catch (error) {
      logger.warn({ err: error }, `${subject} pruning failed`);
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, everyMs);
  timer.unref();
  running = tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
