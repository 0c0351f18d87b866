import type { RecordedEvent } from '../../application/ports/index.ts';
import { failureSummary } from '../../application/projections/index.ts';
import type { ApplyContext, BatchOutcome } from './runner-context.ts';

/**
 * Parks the projection on `event`, fenced by `epoch`. The parked row (and the operator's retry or skip event
 * that copies it) records only the failure's summary, which cannot hold the event's data; the log has the
 * whole error.
 */
export async function parkProjection(
  ctx: ApplyContext,
  name: string,
  epoch: number,
  event: Pick<RecordedEvent, 'checkpoint' | 'type'>,
  error: unknown,
  context: Record<string, unknown>,
): Promise<BatchOutcome> {
  const parked = await ctx.projectionStore.park(name, epoch, {
    checkpoint: event.checkpoint,
    eventType: event.type,
    error: failureSummary(error),
  });
  if (!parked) return { kind: 'fenced' };
  ctx.metrics.parked(name, true);
  ctx.logger.error(context, 'projection parked on an event that keeps failing; retry or skip it');
  return { kind: 'parked' };
}
