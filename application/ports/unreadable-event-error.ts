import type { Checkpoint } from './checkpoint.ts';

/** Where an unreadable event is in the log: enough to park a projection on it, and nothing of its data. */
export interface UnreadableEventRef {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly position: bigint;
  readonly checkpoint: Checkpoint;
}

/**
 * An event read from the log that cannot be turned into a recorded event (its data does not decrypt, an
 * upcaster fails on it): it names the event, so that a projection parks on it instead of failing its whole
 * batch again and again. The message holds the event's place and type only; the cause says what failed.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  readonly code = 'EVENT_STORE.UNREADABLE_EVENT';

  constructor(
    readonly event: UnreadableEventRef,
    cause: unknown,
  ) {
    super(`Event ${event.position} (${event.type}) in ${event.streamId} cannot be read`, { cause });
  }
}
