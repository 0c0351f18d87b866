import {
  type Checkpoint,
  type Projector,
  type RecordedEvent,
  UnreadableEventError,
} from '../../application/ports/index.ts';
import { applyBatch } from './apply-batch.ts';
import { afterCatchUp, upkeepDue } from './catch-up-upkeep.ts';
import { quietFor } from './quiet-for.ts';
import { readPastUnreadable } from './read-past-unreadable.ts';
import type { OwnOutcome, RunnerContext } from './runner-context.ts';

/**
 * Applies the log's batches from `from` under `epoch` until `owned` aborts, the fence refuses a write, the
 * projection parks, or an event cannot be read; runs the projector's upkeep after a bulk once the log goes
 * quiet. A fresh ownership then subscribes again from the stored checkpoint.
 */
export async function followLog(
  ctx: RunnerContext,
  projector: Projector,
  epoch: number,
  from: Checkpoint | null,
  owned: AbortController,
): Promise<OwnOutcome> {
  const { eventStore, logger, settings } = ctx;
  let checkpoint = from;
  // Counted per ownership: a node taking over mid-import counts from its own start.
  let sinceCatchUp = 0;
  const filter = projector.eventTypes.length > 0 ? { filter: { eventTypes: projector.eventTypes } } : {};
  const subscription = eventStore.subscribeBatches(checkpoint, {
    ...filter,
    batchSize: settings.batchSize,
    signal: owned.signal,
  });
  const batches = subscription[Symbol.asyncIterator]();
  const refused = () =>
    logger.warn(
      { projection: projector.name, epoch },
      'write refused by the fence: another node owns this projection',
    );
  try {
    let next = batches.next();
    for (;;) {
      // Due after a bulk of events, once no next batch comes for a while: at the head, not mid-import.
      if (
        upkeepDue(sinceCatchUp, settings.catchUpEvents, checkpoint) &&
        (await quietFor(next, settings.catchUpQuietMs, owned.signal))
      ) {
        const upkeep = await afterCatchUp(ctx, projector, epoch, checkpoint, sinceCatchUp);
        sinceCatchUp = 0;
        if (upkeep === 'fenced') {
          refused();
          return 'done';
        }
      }
      let step: IteratorResult<RecordedEvent[]>;
      try {
        step = await next;
      } catch (error) {
        if (!(error instanceof UnreadableEventError)) throw error;
        const outcome = await readPastUnreadable(
          ctx,
          projector,
          epoch,
          checkpoint,
          error,
          filter,
          owned.signal,
        );
        if (outcome.kind === 'fenced') refused();
        // Parked, stopped, or past it: a fresh ownership subscribes again from the stored checkpoint.
        return 'done';
      }
      if (step.done === true) return 'done';
      const outcome = await applyBatch(ctx, projector, epoch, checkpoint, step.value, owned.signal);
      if (outcome.kind !== 'applied') {
        if (outcome.kind === 'fenced') refused();
        return 'done';
      }
      checkpoint = outcome.checkpoint;
      sinceCatchUp += step.value.length;
      next = batches.next();
    }
  } finally {
    // Ends the subscription as `for await` would. A `next` still pending (fenced during the upkeep) would
    // wait for the next event first: the signal ends it now.
    owned.abort();
    await batches.return?.(undefined);
  }
}
