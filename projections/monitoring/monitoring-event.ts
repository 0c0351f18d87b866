import type { RecordedEvent } from '../../application/ports/index.ts';
import type { MonitoringEvent } from '../../domain/monitoring/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { storableData } from '../storable-data.ts';

/** A recorded monitoring event narrowed to its type, with when it happened and who did it. */
export type Recorded<E extends MonitoringEvent = MonitoringEvent> = E & {
  readonly at: string;
  readonly actor: Actor;
};

/**
 * The subscription delivers only the types the projector asks for; its strings are made storable, so no
 * text in the log can fail the read model's writes (`storableData`).
 */
export const asMonitoringEvent = (recorded: RecordedEvent): Recorded =>
  ({
    type: recorded.type,
    data: storableData(recorded.data),
    at: recorded.metadata.occurredAt,
    actor: storableData(recorded.metadata.actor),
  }) as Recorded;
