import type { Selectable } from 'kysely';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import {
  type RecordedEvent,
  UnreadableEventError,
  type Upcaster,
  upcast,
} from '../../../application/ports/index.ts';
import type { EventsTable } from '../../postgres/database-schema.ts';

/** A row of `es.events` as pg returns it (int8 and xid8 as strings), typed once, by its table. */
export type EventRow = Selectable<EventsTable>;

/** Every column of the row, checked against the table. */
const EVENT_COLUMN_NAMES = [
  'position',
  'transaction_id',
  'event_id',
  'stream_id',
  'revision',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
] as const satisfies readonly (keyof EventsTable)[];

export const EVENT_COLUMNS = EVENT_COLUMN_NAMES.join(', ');

/** Maps a stored row to a recorded event, upcasting old schema versions on the way. */
export function toRecordedEvent(row: EventRow, upcasters: readonly Upcaster[]): RecordedEvent {
  const position = BigInt(row.position);
  const checkpoint = { transactionId: BigInt(row.transaction_id), position };
  let current: ReturnType<typeof upcast>;
  try {
    current = upcast({ type: row.type, schemaVersion: row.schema_version, data: row.data }, upcasters);
  } catch (error) {
    // Names the event, so that a projection reading it parks on it instead of failing its batch forever.
    const event = { eventId: row.event_id, type: row.type, streamId: row.stream_id, position, checkpoint };
    throw new UnreadableEventError(event, error);
  }
  return {
    eventId: row.event_id,
    type: current.type,
    data: current.data as object,
    metadata: row.metadata as EventMetadata,
    schemaVersion: current.schemaVersion,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position,
    checkpoint,
    recordedAt: row.recorded_at,
  };
}
