import { type RecordedEvent, formatCheckpoint } from '../../../application/ports/index.ts';

/** How `tbot events` prints one event as JSON: the position as a string (int8), the checkpoint as `tx/pos`. */
export interface EventJson {
  readonly position: string;
  readonly checkpoint: string;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

export function eventJson(event: RecordedEvent): EventJson {
  return {
    position: String(event.position),
    checkpoint: formatCheckpoint(event.checkpoint),
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

/** `JSON.stringify` that prints bigints as strings (positions) rather than throwing. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item),
    indent,
  );
}
