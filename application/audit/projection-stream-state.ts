import type { ProjectionOperatorEvent } from '../../domain/projections/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { RecordedEvent } from '../ports/index.ts';
import type { StreamEvolver } from './stream-evolver.ts';

/** One operator's act on a projection: when, by whom (`kind:id`), why. */
export interface ProjectionAct {
  readonly at: string;
  readonly by: string;
  readonly reason?: string;
}

/** A parked event an operator retried or skipped. */
export interface ProjectionEventAct extends ProjectionAct {
  readonly position: string | null;
  readonly eventType: string | null;
  readonly error: string | null;
}

/** What the acts on stream `projection-NAME` add up to. */
export interface ProjectionStreamState {
  readonly projection: string | null;
  readonly rebuilds: number;
  readonly lastRebuild: (ProjectionAct & { readonly eventsApplied: number | null }) | null;
  readonly resets: number;
  readonly lastReset: ProjectionAct | null;
  readonly retries: number;
  readonly lastRetry: ProjectionEventAct | null;
  /** Every event skipped: the read model never reflected them. */
  readonly skippedEvents: readonly ProjectionEventAct[];
  /** Events of a type this fold does not know (a newer TBot wrote them). */
  readonly unknownEvents: number;
}

const OPERATOR_EVENT_TYPES: ReadonlySet<string> = new Set<ProjectionOperatorEvent['type']>([
  'ProjectionRebuilt',
  'ProjectionReset',
  'ProjectionRetried',
  'ProjectionEventSkipped',
]);

function isOperatorEvent(event: RecordedEvent): event is RecordedEvent<ProjectionOperatorEvent> {
  return OPERATOR_EVENT_TYPES.has(event.type);
}

function act(event: RecordedEvent): ProjectionAct {
  const { actor, occurredAt, reason } = event.metadata;
  return { at: occurredAt, by: `${actor.kind}:${actor.id}`, ...(reason === undefined ? {} : { reason }) };
}

function eventAct(event: RecordedEvent<ProjectionOperatorEvent>): ProjectionEventAct {
  const { position, eventType, error } = event.data;
  return { ...act(event), position: position ?? null, eventType: eventType ?? null, error: error ?? null };
}

/** Folds `projection-NAME` (rebuilds, resets, retries and skips, DESIGN.md "Projections") into a summary. */
export const projectionStreamEvolver: StreamEvolver<ProjectionStreamState> = {
  name: 'projection',
  description: 'operator acts on a projection (rebuild, reset, retry, skip)',
  generic: false,
  initialState: () => ({
    projection: null,
    rebuilds: 0,
    lastRebuild: null,
    resets: 0,
    lastReset: null,
    retries: 0,
    lastRetry: null,
    skippedEvents: [],
    unknownEvents: 0,
  }),
  evolve(state, event) {
    if (!isOperatorEvent(event)) return { ...state, unknownEvents: state.unknownEvents + 1 };
    const next = { ...state, projection: event.data.projection };
    switch (event.type) {
      case 'ProjectionRebuilt':
        return {
          ...next,
          rebuilds: state.rebuilds + 1,
          lastRebuild: { ...act(event), eventsApplied: event.data.eventsApplied ?? null },
        };
      case 'ProjectionReset':
        return { ...next, resets: state.resets + 1, lastReset: act(event) };
      case 'ProjectionRetried':
        return { ...next, retries: state.retries + 1, lastRetry: eventAct(event) };
      case 'ProjectionEventSkipped':
        return { ...next, skippedEvents: [...state.skippedEvents, eventAct(event)] };
      default:
        return assertNever(event);
    }
  },
};
