import type { RecordedEvent } from '../ports/index.ts';

/**
 * How the events of one kind of stream add up to a state, for "what did it look like then". Aggregates bring
 * their decider's `evolve`; a stream without one gets {@link genericStreamEvolver}.
 */
export interface StreamEvolver<S = unknown> {
  readonly name: string;
  readonly description: string;
  /** True for the fallback that knows nothing of the domain: its state is a guess, and says so. */
  readonly generic: boolean;
  readonly initialState: () => S;
  // A method, so that an evolver of any state fits a registry of `StreamEvolver<unknown>` (bivariant).
  evolve(state: S, event: RecordedEvent): S;
}

/** The generic fold: every event's data shallow-merged over the previous ones, later fields winning. */
export type GenericStreamState = Readonly<Record<string, unknown>>;

export const genericStreamEvolver: StreamEvolver<GenericStreamState> = {
  name: 'generic',
  description:
    'no evolver knows this stream: the state is the shallow merge of the data of its events ({...state, ...data}), ' +
    'not a domain state',
  generic: true,
  initialState: () => ({}),
  evolve: (state, event) => ({ ...state, ...(event.data as Record<string, unknown>) }),
};
