import {
  type EventStore,
  type Lease,
  type LeaseManager,
  type Logger,
  type ProjectionMetrics,
  type ProjectionStore,
  type Projector,
  noProjectionMetrics,
} from '../application/ports/index.ts';
import { sleep } from './abortable-sleep.ts';
import { ownProjection } from './runner/own-projection.ts';
import type { OwnOutcome, RunnerContext } from './runner/runner-context.ts';
import {
  type ProjectionRunnerOptions,
  errorPauseMs,
  leaseRetryDelayMs,
  runnerSettings,
  stepDownDelayMs,
} from './runner/runner-settings.ts';

export type { ProjectionRunnerOptions } from './runner/runner-settings.ts';

export interface ProjectionRunnerDeps {
  readonly projectors: readonly Projector[];
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly leases: LeaseManager;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly metrics?: ProjectionMetrics;
  readonly options?: ProjectionRunnerOptions;
}

export interface ProjectionRunner {
  /** Registers every projector, then runs each in the background; resolves once registered. */
  start(): Promise<void>;
  /** Stops every projection and releases its lease; resolves when all have stopped. */
  stop(): Promise<void>;
}

export const leaseName = (projection: string) => `projection:${projection}`;

/**
 * Advances each projection on whichever node holds its lease (DESIGN.md, "Projections"). Safety does not rest
 * on the lease: every batch commits with a compare-and-set on the epoch won at takeover and the previous
 * checkpoint, so a paused ex-owner's write is refused by PostgreSQL. The parts are in `runner/`: an ownership
 * (`own-projection.ts`, its lease renewal, version check and upgrade), following the log (`follow-log.ts`),
 * a batch and its one-by-one retry and park (`apply-batch.ts`, `read-past-unreadable.ts`), the upkeep after
 * a bulk (`catch-up-upkeep.ts`).
 */
export function createProjectionRunner(deps: ProjectionRunnerDeps): ProjectionRunner {
  const { projectionStore, leases, logger } = deps;
  const settings = runnerSettings(deps.options);
  const ctx: RunnerContext = {
    eventStore: deps.eventStore,
    projectionStore,
    nodeId: deps.nodeId,
    logger,
    metrics: deps.metrics ?? noProjectionMetrics,
    settings,
  };
  const { metrics } = ctx;
  const stopping = new AbortController();
  let running: Promise<void>[] = [];

  /** Asks for the projection's lease in turn with the other nodes, and works it while it holds it. */
  const run = async (projector: Projector) => {
    const signal = stopping.signal;
    while (!signal.aborted) {
      let lease: Lease | null = null;
      try {
        lease = await leases.tryAcquire(leaseName(projector.name), settings.leaseTtlMs);
      } catch (error) {
        logger.warn({ projection: projector.name, err: error }, 'lease store unavailable; projection waits');
      }
      if (!lease) {
        await sleep(leaseRetryDelayMs(settings, Math.random()), signal);
        continue;
      }
      metrics.leaseHeld(projector.name, true);
      let outcome: OwnOutcome = 'done';
      try {
        outcome = await ownProjection(ctx, projector, lease, signal);
      } catch (error) {
        metrics.failed(projector.name);
        logger.error(
          { projection: projector.name, err: error },
          'projection stopped by an error; will resume',
        );
        await sleep(errorPauseMs(settings), signal);
      } finally {
        metrics.leaseHeld(projector.name, false);
        await lease.release().catch(() => undefined);
      }
      if (outcome === 'stepped down') await sleep(stepDownDelayMs(settings, Math.random()), signal);
    }
  };

  return {
    async start() {
      for (const projector of deps.projectors) {
        await projectionStore.register(projector);
      }
      running = deps.projectors.map((projector) => run(projector));
    },
    async stop() {
      stopping.abort();
      await Promise.all(running);
    },
  };
}
