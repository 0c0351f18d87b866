import type { LeaseManager, Logger } from '../ports/index.ts';

export interface LeasedPeriodicTaskOptions<T> {
  /** The duty's lease name: one node of the cluster at a time runs the task. */
  readonly lease: string;
  readonly leases: LeaseManager;
  /** How often a node tries to run it. */
  readonly everyMs: number;
  /** One run, under the lease. */
  readonly run: () => Promise<T>;
  readonly logger: Logger;
  /** Logged (with the error) when a started task's run throws; the next run tries again. */
  readonly failureMessage: string;
}

export interface LeasedPeriodicTask<T> {
  /** One run under the lease: its result, or `null` when another node holds the duty. */
  runOnce(): Promise<T | null>;
  /** Runs now and every `everyMs`, one run at a time, until stopped (`stop` waits for the run under way). */
  start(): { stop(): Promise<void> };
}

/**
 * A cluster duty run every `everyMs` by one node at a time. The lease is taken for a little less than the
 * interval and never released: it both picks the node and spaces the runs, so the cluster runs the task about
 * once per interval whichever nodes are up. It gives liveness only: a task must stay harmless when two nodes
 * run it at once (a lease can lapse mid-run), by dedupe keys or a decider that records nothing twice.
 */
export function leasedPeriodicTask<T>(options: LeasedPeriodicTaskOptions<T>): LeasedPeriodicTask<T> {
  const { everyMs, logger } = options;
  const leaseMs = Math.max(1, Math.floor(everyMs * 0.9));
  const runOnce = async (): Promise<T | null> => {
    if (!(await options.leases.tryAcquire(options.lease, leaseMs))) return null;
    return options.run();
  };
  return {
    runOnce,
    start() {
      const tick = () =>
        runOnce().then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error }, options.failureMessage),
        );
      // Each run waits for the one before: a slow run delays the next rather than overlapping it.
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
    },
  };
}
