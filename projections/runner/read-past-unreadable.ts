import {
  type Checkpoint,
  type EventFilter,
  type Projector,
  type RecordedEvent,
  UnreadableEventError,
  compareCheckpoints,
} from '../../application/ports/index.ts';
import { sleep } from '../abortable-sleep.ts';
import { applyBatch } from './apply-batch.ts';
import { parkProjection } from './park-projection.ts';
import { type BatchOutcome, type RunnerContext, checkpointOrZero } from './runner-context.ts';
import { retryDelayMs } from './runner-settings.ts';

/**
 * Reading a batch failed on an event that cannot be read (it does not decrypt, an upcaster fails on it): reads
 * the events one at a time from `from`, applying each, up to that one, which is tried like a failing event
 * and parked once it keeps failing, instead of failing the whole batch again forever.
 */
export async function readPastUnreadable(
  ctx: RunnerContext,
  projector: Projector,
  epoch: number,
  from: Checkpoint | null,
  unreadable: UnreadableEventError,
  filter: { readonly filter?: EventFilter },
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const name = projector.name;
  ctx.logger.warn(
    { projection: name, position: String(unreadable.event.position), err: unreadable },
    'an event cannot be read; reading the batch one event at a time',
  );
  let checkpoint = from;
  for (let attempt = 1; ;) {
    let events: RecordedEvent[];
    try {
      events = await ctx.eventStore.readAll(checkpoint, { ...filter, maxCount: 1 });
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      ctx.metrics.failed(name);
      const context = {
        projection: name,
        position: String(error.event.position),
        eventType: error.event.type,
        attempt,
        err: error,
      };
      if (attempt >= ctx.settings.maxAttempts)
        return parkProjection(ctx, name, epoch, error.event, error, context);
      ctx.logger.warn(context, 'event cannot be read; retrying');
      await sleep(retryDelayMs(ctx.settings, attempt), signal);
      if (signal.aborted) return { kind: 'stopped' };
      attempt += 1;
      continue;
    }
    const event = events[0];
    if (!event) break;
    const outcome = await applyBatch(ctx, projector, epoch, checkpoint, [event], signal);
    if (outcome.kind !== 'applied') return outcome;
    checkpoint = outcome.checkpoint;
    attempt = 1;
    // Past the event that failed the batch (it read this time): the subscription takes over again.
    if (compareCheckpoints(event.checkpoint, unreadable.event.checkpoint) >= 0) break;
  }
  return { kind: 'applied', checkpoint: checkpointOrZero(checkpoint) };
}
