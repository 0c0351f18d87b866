import type { LeaseManager } from '../../application/ports/index.ts';
import { createMemoryLeaseManager } from '../../infrastructure/leases/index.ts';
import {
  type ProjectionMetrics,
  type ProjectionRunnerOptions,
  type Projector,
  createProjectionRunner,
} from '../../projections/index.ts';
import { captureLogger } from './capture-logger.ts';
import type { ProjectionStoreContext } from './event-store-fixture.ts';

export interface QuickRunnerSetup {
  /** `node-a` unless given. */
  readonly nodeId?: string;
  /** A memory lease manager of `nodeId` unless given: the runner is the only node. */
  readonly leases?: LeaseManager;
  /** Over the quick defaults. */
  readonly options?: ProjectionRunnerOptions;
  readonly metrics?: ProjectionMetrics;
}

/**
 * A runner of `projector` alone on the context's stores, logging to a captured logger; not started. Its options
 * are quick unless `setup` says otherwise: polls and retries of milliseconds, and a lease of 600 ms.
 */
export function quickRunner(
  context: ProjectionStoreContext,
  projector: Projector,
  setup: QuickRunnerSetup = {},
) {
  const { nodeId = 'node-a', leases = createMemoryLeaseManager({ nodeId }), metrics } = setup;
  const logger = captureLogger();
  const runner = createProjectionRunner({
    projectors: [projector],
    eventStore: context.store,
    projectionStore: context.projections,
    leases,
    nodeId,
    logger,
    ...(metrics && { metrics }),
    options: { leaseTtlMs: 600, idlePollMs: 50, retryBaseMs: 5, ...setup.options },
  });
  return { logger, runner };
}
