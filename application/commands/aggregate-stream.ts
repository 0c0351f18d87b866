import { type Command, type Decider, type Event, fold } from '../../domain/shared/index.ts';
import type { EventStore, RecordedEvent } from '../ports/index.ts';

/** One aggregate as its stream has it: the folded state, the events, and what the next append expects. */
export interface AggregatedStream<E extends Event, S> {
  readonly state: S;
  readonly events: readonly RecordedEvent<E>[];
  /** Revision of the stream's last event, `'no_stream'` when it has none: the next append's expectation. */
  readonly expectedRevision: number | 'no_stream';
}

/**
 * Reads one aggregate's stream and folds it with its decider. The stream holds the decider's events by its
 * naming (`employee-<id>` is the employee decider's), so the read is typed by the decider's event union.
 */
export async function aggregateStream<C extends Command, E extends Event, S>(
  store: Pick<EventStore, 'readStream'>,
  decider: Decider<C, E, S>,
  streamId: string,
): Promise<AggregatedStream<E, S>> {
  const events = await store.readStream<E>(streamId);
  const last = events.at(-1);
  return {
    state: fold(decider, events),
    events,
    expectedRevision: last ? last.revision : 'no_stream',
  };
}
