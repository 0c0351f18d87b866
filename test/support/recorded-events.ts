import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../../application/ports/index.ts';

export interface RecordedLog {
  /**
   * Records `events` on `streamId` as one append would: one transaction, the next positions of the log, the
   * next revisions of the stream. `recordedAt` is each event's `occurredAt`, so rows are deterministic.
   */
  append(streamId: string, events: readonly NewEvent[]): RecordedEvent[];
}

/**
 * An in-memory stand-in for the log's numbering, for projector tests that need `RecordedEvent`s without an
 * event store: positions start at 1, transaction ids at 1000, and both only increase.
 */
export function recordedLog(): RecordedLog {
  let position = 0n;
  let transactionId = 999n;
  const revisions = new Map<string, number>();
  return {
    append(streamId, events) {
      transactionId += 1n;
      return events.map((event) => {
        position += 1n;
        const revision = (revisions.get(streamId) ?? -1) + 1;
        revisions.set(streamId, revision);
        return {
          eventId: event.eventId ?? randomUUID(),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          schemaVersion: event.schemaVersion ?? 1,
          streamId,
          revision,
          position,
          checkpoint: { transactionId, position },
          recordedAt: new Date(event.metadata.occurredAt),
        };
      });
    },
  };
}
