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
