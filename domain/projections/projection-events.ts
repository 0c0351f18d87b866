import type { Event } from '../shared/index.ts';

/**
 * What an operator's act on a projection records (DESIGN.md, "Projections": nothing is skipped silently; a
 * retry or skip is audited). The event that failed is named by its position, type and the summary of its error.
 */
export interface ProjectionActData {
  /** The projection's name (`audit`). */
  readonly projection: string;
  /** Global position of the parked event retried or skipped. */
  readonly position?: string;
  readonly eventType?: string;
  /**
   * What failed, as the parked projection recorded it: the error's class and code, a SQLSTATE, schema names;
   * never an error message or detail, which may quote the event's data and would outlive any forget here.
   */
  readonly error?: string;
  /** Events the rebuilt read model was built from. */
  readonly eventsApplied?: number;
}

/** The read model was built again beside the live one and switched to. */
export type ProjectionRebuilt = Event<'ProjectionRebuilt', ProjectionActData>;
/** The live read model was emptied: its owner replays the log into it from the start. */
export type ProjectionReset = Event<'ProjectionReset', ProjectionActData>;
/** A parked projection was told to try its failing event again. */
export type ProjectionRetried = Event<'ProjectionRetried', ProjectionActData>;
/** A parked projection was moved past its failing event, which its read model will never reflect. */
export type ProjectionEventSkipped = Event<'ProjectionEventSkipped', ProjectionActData>;

export type ProjectionOperatorEvent =
  ProjectionRebuilt | ProjectionReset | ProjectionRetried | ProjectionEventSkipped;

/** The stream an operator's acts on projection `name` are appended to. */
export const projectionStreamId = (name: string): string => `projection-${name}`;
