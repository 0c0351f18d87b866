import type { Clock, IdempotencyKeys, LeaseManager, Logger } from '../../application/ports/index.ts';

/** Rows one statement deletes at most from each table: short transactions, however far behind the job is. */
export const EXPIRY_BATCH = 1000;
/** Statements one run makes at most; a larger backlog waits for the next run. */
export const EXPIRY_BATCHES_PER_RUN = 20;

export interface IdempotencyKeyExpiryOptions {
  readonly keys: IdempotencyKeys;
  readonly leases: LeaseManager;
  readonly everyMs: number;
  readonly retentionDays: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly batchSize?: number;
}

/**
 * Deletes idempotency keys (HTTP and event store) older than the retention, in bounded batches. The lease is
 * taken for the whole interval and not released: it both picks one node and marks the run as done for that
 * interval. A key used again after it is deleted names a new command: see `adminWrite` (HTTP) and the event
 * store's append (any other key) for why its ids do not collide with the old command's.
 */
export function startIdempotencyKeyExpiry(options: IdempotencyKeyExpiryOptions): { stop(): Promise<void> } {
  const { keys, leases, everyMs, logger, batchSize = EXPIRY_BATCH } = options;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      if (!(await leases.tryAcquire('idempotency-keys:expiry', everyMs))) return;
      const before = new Date(options.clock.now().getTime() - options.retentionDays * 86_400_000);
      let deleted = 0;
      for (let batch = 0; batch < EXPIRY_BATCHES_PER_RUN; batch += 1) {
        const count = await keys.pruneBefore(before, batchSize);
        deleted += count;
        if (count === 0) break;
      }
      if (deleted > 0) logger.info({ deleted, before: before.toISOString() }, 'idempotency keys expired');
    } catch (error) {
      logger.warn({ err: error }, 'idempotency key expiry failed');
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
