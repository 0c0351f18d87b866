import type { EventMetadata } from './event.ts';

/**
 * A command: an imperative request (`HireEmployee`) with its data and the metadata its events will carry.
 * Ids, the current time and the actor all arrive here; the domain never makes them up.
 */
export interface Command<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}
