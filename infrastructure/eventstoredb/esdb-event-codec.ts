import {
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
  type ResolvedEvent,
  jsonEvent,
} from '@eventstore/db-client';
import type { EventMetadata } from '../../domain/shared/index.ts';
import {
  type Checkpoint,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  UnreadableEventError,
  type Upcaster,
  upcast,
} from '../../application/ports/index.ts';

/**
 * How TBot's events look in EventStoreDB: JSON data, and the event's metadata as the custom metadata with
 * the schema version beside it, plus `$correlationId`/`$causationId` (EventStoreDB's own names, which its
 * projections and UI read).
 */
interface StoredMetadata extends EventMetadata {
  readonly schemaVersion: number;
  readonly $correlationId: string;
  readonly $causationId: string;
}

/**
 * A checkpoint in EventStoreDB's `$all`: its commit position as `transactionId`, its prepare position as
 * `position`. `$all` is ordered by (commit, prepare) exactly as `compareCheckpoints` orders the pair, and both
 * fit the `projections.checkpoints` columns (xid8 and bigint) up to 2^63 bytes of log.
 */
export function checkpointOf(position: Position): Checkpoint {
  return { transactionId: position.commit, position: position.prepare };
}

export function positionOf(checkpoint: Checkpoint): Position {
  return { commit: checkpoint.transactionId, prepare: checkpoint.position };
}

export function expectedRevisionOf(expected: ExpectedRevision): AppendExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

export function toEventData(event: NewEvent, eventId: string): EventData {
  const metadata: StoredMetadata = {
    ...event.metadata,
    schemaVersion: event.schemaVersion ?? 1,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
  };
  return jsonEvent({
    id: eventId,
    type: event.type,
    data: event.data as JSONType,
    metadata: metadata as unknown as JSONType,
  });
}

/** System streams and events (`$`-named) are EventStoreDB's own: no TBot reader sees them. */
export function isSystemEvent(resolved: ResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** Maps an event read from EventStoreDB to a recorded event, upcasting old schema versions on the way. */
export function toRecordedEvent(resolved: ResolvedEvent, upcasters: readonly Upcaster[]): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new Error('a resolved event without its event');
  const position = event.position ?? { commit: 0n, prepare: 0n };
  const checkpoint = checkpointOf(position);
  const {
    schemaVersion = 1,
    $correlationId,
    $causationId,
    ...metadata
  } = (event.metadata ?? {}) as Partial<StoredMetadata>;
  void $correlationId;
  void $causationId;
  let current: ReturnType<typeof upcast>;
  try {
    if (!event.isJson) throw new Error('the event is not JSON');
    current = upcast({ type: event.type, schemaVersion, data: event.data }, upcasters);
  } catch (error) {
    const ref = {
      eventId: event.id,
      type: event.type,
      streamId: event.streamId,
      position: position.prepare,
      checkpoint,
    };
    throw new UnreadableEventError(ref, error);
  }
  return {
    eventId: event.id,
    type: current.type,
    data: current.data as object,
    metadata: metadata as EventMetadata,
    schemaVersion: current.schemaVersion,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: position.prepare,
    checkpoint,
    recordedAt: event.created,
  };
}
