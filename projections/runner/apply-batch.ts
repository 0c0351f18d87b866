import {
  type Checkpoint,
  type Projector,
  type RecordedEvent,
  TransientStoreError,
  liveTables,
} from '../../application/ports/index.ts';
import { sleep } from '../abortable-sleep.ts';
import { parkProjection } from './park-projection.ts';
import { type ApplyContext, type BatchOutcome, checkpointOrZero } from './runner-context.ts';
import { retryDelayMs } from './runner-settings.ts';

/** Applies `events` to the live tables with the fenced checkpoint update; `false`: the fence refused it. */
function applyOnce(
  ctx: ApplyContext,
  projector: Projector,
  epoch: number,
  from: Checkpoint | null,
  events: readonly RecordedEvent[],
): Promise<boolean> {
  const last = events.at(-1);
  if (!last) return Promise.resolve(true);
  const tables = liveTables(projector);
  return ctx.projectionStore.applyBatch(
    projector.name,
    { epoch, expected: from, next: last.checkpoint, events: events.length },
    (trx) => projector.apply(events, trx, tables),
  );
}

/** True when the projection's epoch is no longer `epoch` (or cannot be read): another owner took it. */
export async function lostOwnership(ctx: ApplyContext, name: string, epoch: number): Promise<boolean> {
  return (await ctx.projectionStore.read(name).catch(() => null))?.epoch !== epoch;
}

/** Applies a batch; if it fails, applies its events one by one to find and park the one that fails. */
export async function applyBatch(
  ctx: ApplyContext,
  projector: Projector,
  epoch: number,
  from: Checkpoint | null,
  batch: readonly RecordedEvent[],
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const name = projector.name;
  try {
    const last = batch.at(-1);
    if (!last) return { kind: 'applied', checkpoint: checkpointOrZero(from) };
    if (!(await applyOnce(ctx, projector, epoch, from, batch))) return { kind: 'fenced' };
    ctx.metrics.applied(name, batch.length, last.position);
    return { kind: 'applied', checkpoint: last.checkpoint };
  } catch (error) {
    if (error instanceof TransientStoreError) throw error;
    ctx.metrics.failed(name);
    // A stale owner's write can fail for reasons of its own (rows the new owner wrote): not a poison event.
    if (await lostOwnership(ctx, name, epoch)) return { kind: 'fenced' };
    ctx.logger.warn(
      { projection: name, err: error, events: batch.length },
      'batch failed; applying its events one by one',
    );
  }
  return applyOneByOne(ctx, projector, epoch, from, batch, signal);
}

/**
 * Applies the events of a batch that failed one at a time, each retried with a doubling delay: the one that
 * keeps failing parks the projection after `maxAttempts` tries.
 */
async function applyOneByOne(
  ctx: ApplyContext,
  projector: Projector,
  epoch: number,
  from: Checkpoint | null,
  batch: readonly RecordedEvent[],
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const name = projector.name;
  let checkpoint = from;
  for (const event of batch) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await applyOnce(ctx, projector, epoch, checkpoint, [event]))) return { kind: 'fenced' };
        ctx.metrics.applied(name, 1, event.position);
        checkpoint = event.checkpoint;
        break;
      } catch (error) {
        if (error instanceof TransientStoreError) throw error;
        ctx.metrics.failed(name);
        if (await lostOwnership(ctx, name, epoch)) return { kind: 'fenced' };
        const context = {
          projection: name,
          position: String(event.position),
          eventType: event.type,
          attempt,
          err: error,
        };
        if (attempt >= ctx.settings.maxAttempts)
          return parkProjection(ctx, name, epoch, event, error, context);
        ctx.logger.warn(context, 'event failed; retrying');
        await sleep(retryDelayMs(ctx.settings, attempt), signal);
        if (signal.aborted) return { kind: 'stopped' };
      }
    }
  }
  return { kind: 'applied', checkpoint: checkpointOrZero(checkpoint) };
}
