import type { RecordedEvent } from '../../application/ports/index.ts';
import type { MonitoringEvent } from '../../domain/monitoring/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { isPersonActor } from '../audit/event-summary.ts';
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

/**
 * The name of an actor as the read model may keep it: a node's, a job's or an account's; never a person's
 * (encrypted in the log with their key, gone once they are forgotten): the queries read it from the users'
 * read models while it is known.
 */
export const keptActorName = (actor: Actor): string | null => (isPersonActor(actor) ? null : actor.name);
