import type { Command } from './command.ts';
import type { Event } from './event.ts';

/**
 * The three pure pieces of an aggregate (Emmett's decider): the state before any event, how an event
 * changes the state, and which events a command produces given the state. `decide` throws a
 * {@link DomainError} when the command is refused.
 */
export interface Decider<C extends Command, E extends Event, S> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S) => readonly E[];
  /**
   * The schema version each event type is written at today; a type not named is at 1. Bump a type's version
   * with the upcaster that lifts its older events to it, so that new events are not upcast again on read.
   */
  readonly schemaVersions?: SchemaVersions<E>;
}

/** Schema version per event type of a decider (a type not named is at 1). */
export type SchemaVersions<E extends Event> = { readonly [T in E['type']]?: number };

/** The version an event of `type` is written at. */
export function schemaVersionOf<E extends Event>(
  versions: SchemaVersions<E> | undefined,
  type: E['type'],
): number {
  return versions?.[type] ?? 1;
}

/** Folds events onto the decider's initial state. */
export function fold<C extends Command, E extends Event, S>(
  decider: Decider<C, E, S>,
  events: Iterable<E>,
): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
