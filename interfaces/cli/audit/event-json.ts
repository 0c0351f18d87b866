import { type AuditReader, redactEventData } from '../../../application/audit/index.ts';
import { type RecordedEvent, formatCheckpoint } from '../../../application/ports/index.ts';

/**
 * Whoever runs `tbot events` holds the database's credentials: they read as an admin, personal data included,
 * and still never see a secret (a password hash, a token digest) in what is printed.
 */
const CLI_READER: AuditReader = 'admin';

/**
 * How `tbot events` prints one event as JSON: the position as a string (int8), the checkpoint as `tx/pos`, the
 * data redacted (`EVENT_DATA_REDACTIONS`): every output of events (list, show, tail) goes through here.
 */
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
    data: redactEventData(event.type, event.data, CLI_READER),
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
