import type { ProjectionState, Projector } from '../../application/ports/index.ts';
import {
  RebuildAbortedError,
  RebuildFencedError,
  RebuildInProgressError,
  rebuildProjection,
} from '../projection-rebuild.ts';
import type { OwnOutcome, RunnerContext } from './runner-context.ts';

/** True when a newer projector version than `projector`'s built the live tables of `state`. */
export const isBuiltByNewer = (
  projector: Pick<Projector, 'version'>,
  state: ProjectionState | null,
): boolean => state !== null && state.version > projector.version;

/**
 * True when a newer projector version built the live tables: this node runs old code (a rolling upgrade is
 * under way) and must not write them; it steps down and looks again later.
 */
export function builtByNewer(
  ctx: RunnerContext,
  projector: Projector,
  state: ProjectionState | null,
): boolean {
  if (!state || !isBuiltByNewer(projector, state)) return false;
  ctx.logger.warn(
    { projection: projector.name, built: state.version, code: projector.version },
    'read model built by a newer projector version: this node steps down and writes nothing',
  );
  return true;
}

/**
 * This node's projector is newer than the live tables: it rebuilds beside them while they keep serving, and
 * switches. Fenced by the epoch it owns the projection under, so only the lease owner switches.
 */
export async function upgradeProjection(
  ctx: RunnerContext,
  projector: Projector,
  epoch: number,
  built: number,
  signal: AbortSignal,
): Promise<OwnOutcome> {
  const { eventStore, projectionStore, logger } = ctx;
  const context = { projection: projector.name, epoch, built, code: projector.version };
  logger.info(context, 'read model built by an older projector version: rebuilding beside it');
  try {
    const result = await rebuildProjection({ projector, eventStore, projectionStore, signal, epoch });
    logger.info(
      { ...context, events: result.eventsApplied, durationMs: result.durationMs },
      'rebuilt and switched to this projector version',
    );
    return 'done';
  } catch (error) {
    if (error instanceof RebuildInProgressError) {
      logger.warn(context, 'another rebuild of this projection is running: this node steps down');
      return 'stepped down';
    }
    if (error instanceof RebuildAbortedError || error instanceof RebuildFencedError) {
      logger.warn({ ...context, err: error }, 'rebuild stopped: this node no longer owns the projection');
      return 'done';
    }
    throw error;
  }
}
