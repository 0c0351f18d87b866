import type { RecordedEvent } from '../ports/index.ts';
import { projectionStreamEvolver } from './projection-stream-state.ts';
import { type AuditReader, redactEvent } from './redact-event-data.ts';
import { type StreamEvolver, genericStreamEvolver } from './stream-evolver.ts';

/** An evolver for the streams whose id starts with `prefix`. */
export interface StreamEvolverEntry {
  readonly prefix: string;
  readonly evolver: StreamEvolver<unknown>;
}

/**
 * The evolvers the audit tools know, by stream prefix (DESIGN.md, "Events": the stream names the context).
 * An aggregate adds its entry here (`employee-` → the employee decider's evolve) when it arrives.
 */
export const streamEvolvers: readonly StreamEvolverEntry[] = [
  { prefix: 'projection-', evolver: projectionStreamEvolver },
];

/** The evolver with the longest prefix of `streamId`, or the generic one. */
export function evolverFor(
  streamId: string,
  registry: readonly StreamEvolverEntry[] = streamEvolvers,
): StreamEvolver {
  let best: StreamEvolverEntry | undefined;
  for (const entry of registry) {
    if (streamId.startsWith(entry.prefix) && entry.prefix.length > (best?.prefix.length ?? -1)) best = entry;
  }
  return best?.evolver ?? genericStreamEvolver;
}

/** Where an event sits, for "built from N events, the last at position P". */
export interface EventReference {
  readonly position: bigint;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: Date;
  /** `kind:id`. */
  readonly actor: string;
}

/** A stream's state folded from its first `eventCount` events, and what it was folded with. */
export interface StreamState {
  readonly streamId: string;
  readonly evolver: { readonly name: string; readonly description: string; readonly generic: boolean };
  readonly state: unknown;
  readonly eventCount: number;
  readonly firstEvent: EventReference | null;
  readonly lastEvent: EventReference | null;
}

/** Folds a stream's events as they come, page by page, in revision order; `result()` at any time. */
export interface StreamStateFolder {
  apply(events: Iterable<RecordedEvent>): void;
  result(): StreamState;
}

function reference(event: RecordedEvent): EventReference {
  const { actor, occurredAt } = event.metadata;
  return {
    position: event.position,
    revision: event.revision,
    type: event.type,
    occurredAt,
    recordedAt: event.recordedAt,
    actor: `${actor.kind}:${actor.id}`,
  };
}

/**
 * A folder of `streamId`'s state as `reader` may see it: each event's data is redacted before it is folded, so
 * no state shown (API, CLI) holds a secret, even folded from a log that was not redacted.
 */
export function streamStateFolder(
  streamId: string,
  registry: readonly StreamEvolverEntry[] = streamEvolvers,
  reader: AuditReader = 'admin',
): StreamStateFolder {
  const evolver = evolverFor(streamId, registry);
  let state = evolver.initialState();
  let eventCount = 0;
  let firstEvent: EventReference | null = null;
  let lastEvent: EventReference | null = null;
  return {
    apply(events) {
      for (const event of events) {
        if (event.streamId !== streamId) {
          throw new RangeError(`Event ${event.eventId} belongs to ${event.streamId}, not ${streamId}`);
        }
        state = evolver.evolve(state, redactEvent(event, reader));
        eventCount += 1;
        lastEvent = reference(event);
        firstEvent ??= lastEvent;
      }
    },
    result: () => ({
      streamId,
      evolver: { name: evolver.name, description: evolver.description, generic: evolver.generic },
      state,
      eventCount,
      firstEvent,
      lastEvent,
    }),
  };
}

/** The state of `streamId` after `events` (its events in revision order). */
export function foldStreamState(
  streamId: string,
  events: Iterable<RecordedEvent>,
  registry: readonly StreamEvolverEntry[] = streamEvolvers,
  reader: AuditReader = 'admin',
): StreamState {
  const folder = streamStateFolder(streamId, registry, reader);
  folder.apply(events);
  return folder.result();
}
