import { type Checkpoint, type Projector, liveTables } from '../../application/ports/index.ts';
import type { RunnerContext } from './runner-context.ts';

/**
 * The projector's upkeep is due once a bulk of events (`catchUpEvents`) went in since the last one, and the
 * projection has a checkpoint to fence it with; it then waits for the log to go quiet.
 */
export const upkeepDue = (
  sinceCatchUp: number,
  catchUpEvents: number,
  checkpoint: Checkpoint | null,
): checkpoint is Checkpoint => sinceCatchUp >= catchUpEvents && checkpoint !== null;

/**
 * The projector's upkeep after a bulk catch-up, in a transaction fenced like a batch that moves the checkpoint
 * nowhere: a node that lost the projection meanwhile has it rolled back and steps down. Any other failure is
 * logged and forgotten (autovacuum still comes round); it must not stop or park the projection.
 */
export async function afterCatchUp(
  ctx: RunnerContext,
  projector: Projector,
  epoch: number,
  checkpoint: Checkpoint,
  events: number,
): Promise<'done' | 'fenced'> {
  if (!projector.afterCatchUp) return 'done';
  const name = projector.name;
  const tables = liveTables(projector);
  const started = performance.now();
  try {
    const fence = { epoch, expected: checkpoint, next: checkpoint, events: 0 };
    if (
      !(await ctx.projectionStore.applyBatch(name, fence, (trx) =>
        projector.afterCatchUp ? projector.afterCatchUp(trx, tables) : Promise.resolve(),
      ))
    )
      return 'fenced';
    const seconds = (performance.now() - started) / 1000;
    ctx.metrics.caughtUp(name, seconds);
    ctx.logger.info(
      { projection: name, events, durationMs: Math.round(seconds * 1000) },
      'caught up after a bulk of events: read-model upkeep done',
    );
  } catch (error) {
    ctx.logger.warn(
      { projection: name, events, err: error, durationMs: Math.round(performance.now() - started) },
      'read-model upkeep after a catch-up failed; autovacuum will do it later',
    );
  }
  return 'done';
}
